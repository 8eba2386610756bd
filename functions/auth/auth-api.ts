// The login routes (/auth/…): WeCom QR/OAuth start and callback, logout, who am I, and the local stack's
// one-time dev login. `makeAuthApi(deps)` is the whole function on its ports (the handler only wires; tests
// and the end-to-end run call it directly). Errors on GET routes are a small Chinese-first HTML page carrying
// the error code (a browser lands there); other routes answer the JSON error shape.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../shared/auth/api-key';
import { memberRole } from '../../shared/auth/member-role';
import { requestCredentials } from '../../shared/auth/request-credentials';
import {
  clearCookie,
  CSRF_COOKIE,
  csrfTokenOf,
  LOGIN_STATE_COOKIE,
  newSessionToken,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  sessionTimes,
  setCookie,
  type SessionRecord,
} from '../../shared/auth/session';
import { authenticateSession, checkCsrf, type SessionAuthDeps } from '../../shared/auth/session-auth';
import { AppError, ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../../shared/errors';
import { headerOf, queryOf, requestOrigin } from '../../shared/http/api-event';
import { languageOf, toHttpError } from '../../shared/http/error-handler';
import { msg } from '../../shared/i18n/messages';
import { apiOfTenant, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { corpIdSchema } from '../../shared/tenants/tenant.schema';
import { loginIdentity } from '../../shared/wecom/login-identity';
import { matchLoginState, newLoginState, safeNext, wecomLoginUrl, type LoginMode } from './login-url';

export const LOGIN_STATE_MAX_AGE_S = 600;
export const DEV_LOGIN_USER = 'dev-superadmin';

export interface AuthConfig {
  /** WECOM_LOGIN_BASE (QR login) and WECOM_OAUTH_BASE (in-client OAuth). */
  loginBase: string;
  oauthBase: string;
  /** PUBLIC_BASE_URL: where WeCom sends the browser back; unset: the request's origin (shared/http/api-event.ts requestOrigin). */
  publicBaseUrl?: string | undefined;
  /** SIYU_DEV_LOGIN=1 (the local stack only): /auth/dev-login opens a super-admin session with a one-time token. */
  devLogin: boolean;
}

export type AuthDeps = SessionAuthDeps & TenantApiDeps & { config: AuthConfig };

type Result = APIGatewayProxyStructuredResultV2;

const redirect = (location: string, cookies: string[] = []): Result => ({ statusCode: 302, headers: { location, 'cache-control': 'no-store' }, cookies });

function sessionCookies(key: string, token: { id: string; cookie: string }): string[] {
  const maxAgeS = SESSION_ABSOLUTE_MS / 1000;
  return [
    setCookie(SESSION_COOKIE, token.cookie, { maxAgeS }),
    setCookie(CSRF_COOKIE, csrfTokenOf(key, token.id), { maxAgeS, httpOnly: false }),
    clearCookie(LOGIN_STATE_COOKIE, { path: '/auth/' }),
  ];
}

function requireKey(deps: AuthDeps): string {
  // Without a signing key no session can be opened: configuration, not the caller's fault.
  if (!deps.sessionKey) throw new Error('SESSION_SECRET is not configured');
  return deps.sessionKey;
}

async function openSession(deps: AuthDeps, event: APIGatewayProxyEventV2, corpId: string, userId: string, superadmin: boolean) {
  const key = requireKey(deps);
  const token = newSessionToken(key, corpId);
  const record: SessionRecord = {
    corpId,
    idHash: token.idHash,
    userId,
    ...(superadmin ? { superadmin: true } : {}),
    ...sessionTimes(deps.clock.now()),
    userAgent: (headerOf(event, 'user-agent') ?? event.requestContext.http.userAgent)?.slice(0, 256),
    ip: event.requestContext.http.sourceIp,
  };
  await deps.sessions.put(record);
  return sessionCookies(key, token);
}

function callbackUrl(deps: AuthDeps, event: APIGatewayProxyEventV2): string {
  const base = deps.config.publicBaseUrl ?? requestOrigin(event) ?? `https://${event.requestContext.domainName}`;
  return `${base.replace(/\/+$/, '')}/auth/wecom/callback`;
}

async function start(deps: AuthDeps, event: APIGatewayProxyEventV2): Promise<Result> {
  const q = queryOf(event);
  const corp = corpIdSchema.safeParse(q.corpId);
  if (!corp.success) throw new ValidationError(msg('invalid_corp_id'), { details: [{ field: 'corpId', message: 'required: 1-64 of [A-Za-z0-9_-]' }] });
  const mode = (q.mode ?? 'qr') as LoginMode;
  if (mode !== 'qr' && mode !== 'oauth') throw new ValidationError(msg('login_bad_request'), { details: [{ field: 'mode', message: 'qr or oauth' }] });
  const next = safeNext(q.next);
  if (next === undefined) throw new ValidationError(msg('login_bad_next'), { details: [{ field: 'next', message: 'a path starting with one /' }] });
  const tenant = await deps.tenants.get(corp.data);
  if (!tenant) throw new NotFoundError(msg('unknown_tenant'));
  if (!tenant.agentId) throw new ValidationError(msg('login_no_agent'), { details: [{ field: 'agentId', message: 'required for login' }] });
  const { state, cookie } = newLoginState(requireKey(deps), corp.data, next);
  const url = wecomLoginUrl({
    mode,
    loginBase: deps.config.loginBase,
    oauthBase: deps.config.oauthBase,
    corpId: corp.data,
    agentId: tenant.agentId,
    redirectUri: callbackUrl(deps, event),
    state,
  });
  return redirect(url, [setCookie(LOGIN_STATE_COOKIE, cookie, { maxAgeS: LOGIN_STATE_MAX_AGE_S, path: '/auth/' })]);
}

async function callback(deps: AuthDeps, event: APIGatewayProxyEventV2): Promise<Result> {
  const q = queryOf(event);
  const cookies = requestCredentials(event).cookies;
  const login = matchLoginState(requireKey(deps), cookies[LOGIN_STATE_COOKIE], q.state);
  if (!login) throw new ForbiddenError(msg('login_state_mismatch'));
  if (!q.code || q.code.length > 512) throw new UnauthorizedError(msg('login_code_invalid'));
  const tenant = await deps.tenants.get(login.corpId);
  if (!tenant) throw new NotFoundError(msg('unknown_tenant'));
  const who = await loginIdentity(await apiOfTenant(deps, tenant), q.code);
  if (!('userid' in who)) throw new ForbiddenError(msg('login_not_member'));
  // A member of another corp (互联企业: `CorpId/userid`) or one who left is not an active member of this directory.
  const role = memberRole(tenant, await deps.staffRegistry.get(login.corpId, who.userid), who.userid);
  if (!role) throw new ForbiddenError(msg('login_not_member'));
  return redirect(login.next, await openSession(deps, event, login.corpId, who.userid, false));
}

async function logout(deps: AuthDeps, event: APIGatewayProxyEventV2): Promise<Result> {
  const r = requestCredentials(event);
  const s = await authenticateSession(deps, r.cookies[SESSION_COOKIE]);
  checkCsrf(requireKey(deps), s.id, r);
  await deps.sessions.delete(s.session.corpId, s.session.idHash);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    cookies: [clearCookie(SESSION_COOKIE), clearCookie(CSRF_COOKIE, { httpOnly: false })],
    body: JSON.stringify({ loggedOut: true }),
  };
}

async function me(deps: AuthDeps, event: APIGatewayProxyEventV2): Promise<Result> {
  const { principal } = await authenticateSession(deps, requestCredentials(event).cookies[SESSION_COOKIE]);
  const body = {
    corpId: principal.corpId,
    userid: principal.userId,
    role: principal.role,
    ...(principal.department ? { department: principal.department } : {}),
  };
  return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
}

/** Mints the dev one-time login token (stored hashed, 15 minutes); the local stack prints `/auth/dev-login?token=…`. */
export async function mintDevLoginToken(deps: Pick<AuthDeps, 'sessions' | 'clock'>, corpId: string): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await deps.sessions.putLoginToken(corpId, sha256Hex(secret), new Date(deps.clock.now() + 15 * 60_000).toISOString());
  return `${corpId}.${secret}`;
}

