// WeCom login in a real browser: the console's login page → Siyu's /auth/wecom/start → the simulator's QR
// login page (企业微信扫码登录) → pick the member who "scans" → /auth/wecom/callback → the console, signed in
// as that member with the role the tenant's settings give. A non-member is refused and gets no session.
import { browserWorld } from './harness';

const bw = browserWorld();

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

async function toWecomPage() {
  const p = await bw.page({ login: false });
  await p.goto(`${bw.url}/console/`);
  await p.locator('[data-test=login-page]').waitFor();
  await p.locator('input[name=corpId]').fill(bw.corpId);
  await p.locator('[data-test=wecom-login]').click();
  await p.getByText('模拟企业微信扫码登录').first().waitFor();
  return p;
}

describe('WeCom login in a real browser', () => {
  it('signs an admin member in through the simulator’s QR page and shows who is signed in', async () => {
    const p = await toWecomPage();
    await p.getByRole('link', { name: /张三/ }).click();
    await p.locator('[data-test=member]').waitFor();
    expect(new URL(p.url()).pathname.startsWith('/console/')).toBe(true);
    expect(await p.locator('[data-test=member]').innerText()).toContain('zhangsan · 管理员');
    const cookies = await p.context().cookies(bw.url);
    const session = cookies.find((c) => c.name === 'siyu_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    // The session reaches the admin API (the cookie is accepted wherever a key is).
    const me = await p.evaluate(async () => (await fetch('/auth/me')).json());
    expect(me).toMatchObject({ corpId: bw.corpId, userid: 'zhangsan', role: 'admin' });
  });

  it('refuses a non-member: an error page, and no session', async () => {
    const p = await toWecomPage();
    await p.getByRole('link', { name: /非企业成员/ }).click();
    await p.waitForLoadState();
    expect(new URL(p.url()).pathname).toBe('/auth/wecom/callback');
    expect(await p.locator('body').innerText()).toMatch(/错误代码 \/ code: \w+/);
    expect((await p.context().cookies(bw.url)).some((c) => c.name === 'siyu_session')).toBe(false);
  });
});
