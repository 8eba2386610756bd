// The session half of authentication: a signed `siyu_session` cookie → the member's Principal, with the role
// re-derived on every request from the tenant's settings and the staff directory (member-role.ts), so a
// resigned member or a changed role takes effect at once. Writes need the CSRF token (double-submit) and,
// when the browser sends one, an Origin/Referer of our own host. `authenticateRequest` picks the API key
// (Authorization header) or the session; Bearer keys are exempt from the CSRF check.
import type { Clock } from '../clock';
import type { StaffRecord } from '../domain/staff';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { msg } from '../i18n/messages';
import type { TenantStore } from '../tenants/tenant';
import { authenticate, type AuthenticateDeps, type Principal } from './authenticate';
import { memberRole } from './member-role';
import { csrfTokenMatches, readSessionToken, SESSION_COOKIE, sessionState, shortIdOf, type SessionRecord, type SessionStore } from './session';

export interface SessionAuthDeps {
  sessions: SessionStore;
  /** SESSION_SECRET; unset: session cookies are not accepted. */
  sessionKey: string | undefined;
  tenants: Pick<TenantStore, 'get'>;
  staffRegistry: { get(corpId: string, userId: string): Promise<StaffRecord | undefined> };
  clock: Clock;
}

export interface SessionPrincipal {
  principal: Principal;
  session: SessionRecord;
  /** The session's random id (for its CSRF token). */
  id: string;
}

/** The member behind a session cookie value; 401 when it is missing, forged, ended, or its member is gone. */
export async function authenticateSession(deps: SessionAuthDeps, cookieValue: string | undefined): Promise<SessionPrincipal> {
  if (!deps.sessionKey) throw new UnauthorizedError(msg('session_missing'));
  const token = readSessionToken(deps.sessionKey, cookieValue);
  if (!token) throw new UnauthorizedError(msg('session_missing'));
  const session = await deps.sessions.get(token.corpId, token.idHash);
  if (!session) throw new UnauthorizedError(msg('session_missing'));
  const nowMs = deps.clock.now();
  const state = sessionState(session, nowMs);
  if (state === 'ended') {
    await deps.sessions.delete(session.corpId, session.idHash);
    throw new UnauthorizedError(msg('session_missing'));
  }
  const keyId = `session:${shortIdOf(session.idHash)}`;
  let principal: Principal;
  if (session.superadmin) {
    principal = { role: 'superadmin', corpId: session.corpId, userId: session.userId, keyId };
  } else {
    const [tenant, member] = await Promise.all([deps.tenants.get(session.corpId), deps.staffRegistry.get(session.corpId, session.userId)]);
    const role = tenant ? memberRole(tenant, member, session.userId) : undefined;
    if (!role) {
      await deps.sessions.delete(session.corpId, session.idHash);
      throw new UnauthorizedError(msg('session_member_gone'));
    }
    principal = { role: role.role, corpId: session.corpId, userId: session.userId, department: role.department, keyId };
  }
  if (state === 'touch') {
    const lastSeenAt = new Date(nowMs).toISOString();
    await deps.sessions.touch(session.corpId, session.idHash, lastSeenAt);
    session.lastSeenAt = lastSeenAt;
  }
  return { principal, session, id: token.id };
}

export interface RequestCredentials {
  method: string;
  authorization: string | undefined;
  cookies: Record<string, string>;
  csrfHeader: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
  /** The Host the request came to (for the Origin/Referer check). */
  host: string | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 403 unless a write carries the session's CSRF token and, when sent, an Origin/Referer of this host. */
export function checkCsrf(sessionKey: string, id: string, r: RequestCredentials): void {
  if (SAFE_METHODS.has(r.method)) return;
  if (!csrfTokenMatches(sessionKey, id, r.csrfHeader)) throw new ForbiddenError(msg('csrf_failed'));
  const source = r.origin ?? r.referer;
  if (source === undefined || source === '') return;
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    throw new ForbiddenError(msg('csrf_failed'));
  }
  if (!r.host || host.toLowerCase() !== r.host.toLowerCase()) throw new ForbiddenError(msg('csrf_failed'));
}

/** An API key when an Authorization header is sent, else the session cookie (CSRF-checked on writes). */
export async function authenticateRequest(deps: AuthenticateDeps & SessionAuthDeps, r: RequestCredentials): Promise<Principal> {
  if (r.authorization !== undefined || r.cookies[SESSION_COOKIE] === undefined) return authenticate(deps, r.authorization);
  const s = await authenticateSession(deps, r.cookies[SESSION_COOKIE]);
  checkCsrf(deps.sessionKey!, s.id, r);
  return s.principal;
}

/** A session reaches only its own corp (the super-admin role of a dev session included). */
export function checkSessionCorp(principal: Principal, corpId: string): void {
  if (principal.keyId.startsWith('session:') && principal.corpId !== corpId) throw new ForbiddenError(msg('session_other_tenant'));
}
