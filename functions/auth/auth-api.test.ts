// The login routes on fakes: the QR/OAuth start, the callback's every refusal (forged, replayed or expired
// code, state missing or mismatched, non-member, resigned or unknown member, another corp's code, open
// redirect), logout with and without the CSRF token, /auth/me, the dev one-time link; then the session
// on the admin API: accepted like a key for the member's role, CSRF on writes, own corp only, resigned
// member and ended session refused, the operation log naming the member, and the admins' session list/revoke.
import { sha256Hex } from '../../shared/auth/api-key';
import { CSRF_COOKIE, LOGIN_STATE_COOKIE, SESSION_COOKIE, SESSION_IDLE_MS } from '../../shared/auth/session';
import { languageOf, toHttpError } from '../../shared/http/error-handler';
import { apiEvent } from '../../test/support/api-events';
import { adminCall, adminFakes, SESSION_KEY, type AdminFakes } from '../../test/support/fakes/admin';
import { fakeTenant } from '../../test/support/fakes/tenants';
import { makeAuthApi, mintDevLoginToken } from './auth-api';

const OTHER = 'wwothercorp00001';

async function world() {
  const f = await adminFakes();
  const tenant = await f.tenants.get(f.corpId);
  await f.tenants.put({ ...tenant!, agentId: '1000002', admins: ['zhangsan'], managers: { lisi: 2 } });
  await f.tenants.put(await fakeTenant(f.secrets, OTHER, { agentId: '1000009' }));
  for (const [userId, status, department] of [
    ['zhangsan', 'active', [1]],
    ['lisi', 'active', [2]],
    ['wangwu', 'active', [2]],
    ['zhaoliu', 'resigned', [2]],
  ] as const) {
    await f.staffRegistry.apply({ corpId: f.corpId, userId, changedAt: 1, rank: 0, status, department: [...department] });
  }
  const deps = {
    ...f.deps,
    sessionKey: SESSION_KEY,
    config: { loginBase: 'https://login.example', oauthBase: 'https://oauth.example', publicBaseUrl: 'https://siyu.example', devLogin: true },
  };
  const api = makeAuthApi(deps);
  const jar: Record<string, string> = {};
  const send = async (
    method: string,
    path: string,
    o: { query?: Record<string, string>; headers?: Record<string, string>; jar?: Record<string, string> } = {},
  ) => {
    const cookies = Object.entries(o.jar ?? jar).map(([k, v]) => `${k}=${v}`);
    const event = { ...apiEvent({ method, path, headers: { host: 'siyu.example', ...o.headers }, ...(o.query ? { query: o.query } : {}) }), cookies };
    const res = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
    for (const c of res.cookies ?? []) {
      const [pair = ''] = c.split(';');
      const [k = '', v = ''] = pair.split('=');
      if (v === '') delete jar[k];
      else jar[k] = v;
    }
    return { status: res.statusCode ?? 200, headers: res.headers ?? {}, cookies: res.cookies ?? [], body: String(res.body ?? '') };
  };
  return { f, deps, send, jar };
}

/** start → the state WeCom would echo back. */
async function started(w: Awaited<ReturnType<typeof world>>, corpId: string, next?: string) {
  const res = await w.send('GET', '/auth/wecom/start', { query: { corpId, ...(next ? { next } : {}) } });
  expect(res.status).toBe(302);
  return new URL(String(res.headers.location)).searchParams.get('state')!;
}

async function loggedIn(w: Awaited<ReturnType<typeof world>>, userid: string) {
  const state = await started(w, w.f.corpId);
  const code = w.f.wecom.loginCode(w.f.corpId, { userid }, w.f.clock.now);
  const res = await w.send('GET', '/auth/wecom/callback', { query: { code, state } });
  expect(res.status).toBe(302);
  return res;
}

const sessionCount = (f: AdminFakes) => f.sessions.list(f.corpId).then((l) => l.length);

