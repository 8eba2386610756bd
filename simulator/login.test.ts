// Staff login on the simulator's state: the QR login and OAuth pages, their codes and auth/getuserinfo.
import { DEMO_TENANT } from './demo-tenant';
import { OAUTH_AUTHORIZE_PATH, QR_LOGIN_PATH, redirectWithCode, visitorOpenId } from './apis/login';
import type { SimConfig, SimCorp } from './model';
import { SimState } from './state';

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
const OTHER: SimCorp = {
  corpId: 'wwlogincorp00002',
  secret: 'other-secret',
  agentId: '1000009',
  staff: [
    { userId: 'amy', name: 'Amy' },
    { userId: 'gone', name: '离职的人', status: 5 },
    { userId: 'off', name: '停用的人', status: 2 },
  ],
};
const CALLBACK = 'https://siyu.example.com/auth/wecom/callback?corpId=wwsiyudemo000001';

function setup(config: Partial<SimConfig> = {}) {
  let now = T0;
  const state = new SimState({ clock: () => now, config, corps: [OTHER] });
  const advance = (ms: number) => {
    now += ms;
  };
  const token = async (corpid = DEMO_TENANT.corpId, corpsecret = DEMO_TENANT.secret) =>
    String((await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid, corpsecret } })).access_token);
  const userinfo = async (code: string, corpid = DEMO_TENANT.corpId, corpsecret = DEMO_TENANT.secret) =>
    state.dispatch({ method: 'GET', path: '/cgi-bin/auth/getuserinfo', query: { access_token: await token(corpid, corpsecret), code } });
  const qr = (extra: Record<string, string> = {}, drop: string[] = []) => {
    const q: Record<string, string> = {
      login_type: 'CorpApp',
      appid: DEMO_TENANT.corpId,
      agentid: DEMO_TENANT.agentId,
      redirect_uri: CALLBACK,
      state: 'abcXYZ0123456789',
      ...extra,
    };
    for (const k of drop) delete q[k];
    return state.loginPage(QR_LOGIN_PATH, 'GET', new URLSearchParams(q));
  };
  const oauth = (extra: Record<string, string> = {}) =>
    state.loginPage(
      OAUTH_AUTHORIZE_PATH,
      'GET',
      new URLSearchParams({ appid: DEMO_TENANT.corpId, redirect_uri: CALLBACK, response_type: 'code', scope: 'snsapi_base', state: 's1', ...extra }),
    );
  /** The code and state a 302 carries. */
  const codeOf = (location: string | undefined) => {
    const u = new URL(location ?? 'missing:');
    return { code: u.searchParams.get('code') ?? '', state: u.searchParams.get('state'), url: u };
  };
  return { state, advance, token, userinfo, qr, oauth, codeOf };
}

describe('the QR login page', () => {
  it('lists the active members of the corp and a non-member, each link being the same URL plus who', () => {
    // Given the demo corp and another corp with a resigned and a disabled member
    const { qr, state } = setup();
    // When the page is opened without a choice
    const page = qr();
    // Then it is the picker, listing every demo member as a link carrying sim_userid, and a non-member
    expect(page.status).toBe(200);
    expect(page.html).toContain('模拟企业微信扫码登录');
    for (const s of state.corp(DEMO_TENANT.corpId).staff.values()) {
      expect(page.html).toContain(`data-userid="${s.userId}"`);
      expect(page.html).toContain(s.name);
    }
    const link = /href="([^"]+)" data-userid="lisi"/.exec(page.html ?? '')?.[1]?.replace(/&#38;/g, '&') ?? '';
    const params = new URL(link, 'http://sim').searchParams;
    expect(params.get('sim_userid')).toBe('lisi');
    expect(params.get('redirect_uri')).toBe(CALLBACK);
    expect(params.get('state')).toBe('abcXYZ0123456789');
    expect(page.html).toContain('以非企业成员身份');
    expect(page.html).toContain(`data-openid="${visitorOpenId(DEMO_TENANT.corpId)}"`);
    // And the other corp's page leaves out members who resigned or are disabled
    const other = qr({ appid: OTHER.corpId, agentid: '1000009' });
    expect(other.html).toContain('data-userid="amy"');
    expect(other.html).not.toContain('data-userid="gone"');
    expect(other.html).not.toContain('data-userid="off"');
  });

  it('redirects with a code and the state once a member is picked, keeping the query of redirect_uri', async () => {
    const { qr, codeOf, userinfo } = setup();
    const r = qr({ sim_userid: 'zhangsan' });
    expect(r.status).toBe(302);
    const { code, state, url } = codeOf(r.location);
    expect(url.origin + url.pathname).toBe('https://siyu.example.com/auth/wecom/callback');
    expect(url.searchParams.get('corpId')).toBe(DEMO_TENANT.corpId);
    expect(state).toBe('abcXYZ0123456789');
    expect(code).toMatch(/^[A-Za-z0-9]+$/);
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(512);
    expect(await userinfo(code)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
  });

  it('escapes names in the page', () => {
    const { qr, state } = setup();
    state.registerCorp({ ...OTHER, staff: [{ userId: 'x1', name: '<script>alert(1)</script>' }] });
    const page = qr({ appid: OTHER.corpId, agentid: '1000009' });
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&#60;script&#62;');
  });
});

