// WeCom login URLs and the login state (pure). QR scan: login.work.weixin.qq.com/wwlogin/sso/login
// (login_type=CorpApp, appid=corpId, agentid); in the WeCom client: open.weixin.qq.com/connect/oauth2/authorize
// (snsapi_base, #wechat_redirect) — wecom-frontier.md §2. The `state` is 32 random bytes in hex (WeCom allows
// a-zA-Z0-9, ≤128 bytes); the browser keeps it, with the corp and the `next` path, in a signed HttpOnly cookie.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type LoginMode = 'qr' | 'oauth';

export function wecomLoginUrl(o: {
  mode: LoginMode;
  loginBase: string;
  oauthBase: string;
  corpId: string;
  agentId: string;
  redirectUri: string;
  state: string;
}) {
  if (o.mode === 'qr') {
    const q = new URLSearchParams({ login_type: 'CorpApp', appid: o.corpId, agentid: o.agentId, redirect_uri: o.redirectUri, state: o.state });
    return `${o.loginBase.replace(/\/+$/, '')}/wwlogin/sso/login?${q.toString()}`;
  }
  const q = new URLSearchParams({
    appid: o.corpId,
    redirect_uri: o.redirectUri,
    response_type: 'code',
    scope: 'snsapi_base',
    state: o.state,
    agentid: o.agentId,
  });
  return `${o.oauthBase.replace(/\/+$/, '')}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`;
}

/** `next` after login: a path of ours only (starts with one `/`, no backslash, no control characters). */
export function safeNext(next: string | undefined): string | undefined {
  if (next === undefined || next === '') return '/console/';
  if (
    next.length > 1000 ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.includes('\\') ||
    [...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  )
    return undefined;
  return next;
}

const sign = (key: string, s: string) => createHmac('sha256', key).update(`login-state.${s}`, 'utf8').digest('base64url');

export interface LoginState {
  state: string;
  corpId: string;
  next: string;
}

export function newLoginState(key: string, corpId: string, next: string): { state: string; cookie: string } {
  const state = randomBytes(32).toString('hex');
  const payload = Buffer.from(JSON.stringify({ s: state, c: corpId, n: next }), 'utf8').toString('base64url');
  return { state, cookie: `${payload}.${sign(key, payload)}` };
}

/** The state the cookie holds when its signature is ours and its state equals `presented`; undefined otherwise. */
export function matchLoginState(key: string, cookie: string | undefined, presented: string | undefined): LoginState | undefined {
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(cookie ?? '');
  if (!m || !presented) return undefined;
  const expected = Buffer.from(sign(key, m[1]!));
  const given = Buffer.from(m[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as { s?: unknown; c?: unknown; n?: unknown };
    if (typeof v.s !== 'string' || typeof v.c !== 'string' || typeof v.n !== 'string') return undefined;
    const a = Buffer.from(v.s);
    const b = Buffer.from(presented);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    return { state: v.s, corpId: v.c, next: v.n };
  } catch {
    return undefined;
  }
}