describe('WeCom login start', () => {
  it('302s to the QR login (CorpApp, agentid, our callback) or the in-client OAuth URL, with the state also in a short-lived HttpOnly cookie', async () => {
    const w = await world();
    const qr = await w.send('GET', '/auth/wecom/start', { query: { corpId: w.f.corpId, next: '/console/channels' } });
    const url = new URL(String(qr.headers.location));
    expect(`${url.origin}${url.pathname}`).toBe('https://login.example/wwlogin/sso/login');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      login_type: 'CorpApp',
      appid: w.f.corpId,
      agentid: '1000002',
      redirect_uri: 'https://siyu.example/auth/wecom/callback',
    });
    expect(url.searchParams.get('state')).toMatch(/^[0-9a-f]{64}$/);
    expect(qr.cookies[0]).toMatch(new RegExp(`^${LOGIN_STATE_COOKIE}=.+; Path=/auth/; Max-Age=600; HttpOnly; Secure; SameSite=Lax$`));
    const oauth = await w.send('GET', '/auth/wecom/start', { query: { corpId: w.f.corpId, mode: 'oauth' } });
    const o = String(oauth.headers.location);
    expect(o.startsWith('https://oauth.example/connect/oauth2/authorize?appid=')).toBe(true);
    expect(o.endsWith('#wechat_redirect')).toBe(true);
    expect(o).toContain('scope=snsapi_base');
  });

  it('without PUBLIC_BASE_URL sends WeCom back to the origin the request came to: http on the local stack, the forwarded protocol behind API Gateway', async () => {
    const w = await world();
    const api = makeAuthApi({ ...w.deps, config: { ...w.deps.config, publicBaseUrl: undefined } });
    const redirectUri = async (headers: Record<string, string>) => {
      const res = await api(apiEvent({ method: 'GET', path: '/auth/wecom/start', headers, query: { corpId: w.f.corpId } }));
      return new URL(String(res.headers?.location)).searchParams.get('redirect_uri');
    };
    expect(await redirectUri({ host: '127.0.0.1:3000' })).toBe('http://127.0.0.1:3000/auth/wecom/callback');
    expect(await redirectUri({ host: 'localhost:3000' })).toBe('http://localhost:3000/auth/wecom/callback');
    expect(await redirectUri({ host: 'scrm.example.cn', 'x-forwarded-proto': 'https' })).toBe('https://scrm.example.cn/auth/wecom/callback');
  });

  it('refuses an open-redirect next, an unknown mode, and a corp without agentId with a 4xx page, setting no cookie', async () => {
    const w = await world();
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'console', '/a\nb']) {
      const res = await w.send('GET', '/auth/wecom/start', { query: { corpId: w.f.corpId, next } });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('validation_failed');
      expect(res.body).toContain('跳转地址');
      expect(res.cookies).toEqual([]);
    }
    expect((await w.send('GET', '/auth/wecom/start', { query: { corpId: w.f.corpId, mode: 'x' } })).status).toBe(400);
    const t = await w.f.tenants.get(w.f.corpId);
    await w.f.tenants.put({ ...t!, agentId: undefined });
    const res = await w.send('GET', '/auth/wecom/start', { query: { corpId: w.f.corpId } });
    expect(res.status).toBe(400);
    expect(res.body).toContain('AgentId');
  });
});

