// Staff login over real HTTP, as a browser and Siyu's backend go through it: the QR login page, its 302
// with a code, auth/getuserinfo, and the /__sim/login-code control.
import { DEMO_TENANT } from './demo-tenant';
import { startSimulator, type RunningSimulator } from './server';

let now = Date.UTC(2025, 0, 6, 2, 0, 0);
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ clock: () => now });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
});

async function control(path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function getuserinfo(code: string) {
  const t = (await (await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${DEMO_TENANT.corpId}&corpsecret=${DEMO_TENANT.secret}`)).json()) as {
    access_token: string;
  };
  const res = await fetch(`${sim.url}/cgi-bin/auth/getuserinfo?${new URLSearchParams({ access_token: t.access_token, code })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const loginUrl = (redirect: string, state: string) =>
  `${sim.url}/wwlogin/sso/login?${new URLSearchParams({ login_type: 'CorpApp', appid: DEMO_TENANT.corpId, agentid: DEMO_TENANT.agentId, redirect_uri: redirect, state })}`;

describe('staff login over HTTP', () => {
  it('serves the picker page, then 302 to redirect_uri with code and state; the code resolves once', async () => {
    const redirect = 'http://127.0.0.1:3000/auth/wecom/callback?next=%2Fconsole';
    const page = await fetch(loginUrl(redirect, 'Csrf0123'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    const html = await page.text();
    expect(html).toContain('模拟企业微信扫码登录');
    const href = /href="([^"]+)" data-userid="zhangsan"/.exec(html)?.[1]?.replace(/&#38;/g, '&');
    expect(href).toBeDefined();

    const pick = await fetch(new URL(href ?? '', page.url), { redirect: 'manual' });
    expect(pick.status).toBe(302);
    const location = new URL(pick.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('http://127.0.0.1:3000/auth/wecom/callback');
    expect(location.searchParams.get('next')).toBe('/console');
    expect(location.searchParams.get('state')).toBe('Csrf0123');
    const code = location.searchParams.get('code') ?? '';
    expect(await getuserinfo(code)).toEqual({ errcode: 0, errmsg: 'ok', userid: 'zhangsan' });
    expect(await getuserinfo(code)).toMatchObject({ errcode: 40029 });
  });

  it('answers bad parameters with a 400 error page that names the errcode', async () => {
    const res = await fetch(loginUrl('http://127.0.0.1:3000/cb', 'x'.repeat(129)), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('errcode: 40058');
  });

  it('issues codes through /__sim/login-code with the same rules', async () => {
    const member = await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId, userid: 'lisi' });
    expect(member.status).toBe(200);
    const visitor = await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId, openid: 'oVisitor0001' });
    expect(await getuserinfo(String(member.body.code))).toMatchObject({ errcode: 0, userid: 'lisi' });
    expect(await getuserinfo(String(visitor.body.code))).toEqual({ errcode: 0, errmsg: 'ok', openid: 'oVisitor0001' });
    const late = await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId, userid: 'lisi' });
    now += 300_001;
    expect(await getuserinfo(String(late.body.code))).toMatchObject({ errcode: 40029 });

    expect((await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId, userid: 'ghost' })).status).toBe(404);
    expect((await control('/__sim/login-code', { corpId: 'wwnobody', userid: 'lisi' })).status).toBe(404);
    expect((await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId, userid: 'lisi', openid: 'o1' })).status).toBe(400);
    expect((await control('/__sim/login-code', { corpId: DEMO_TENANT.corpId })).status).toBe(400);
  });
});