describe('redirectWithCode', () => {
  it('appends with ? or &, and keeps a fragment last', () => {
    expect(redirectWithCode('https://a.example/cb', 'C', 'S')).toBe('https://a.example/cb?code=C&state=S');
    expect(redirectWithCode('https://a.example/cb?x=1', 'C', 'S')).toBe('https://a.example/cb?x=1&code=C&state=S');
    expect(redirectWithCode('https://a.example/cb?', 'C', '')).toBe('https://a.example/cb?code=C&state=');
    expect(redirectWithCode('https://a.example/cb?x=1#top', 'C', 'S')).toBe('https://a.example/cb?x=1&code=C&state=S#top');
  });
});

describe('auth/getuserinfo', () => {
  it('resolves a code once; the second use answers 40029', async () => {
    const { qr, codeOf, userinfo } = setup();
    const { code } = codeOf(qr({ sim_userid: 'wangwu' }).location);
    expect(await userinfo(code)).toMatchObject({ errcode: 0, userid: 'wangwu' });
    expect(await userinfo(code)).toMatchObject({ errcode: 40029, errmsg: expect.stringContaining('invalid code') });
  });

  it('accepts a code for 300 s on the simulator clock, then answers 40029', async () => {
    const { state, advance, userinfo } = setup();
    const a = state.issueLoginCode(DEMO_TENANT.corpId, { userid: 'lisi' });
    const b = state.issueLoginCode(DEMO_TENANT.corpId, { userid: 'lisi' });
    advance(300_000);
    expect(await userinfo(a)).toMatchObject({ errcode: 0, userid: 'lisi' });
    advance(1);
    expect(await userinfo(b)).toMatchObject({ errcode: 40029 });
  });

  it("answers 40029 to another corp's token, and the code stays usable by its own corp", async () => {
    const { state, userinfo } = setup();
    const code = state.issueLoginCode(DEMO_TENANT.corpId, { userid: 'zhangsan' });
    expect(await userinfo(code, OTHER.corpId, OTHER.secret)).toMatchObject({ errcode: 40029 });
    expect(await userinfo(code)).toMatchObject({ errcode: 0, userid: 'zhangsan' });
  });

  it('gives a non-member an openid (stable per corp) and no userid', async () => {
    const { qr, codeOf, userinfo } = setup();
    const openid = visitorOpenId(DEMO_TENANT.corpId);
    const r = await userinfo(codeOf(qr({ sim_openid: openid }).location).code);
    expect(r).toEqual({ errcode: 0, errmsg: 'ok', openid });
    expect(r).not.toHaveProperty('userid');
    expect(visitorOpenId(DEMO_TENANT.corpId)).toBe(openid);
    expect(visitorOpenId(OTHER.corpId)).not.toBe(openid);
  });

  it('answers 40029 to an unknown code and 41008 without one; checks the token first', async () => {
    const { state, userinfo } = setup();
    expect(await userinfo('nosuchcode')).toMatchObject({ errcode: 40029 });
    expect(await userinfo('')).toMatchObject({ errcode: 41008 });
    const code = state.issueLoginCode(DEMO_TENANT.corpId, { userid: 'lisi' });
    expect(await state.dispatch({ method: 'GET', path: '/cgi-bin/auth/getuserinfo', query: { code } })).toMatchObject({ errcode: 41001 });
    expect(await state.dispatch({ method: 'GET', path: '/cgi-bin/auth/getuserinfo', query: { access_token: 'forged', code } })).toMatchObject({
      errcode: 40014,
    });
    // The refused calls did not consume the code
    expect(await userinfo(code)).toMatchObject({ errcode: 0, userid: 'lisi' });
  });

  it('counts toward the rate limit and is recorded', async () => {
    const { state, token } = setup({ ratePerMinute: 2 });
    const t = await token();
    const codes = [];
    for (let i = 0; i < 3; i++) {
      const code = state.issueLoginCode(DEMO_TENANT.corpId, { userid: 'lisi' });
      codes.push((await state.dispatch({ method: 'GET', path: '/cgi-bin/auth/getuserinfo', query: { access_token: t, code } })).errcode);
    }
    expect(codes).toEqual([0, 0, 45009]);
    const calls = state.calls({ path: 'auth/getuserinfo', corpId: DEMO_TENANT.corpId });
    expect(calls.map((c) => c.errcode)).toEqual([0, 0, 45009]);
    expect(calls[0]?.query.access_token).toBe('***');
  });
});