describe('WeCom login callback', () => {
  it('opens a session for a member: signed HttpOnly session cookie, readable CSRF cookie, 302 to next; /auth/me answers the role', async () => {
    const w = await world();
    const state = await started(w, w.f.corpId, '/console/customers?x=1');
    const code = w.f.wecom.loginCode(w.f.corpId, { userid: 'lisi' }, w.f.clock.now);
    const res = await w.send('GET', '/auth/wecom/callback', { query: { code, state } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/console/customers?x=1');
    expect(res.cookies[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=${w.f.corpId}\\..+; Path=/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$`));
    expect(res.cookies[1]).toMatch(new RegExp(`^${CSRF_COOKIE}=.+; Path=/; Max-Age=28800; Secure; SameSite=Lax$`));
    const rows = await w.f.sessions.list(w.f.corpId);
    expect(rows).toHaveLength(1);
    // Only the id's hash is stored: the cookie's id is not in the row.
    const id = w.jar[SESSION_COOKIE]!.split('.')[1]!;
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(rows[0]!.idHash).toBe(sha256Hex(id));
    const me = await w.send('GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({ corpId: w.f.corpId, userid: 'lisi', role: 'manager', department: '2' });
  });

  it.each([
    [
      'a forged code',
      (w: Awaited<ReturnType<typeof world>>) => (w.f.wecom.loginCode(w.f.corpId, { userid: 'zhangsan' }, w.f.clock.now), 'forged-code'),
      401,
      'unauthorized',
    ],
    [
      'an expired code (5 min)',
      (w: Awaited<ReturnType<typeof world>>) => {
        const code = w.f.wecom.loginCode(w.f.corpId, { userid: 'zhangsan' }, w.f.clock.now);
        w.f.clock.advance(5 * 60_000);
        return code;
      },
      401,
      'unauthorized',
    ],
    [
      'a non-member (openid)',
      (w: Awaited<ReturnType<typeof world>>) => w.f.wecom.loginCode(w.f.corpId, { openid: 'oOPEN123' }, w.f.clock.now),
      403,
      'forbidden',
    ],
    ['a resigned member', (w: Awaited<ReturnType<typeof world>>) => w.f.wecom.loginCode(w.f.corpId, { userid: 'zhaoliu' }, w.f.clock.now), 403, 'forbidden'],
    [
      'a member unknown to the directory (another corp’s userid)',
      (w: Awaited<ReturnType<typeof world>>) => w.f.wecom.loginCode(w.f.corpId, { userid: `${OTHER}/zhangsan` }, w.f.clock.now),
      403,
      'forbidden',
    ],
    [
      'a code of another corp',
      (w: Awaited<ReturnType<typeof world>>) => w.f.wecom.loginCode(OTHER, { userid: 'zhangsan' }, w.f.clock.now),
      401,
      'unauthorized',
    ],
  ])('refuses %s with a clear page and opens no session', async (_name, codeOf, status, code) => {
    const w = await world();
    const state = await started(w, w.f.corpId);
    const res = await w.send('GET', '/auth/wecom/callback', { query: { code: codeOf(w), state } });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(code);
    expect(res.cookies).toEqual([]);
    expect(await sessionCount(w.f)).toBe(0);
  });

  it('refuses a replayed code (single use): the second callback gets 401 and no second session', async () => {
    const w = await world();
    const state = await started(w, w.f.corpId);
    const code = w.f.wecom.loginCode(w.f.corpId, { userid: 'zhangsan' }, w.f.clock.now);
    const jar = { ...w.jar };
    expect((await w.send('GET', '/auth/wecom/callback', { query: { code, state } })).status).toBe(302);
    const again = await w.send('GET', '/auth/wecom/callback', { query: { code, state }, jar });
    expect(again.status).toBe(401);
    expect(again.body).toContain('登录凭证');
    expect(await sessionCount(w.f)).toBe(1);
  });

  it('refuses a missing or mismatched state (403) before the code is used', async () => {
    const w = await world();
    const state = await started(w, w.f.corpId);
    const code = w.f.wecom.loginCode(w.f.corpId, { userid: 'zhangsan' }, w.f.clock.now);
    const mismatch = await w.send('GET', '/auth/wecom/callback', { query: { code, state: 'f'.repeat(64) } });
    expect(mismatch.status).toBe(403);
    expect(mismatch.body).toContain('state');
    const noCookie = await w.send('GET', '/auth/wecom/callback', { query: { code, state }, jar: {} });
    expect(noCookie.status).toBe(403);
    const tampered = await w.send('GET', '/auth/wecom/callback', {
      query: { code, state },
      jar: { [LOGIN_STATE_COOKIE]: `${w.jar[LOGIN_STATE_COOKIE]!.split('.')[0]}.${'A'.repeat(43)}` },
    });
    expect(tampered.status).toBe(403);
    expect(w.f.wecom.callsTo('auth/getuserinfo')).toEqual([]);
    expect(await sessionCount(w.f)).toBe(0);
  });
});

describe('logout, me and the dev link', () => {
  it('logout needs the CSRF token (403, session kept); with it the session row is deleted and /auth/me answers 401', async () => {
    const w = await world();
    await loggedIn(w, 'zhangsan');
    expect((await w.send('POST', '/auth/logout')).status).toBe(403);
    expect((await w.send('POST', '/auth/logout', { headers: { 'x-csrf-token': 'wrong' } })).status).toBe(403);
    expect(await sessionCount(w.f)).toBe(1);
    const out = await w.send('POST', '/auth/logout', { headers: { 'x-csrf-token': w.jar[CSRF_COOKIE]!, origin: 'https://siyu.example' } });
    expect(out.status).toBe(200);
    expect(await sessionCount(w.f)).toBe(0);
    const me = await w.send('GET', '/auth/me', { jar: { [SESSION_COOKIE]: 'x' } });
    expect(me.status).toBe(401);
    expect(JSON.parse(me.body).error.code).toBe('unauthorized');
  });

  it('the dev link opens a super-admin session once; a second use or an expired link is 401', async () => {
    const w = await world();
    const token = await mintDevLoginToken(w.deps, w.f.corpId);
    const res = await w.send('GET', '/auth/dev-login', { query: { token } });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/console/');
    expect(JSON.parse((await w.send('GET', '/auth/me')).body)).toMatchObject({ corpId: w.f.corpId, role: 'superadmin' });
    expect((await w.send('GET', '/auth/dev-login', { query: { token }, jar: {} })).status).toBe(401);
    const late = await mintDevLoginToken(w.deps, w.f.corpId);
    w.f.clock.advance(15 * 60_000);
    expect((await w.send('GET', '/auth/dev-login', { query: { token: late }, jar: {} })).status).toBe(401);
    expect(await sessionCount(w.f)).toBe(1);
  });
});

describe('a session on the admin API', () => {
  async function admin(w: Awaited<ReturnType<typeof world>>) {
    const call = adminCall(w.f);
    return (method: string, path: string, o: { body?: unknown; headers?: Record<string, string>; corpId?: string } = {}) =>
      call(method, path, {
        ...o,
        headers: {
          authorization: undefined as unknown as string,
          cookie: Object.entries(w.jar)
            .map(([k, v]) => `${k}=${v}`)
            .join('; '),
          host: 'siyu.example',
          ...o.headers,
        },
      });
  }

  it('is accepted like a key of the member’s role; a write needs the CSRF token and a same-origin Origin; the operation log names the member', async () => {
    const w = await world();
    await loggedIn(w, 'zhangsan');
    const call = await admin(w);
    expect((await call('GET', '/quick-replies')).status).toBe(200);
    const body = { title: '退款', content: '流程' };
    for (const headers of [{} as Record<string, string>, { 'x-csrf-token': 'nope' }, { 'x-csrf-token': w.jar[CSRF_COOKIE]!, origin: 'https://evil.example' }]) {
      const res = await call('POST', '/quick-replies', { body, headers });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await w.f.quickReplies.list(w.f.corpId)).toEqual([]);
    const ok = await call('POST', '/quick-replies', { body, headers: { 'x-csrf-token': w.jar[CSRF_COOKIE]!, origin: 'https://siyu.example' } });
    expect(ok.status).toBe(201);
    const log = await adminCall(w.f)('GET', '/operation-log');
    expect(log.body.items[0].actor).toMatchObject({ role: 'admin', userId: 'zhangsan', keyId: expect.stringMatching(/^session:[0-9a-f]{16}$/) });
  });

  it('reaches only its own corp, and only what the role may (staff cannot write)', async () => {
    const w = await world();
    await loggedIn(w, 'wangwu');
    const call = await admin(w);
    expect((await call('GET', '/quick-replies', { corpId: OTHER })).status).toBe(403);
    const write = await call('POST', '/quick-replies', { body: { title: 'a', content: 'b' }, headers: { 'x-csrf-token': w.jar[CSRF_COOKIE]! } });
    expect(write.status).toBe(403);
    expect(await w.f.quickReplies.list(w.f.corpId)).toEqual([]);
  });

  it('is refused at once when its member resigns, and after 2 h idle or 8 h in all', async () => {
    const w = await world();
    await loggedIn(w, 'lisi');
    const call = await admin(w);
    expect((await call('GET', '/quick-replies')).status).toBe(200);
    await w.f.staffRegistry.apply({ corpId: w.f.corpId, userId: 'lisi', changedAt: 2, rank: 3, status: 'resigned' });
    expect((await call('GET', '/quick-replies')).status).toBe(401);
    expect(await sessionCount(w.f)).toBe(0);

    await loggedIn(w, 'wangwu');
    w.f.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await call('GET', '/quick-replies')).status).toBe(200); // refreshed
    w.f.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await call('GET', '/quick-replies')).status).toBe(200);
    w.f.clock.advance(SESSION_IDLE_MS);
    expect((await call('GET', '/quick-replies')).status).toBe(401);

    await loggedIn(w, 'wangwu');
    for (let i = 0; i < 8; i++) {
      w.f.clock.advance(3600_000);
      expect((await call('GET', '/quick-replies')).status).toBe(i < 7 ? 200 : 401);
    }
  });

  it('admins list sessions (member, role, times, agent, ip) and revoke one, which ends it at once', async () => {
    const w = await world();
    await loggedIn(w, 'wangwu');
    const staffJar = { ...w.jar };
    await loggedIn(w, 'zhangsan');
    const call = await admin(w);
    const list = await call('GET', '/sessions');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const staff = list.body.items.find((s: { userId: string }) => s.userId === 'wangwu');
    expect(staff).toMatchObject({ role: 'staff', ip: '127.0.0.1', userAgent: 'test', id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const revoked = await call('DELETE', `/sessions/${staff.id}`, { headers: { 'x-csrf-token': w.jar[CSRF_COOKIE]! } });
    expect(revoked.status).toBe(200);
    Object.assign(w.jar, staffJar);
    expect((await (await admin(w))('GET', '/customers')).status).toBe(401);
    expect((await adminCall(w.f)('DELETE', `/sessions/${staff.id}`)).status).toBe(404);
  });
});
