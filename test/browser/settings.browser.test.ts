// 设置 in a real browser: the tenant as the API shows it (secrets never), the super-admin saves the notify
// list and red-packet alert (yuan → fen), API keys are created (shown once), listed and revoked, sessions
// listed and revoked; an admin member (张三) reads the settings without the form; a staff member sees nothing;
// custom fields are defined and deleted, the stage pipeline edited as an ordered list.
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

describe('自定义字段与客户阶段 in 设置', () => {
  type Field = { id: string; name: string; type: string; options?: string[]; maxLength?: number; status: string };
  const fields = async () => (await adminCall<{ items: Field[] }>(bw, 'GET', `${base()}/customer-fields`)).items;

  it('defines a choice field and a text field with a max length, and deletes one after a confirm', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    await p.locator('[data-test=field-form]').waitFor();
    await p.locator('[data-test=field-form-name]').fill('客户来源');
    await p.locator('[data-test=field-form-type]').selectOption('single');
    await p.locator('[data-test=field-form-options]').fill('展会\n官网\n转介绍');
    await p.locator('[data-test=field-form-save]').click();
    await p.locator('[data-test=field-row]', { hasText: '客户来源' }).waitFor();
    await p.locator('[data-test=field-form-name]').fill('备注');
    await p.locator('[data-test=field-form-type]').selectOption('text');
    await p.locator('[data-test=field-form-max]').fill('50');
    await p.locator('[data-test=field-form-save]').click();
    const memo = p.locator('[data-test=field-row]', { hasText: '备注' });
    await memo.waitFor();
    expect(await memo.locator('[data-test=field-rule]').innerText()).toBe('最长 50 字');
    expect((await fields()).map((f) => [f.name, f.type, f.options ?? f.maxLength])).toEqual([
      ['客户来源', 'single', ['展会', '官网', '转介绍']],
      ['备注', 'text', 50],
    ]);

    p.once('dialog', (d) => void d.accept());
    await memo.locator('[data-test=field-delete]').click();
    await memo.waitFor({ state: 'detached' });
    expect((await fields()).find((f) => f.name === '备注')?.status).toBe('deleted');
  });

  it('shows an API refusal (a bad definition) and saves nothing', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    await p.locator('[data-test=field-form]').waitFor();
    await p.locator('[data-test=field-form-name]').fill('等级');
    await p.locator('[data-test=field-form-type]').selectOption('multi');
    await p.locator('[data-test=field-form-options]').fill('A\nA');
    await p.locator('[data-test=field-form-save]').click();
    await p.locator('[data-test=fields-error]').waitFor();
    expect((await fields()).some((f) => f.name === '等级')).toBe(false);
  });

  it('edits the stage pipeline as an ordered list and saves it', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/settings`);
    await p.locator('[data-test=stage-item]').first().waitFor();
    const names = () => p.locator('[data-test=stage-name]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(await names()).toEqual(['新客', '意向', '成交', '复购']);
    await p.locator('[data-test=stage-new]').fill('流失');
    await p.locator('[data-test=stage-add]').click();
    await p.locator('[data-test=stage-item]').nth(1).locator('[data-test=stage-down]').click(); // 意向 ↔ 成交
    await p.locator('[data-test=stage-item]').nth(3).locator('[data-test=stage-remove]').click(); // 复购
    await p.locator('[data-test=stage-name]').nth(0).fill('新客户');
    expect(await names()).toEqual(['新客户', '成交', '意向', '流失']);
    await p.locator('[data-test=stages-save]').click();
    await p.locator('[data-test=stages-notice]').waitFor();
    expect(await adminCall(bw, 'GET', `${base()}/customer-stages`)).toEqual({ stages: ['新客户', '成交', '意向', '流失'], isDefault: false });
    await p.screenshot({ path: 'test-artifacts/console-settings-fields.png', fullPage: true });
  });
});