describe('bad login requests', () => {
  const cases: Array<[string, Record<string, string>, string[], number]> = [
    ['no appid', {}, ['appid'], 41002],
    ['unknown corp', { appid: 'wwnobody' }, [], 40013],
    ['login_type ServiceApp', { login_type: 'ServiceApp' }, [], 40058],
    ['no login_type', {}, ['login_type'], 40058],
    ['no agentid for CorpApp', {}, ['agentid'], 41011],
    ['another app', { agentid: '1000009' }, [], 40056],
    ['no redirect_uri', {}, ['redirect_uri'], 40058],
    ['relative redirect_uri', { redirect_uri: '/auth/wecom/callback' }, [], 40058],
    ['javascript: redirect_uri', { redirect_uri: 'javascript:alert(1)' }, [], 40058],
    ['state over 128 bytes', { state: 'a'.repeat(129) }, [], 40058],
    ['state with other characters', { state: 'abc-def' }, [], 40058],
    ['lang fr', { lang: 'fr' }, [], 40058],
    ['a non-member userid', { sim_userid: 'ghost' }, [], 60111],
    ['both userid and openid', { sim_userid: 'lisi', sim_openid: 'oabc' }, [], 40058],
    ['a malformed openid', { sim_openid: 'x'.repeat(65) }, [], 40058],
  ];
  it.each(cases)('refuses %s on the QR page with a 400 error page and no code', (_name, extra, drop, errcode) => {
    const { qr, state } = setup();
    const r = qr(extra, drop);
    expect(r.status).toBe(400);
    expect(r.location).toBeUndefined();
    expect(r.html).toContain(`errcode: ${errcode}`);
    expect(r.errcode).toBe(errcode);
    expect(state.corp(DEMO_TENANT.corpId).loginCodes.size).toBe(0);
  });

  const oauthCases: Array<[string, Record<string, string>, number]> = [
    ['response_type token', { response_type: 'token' }, 40058],
    ['scope snsapi_userinfo', { scope: 'snsapi_userinfo' }, 40058],
    ['scope snsapi_privateinfo (not simulated)', { scope: 'snsapi_privateinfo' }, 40058],
    ['a wrong agentid', { agentid: '42' }, 40056],
    ['state with a space', { state: 'a b' }, 40058],
  ];
  it.each(oauthCases)('refuses %s on the OAuth page', (_name, extra, errcode) => {
    const { oauth } = setup();
    const r = oauth(extra);
    expect(r).toMatchObject({ status: 400, errcode });
  });

  it('accepts a state of exactly 128 characters and no state at all', () => {
    const { qr } = setup();
    expect(qr({ state: 'a'.repeat(128) }).status).toBe(200);
    expect(qr({}, ['state']).status).toBe(200);
  });

  it('records the refused page with its errcode', () => {
    const { qr, state } = setup();
    qr({ agentid: '1' });
    expect(state.calls({ corpId: DEMO_TENANT.corpId }).filter((c) => c.path === QR_LOGIN_PATH)).toEqual([
      expect.objectContaining({ method: 'GET', errcode: 40056, query: expect.objectContaining({ agentid: '1' }) }),
    ]);
  });
});

describe('members who may not log in', () => {
  it('refuses a resigned or disabled member on the page and in the control API', () => {
    const { qr, state } = setup();
    for (const userid of ['gone', 'off']) {
      const r = qr({ appid: OTHER.corpId, agentid: '1000009', sim_userid: userid });
      expect(r).toMatchObject({ status: 400, errcode: 60111 });
      expect(() => state.issueLoginCode(OTHER.corpId, { userid })).toThrow(/not an active member/);
    }
    expect(state.corp(OTHER.corpId).loginCodes.size).toBe(0);
  });
});

describe('in-client OAuth', () => {
  it('works like the QR page: picker without a choice, 302 with code and state after one', async () => {
    const { oauth, codeOf, userinfo } = setup();
    expect(oauth({ agentid: DEMO_TENANT.agentId }).html).toContain('data-userid="zhaoliu"');
    const { code, state } = codeOf(oauth({ sim_userid: 'zhaoliu' }).location);
    expect(state).toBe('s1');
    expect(await userinfo(code)).toMatchObject({ errcode: 0, userid: 'zhaoliu' });
  });

  it('forgets codes on reset', async () => {
    const { state, userinfo } = setup();
    const code = state.issueLoginCode(DEMO_TENANT.corpId, { openid: 'oVisitor1' });
    state.reset();
    expect(await userinfo(code)).toMatchObject({ errcode: 40029 });
  });
});
