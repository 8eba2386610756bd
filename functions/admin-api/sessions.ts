// Operator sessions of a tenant for its admins: the list (member, role now, created, last seen, user agent,
// ip; never the id or its hash beyond the public short id) and revoke (the session ends at once).
import { memberRole } from '../../shared/auth/member-role';
import { SESSION_IDLE_MS, shortIdOf, type SessionRecord, type SessionStore } from '../../shared/auth/session';
import type { Clock } from '../../shared/clock';
import type { StaffRecord } from '../../shared/domain/staff';
import { NotFoundError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { SessionView } from './sessions.view';

export interface SessionAdminDeps {
  sessions: SessionStore;
  tenants: Pick<TenantStore, 'get'>;
  staffRegistry: { all(corpId: string): Promise<StaffRecord[]> };
  clock: Clock;
}

const live = (s: SessionRecord, nowMs: number) => Date.parse(s.expiresAt) > nowMs && nowMs - Date.parse(s.lastSeenAt) < SESSION_IDLE_MS;

export async function listSessions(deps: SessionAdminDeps, corpId: string): Promise<{ items: SessionView[] }> {
  const [sessions, tenant, staff] = await Promise.all([deps.sessions.list(corpId), deps.tenants.get(corpId), deps.staffRegistry.all(corpId)]);
  const byId = new Map(staff.map((m) => [m.userId, m]));
  const nowMs = deps.clock.now();
  const items = sessions
    .filter((s) => live(s, nowMs))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .map((s): SessionView => ({
      id: shortIdOf(s.idHash),
      userId: s.userId,
      name: byId.get(s.userId)?.name ?? null,
      role: s.superadmin ? 'superadmin' : (memberRole(tenant ?? {}, byId.get(s.userId), s.userId)?.role ?? null),
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent ?? null,
      ip: s.ip ?? null,
    }));
  return { items };
}

export async function revokeSession(deps: Pick<SessionAdminDeps, 'sessions'>, corpId: string, id: string): Promise<{ id: string; revoked: true }> {
  const found = (await deps.sessions.list(corpId)).filter((s) => shortIdOf(s.idHash) === id);
  if (found.length === 0) throw new NotFoundError(msg('session_not_found'));
  for (const s of found) await deps.sessions.delete(corpId, s.idHash);
  return { id, revoked: true as const };
}