async function devLogin(deps: AuthDeps, event: APIGatewayProxyEventV2): Promise<Result> {
  if (!deps.config.devLogin) throw new NotFoundError(msg('route_not_found'));
  const m = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(queryOf(event).token ?? '');
  if (!m) throw new UnauthorizedError(msg('dev_login_invalid'));
  const taken = await deps.sessions.takeLoginToken(m[1]!, sha256Hex(m[2]!));
  if (!taken || Date.parse(taken.expiresAt) <= deps.clock.now()) throw new UnauthorizedError(msg('dev_login_invalid'));
  return redirect('/console/', await openSession(deps, event, m[1]!, DEV_LOGIN_USER, true));
}

const ROUTES: Record<string, (deps: AuthDeps, event: APIGatewayProxyEventV2) => Promise<Result>> = {
  'GET /auth/wecom/start': start,
  'GET /auth/wecom/callback': callback,
  'POST /auth/logout': logout,
  'GET /auth/me': me,
  'GET /auth/dev-login': devLogin,
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A browser's error page: Chinese first, the English line and the error code below. */
function errorPage(e: AppError): Result {
  const body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录失败</title></head><body>
<h1>${escapeHtml(e.messageIn('zh-CN'))}</h1><p>${escapeHtml(e.messageIn('en'))}</p><p>错误代码 / code: <code>${escapeHtml(e.code)}</code></p>
<p><a href="/console/">返回 / back</a></p></body></html>`;
  return { statusCode: e.httpStatus, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body };
}

export function makeAuthApi(deps: AuthDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const method = event.requestContext.http.method.toUpperCase();
    const run = ROUTES[`${method} ${event.rawPath.replace(/\/+$/, '')}`];
    try {
      if (!run) throw new NotFoundError(msg('route_not_found'));
      return await run(deps, event);
    } catch (e) {
      if (!(e instanceof AppError) || !e.expose) throw e;
      return method === 'GET' && event.rawPath !== '/auth/me' ? errorPage(e) : toHttpError(e, languageOf(event));
    }
  };
}
