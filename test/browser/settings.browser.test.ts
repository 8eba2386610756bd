// 设置 in a real browser: the tenant as the API shows it (secrets never), the super-admin saves the notify
// list and red-packet alert (yuan → fen), API keys are created (shown once), listed and revoked, sessions
// listed and revoked; an admin member (张三) reads the settings without the form; a staff member sees nothing.
import { adminCall, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const base = () => `/admin/v1/tenants/${bw.corpId}`;

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

describe('设置 in a real browser', () => {
  it('shows the tenant and saves its notify list and red-packet alert', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    await p.locator('[data-test=tenant-form]').waitFor();
    const tenant = await adminCall<{ corpId: string; callbackPath: string }>(bw, 'GET', base());
    expect(await p.locator('[data-test=tenant-corpid]').innerText()).toBe(tenant.corpId);
    expect(await p.locator('[data-test=tenant-callback]').innerText()).toBe(tenant.callbackPath);
    expect(await p.locator('[data-test=tenant-admins]').innerText()).toBe('zhangsan');
    expect(await p.locator('[data-test=tenant-settings]').innerText()).not.toContain('***');

    await p.getByLabel('告警通知名单（userId）').fill('zhangsan\nlisi');
    await p.getByLabel('红包告警金额（元）').fill('88.8');
    await p.locator('[data-test=tenant-save]').click();
    await p.locator('[data-test=tenant-notice], [data-test=tenant-error]').first().waitFor();
    expect(await p.locator('[data-test=tenant-error]').count()).toBe(0);
    expect(await p.locator('[data-test=tenant-notice]').innerText()).toBe('设置已保存');
    expect(await adminCall(bw, 'GET', base())).toMatchObject({ notify: ['zhangsan', 'lisi'], redPacketAlertFen: 8880, admins: ['zhangsan'] });
  });

  it('creates an API key (shown once), lists it and revokes it', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    await p.locator('[data-test=key-form]').waitFor();
    await p.locator('[data-test=key-form-name]').fill('ERP 对接');
    await p.locator('[data-test=key-form-role]').selectOption('auditor');
    await p.locator('[data-test=key-form-save]').click();
    const key = (await p.locator('[data-test=new-key] code').innerText()).trim();
    const listed = (await adminCall<{ items: Array<{ id: string; name: string; status: string }> }>(bw, 'GET', `${base()}/api-keys`)).items;
    const made = listed.find((k) => k.name === 'ERP 对接');
    expect(made?.status).toBe('active');
    // The key shown works against the API, once.
    expect((await fetch(`${bw.url}${base()}/audit`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    const row = p.locator(`[data-test=key-row][data-id="${made!.id}"]`);
    expect(await row.locator('[data-test=key-status]').innerText()).toBe('有效');

    p.once('dialog', (d) => void d.accept());
    await row.locator('[data-test=key-revoke]').click();
    await row.locator('[data-test=key-status]', { hasText: '已吊销' }).waitFor();
    expect((await fetch(`${bw.url}${base()}/audit`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    await p.screenshot({ path: '/tmp/console-settings.png', fullPage: true });
  });

  it('lists sessions and signs a member out', async () => {
    const member = await pageAsMember(bw, /张三/);
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    const row = p.locator('[data-test=session-row]', { hasText: 'zhangsan' });
    await row.waitFor();
    p.once('dialog', (d) => void d.accept());
    await row.locator('[data-test=session-revoke]').click();
    await row.waitFor({ state: 'detached' });
    expect(await member.evaluate(async () => (await fetch('/auth/me')).status)).toBe(401);
  });

  it('shows an admin member the settings without the tenant form; a staff member nothing', async () => {
    const admin = await pageAsMember(bw, /张三/);
    await admin.goto(`${bw.url}/console/settings`);
    await admin.locator('[data-test=tenant-notify-text]').waitFor();
    expect(await admin.locator('[data-test=tenant-notify-text]').innerText()).toBe('zhangsan、lisi');
    expect(await admin.locator('[data-test=tenant-form]').count()).toBe(0);
    expect(await admin.locator('[data-test=key-form]').count()).toBe(1);

    const staff = await pageAsMember(bw, /李四/);
    await staff.goto(`${bw.url}/console/settings`);
    await staff.locator('[data-test=no-access]').waitFor();
    expect(await staff.locator('[data-test=api-keys]').count()).toBe(0);
  });
});
