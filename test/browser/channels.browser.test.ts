// 渠道活码 in a real browser against the real admin API, DynamoDB Local and the WeCom simulator: create a
// channel in the form (welcome preview, WeCom's add_contact_way recorded by the simulator, the QR code it
// returned shown), the list with the running totals the API returns, the per-day chart and table of seeded
// activity, edit, the API's message on a refusal, and a manager's read-only view; 新建获客链接 and editing a link
// in their form, with the API's 400 limit messages (name ≤ 30, members ≤ 500) next to the field.
import type { Page } from 'playwright-core';
import { adminCall, browserWorld, shanghaiDay } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

interface ChannelJson {
  id: string;
  name: string;
  qrCode: string;
  configId: string;
  state: string;
  stats: { total: { adds: number } };
}
const contactWayCalls = (path: string) => bw.world.sim.state.calls({ corpId: bw.corpId, path: `/cgi-bin/externalcontact/${path}` });

async function fillForm(p: Page, o: { name: string; staff: string; welcome?: string; cap?: string }) {
  await p.getByLabel('名称').fill(o.name);
  await p.getByLabel('接待员工').fill(o.staff);
  if (o.cap !== undefined) await p.getByLabel('每人每日添加上限').fill(o.cap);
  if (o.welcome !== undefined) await p.getByLabel('欢迎语').fill(o.welcome);
}

describe('渠道活码 in a real browser', () => {
  it('creates a channel in the form: previews the welcome, calls WeCom, shows the QR code WeCom returned', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/channels`);
    await p.locator('[data-test=empty]').waitFor();
    expect(await p.locator('[data-test=empty]').innerText()).toContain('新建渠道活码');
    // WeCom's image CDN, answered locally: the QR code must load under the console's CSP.
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await p.context().route('https://wework.qpic.cn/**', (r) => r.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
    await p.locator('[data-test=channel-create]').click();
    await fillForm(p, { name: '门店海报', staff: 'zhangsan, lisi', welcome: '你好 {{name}}，欢迎光临', cap: '50' });
    await p.getByLabel('客户备注').fill('门店');
    expect(await p.locator('[data-test=welcome-preview]').innerText()).toBe('你好 小王，欢迎光临');
    await p.locator('[data-test=f-save]').click();
    await p.locator('[data-test=channel-title]', { hasText: '门店海报' }).waitFor();

    const { items } = await adminCall<{ items: ChannelJson[] }>(bw, 'GET', '/channels');
    expect(items.map((c) => c.name)).toEqual(['门店海报']);
    const saved = items[0]!;
    const adds = contactWayCalls('add_contact_way');
    expect(adds).toHaveLength(1);
    expect(adds[0]!.body).toMatchObject({ user: ['zhangsan', 'lisi'], state: saved.state });
    expect(await p.locator('[data-test=qr]').getAttribute('src')).toBe(saved.qrCode);
    expect(await p.locator('[data-test=qr-download]').getAttribute('href')).toBe(saved.qrCode);
    // The image loaded (test files are typechecked without the DOM library: the element is read structurally).
    const qr = await p.locator('[data-test=qr]').elementHandle();
    await p.waitForFunction((img) => (img as unknown as { complete: boolean }).complete, qr);
    expect(await qr!.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await p.locator('[data-test=d-staff]').innerText()).toBe('zhangsan、lisi');
    expect(await p.locator('[data-test=d-cap]').innerText()).toBe('50');
    expect(await p.locator('[data-test=d-welcome]').innerText()).toBe('你好 {{name}}，欢迎光临');
    await p.screenshot({ path: '/tmp/console-channel.png', fullPage: true });
  });

  it('lists channels with the totals the API returns and charts a channel’s seeded days', async () => {
    const c = await adminCall<ChannelJson>(bw, 'POST', '/channels', { name: '抖音广告', staff: ['wangwu'] });
    const [d1, d2] = [shanghaiDay(-2), shanghaiDay(-1)];
    const add = (day: string, ext: string) =>
      bw.world.stores.activity.recordAdd({ corpId: bw.corpId, channelId: c.id, day, userId: 'wangwu', externalUserId: ext });
    for (const ext of ['wmA', 'wmB', 'wmC']) await add(d1, ext);
    for (const ext of ['wmD', 'wmE']) await add(d2, ext);
    await bw.world.stores.activity.recordDeletion({
      corpId: bw.corpId,
      channelId: c.id,
      day: d2,
      userId: 'wangwu',
      externalUserId: 'wmA',
      eventKey: 'k1',
      by: 'customer',
    });
    const api = await adminCall<{ items: Array<ChannelJson & { stats: { total: { adds: number; deletions: number; net: number } } }> }>(bw, 'GET', '/channels');
    const totals = api.items.find((x) => x.id === c.id)!.stats.total;

    const p = await bw.page();
    await p.goto(`${bw.url}/console/channels`);
    const row = p.locator(`[data-test=channel-row][data-id="${c.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-test=channel-adds]').innerText()).toBe(String(totals.adds));
    expect(await row.locator('[data-test=channel-deletions]').innerText()).toBe(String(totals.deletions));
    expect(await row.locator('[data-test=channel-net]').innerText()).toBe(String(totals.net));
    expect(totals).toMatchObject({ adds: 5, deletions: 1, net: 4 });

    await row.locator('[data-test=channel-name]').click();
    await p.locator('[data-test=day-table]').waitFor();
    const rows = await p.locator('[data-test=day-row]').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((x) => x.trim()))).toEqual([
      [d1, '3', '0', '3'],
      [d2, '2', '1', '1'],
    ]);
    const svg = await p.locator('[data-test=channel-chart] svg text').allTextContents();
    expect(svg).toEqual(expect.arrayContaining(['新增', '流失', '净增', d1.slice(5), d2.slice(5), '3', '2']));
  });

  it('edits a channel (WeCom gets the new staff) and shows the API’s message when WeCom refuses one', async () => {
    const c = await adminCall<ChannelJson>(bw, 'POST', '/channels', { name: '待编辑', staff: ['zhangsan'] });
    const p = await bw.page();
    await p.goto(`${bw.url}/console/channels/${c.id}/edit`);
    await p.getByLabel('接待员工').waitFor();
    expect(await p.getByLabel('名称').inputValue()).toBe('待编辑');
    await p.getByLabel('接待员工').fill('nobody-here');
    await p.locator('[data-test=f-save]').click();
    const err = await p.locator('[data-test=error]').innerText();
    const direct = await fetch(`${bw.url}/admin/v1/tenants/${bw.corpId}/channels/${c.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${bw.superKey}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ staff: ['nobody-here'] }),
    });
    expect(direct.status).toBeGreaterThanOrEqual(400);
    expect(err).toBe(((await direct.json()) as { error: { message: string } }).error.message);

    await p.getByLabel('接待员工').fill('lisi');
    await p.locator('[data-test=f-save]').click();
    await p.locator('[data-test=d-staff]', { hasText: 'lisi' }).waitFor();
    const updates = contactWayCalls('update_contact_way').filter((x) => (x.body as { config_id?: string }).config_id === c.configId);
    expect(updates.at(-1)!.body).toMatchObject({ user: ['lisi'] });
  });

  it('shows a manager the channels without create, edit or delete', async () => {
    const tenant = (await bw.world.stores.tenants.get(bw.corpId))!;
    await bw.world.stores.tenants.put({ ...tenant, managers: { zhaoliu: 3 } });
    const p = await bw.page({ login: false });
    await p.goto(`${bw.url}/console/`);
    await p.locator('input[name=corpId]').fill(bw.corpId);
    await p.locator('[data-test=wecom-login]').click();
    await p.getByRole('link', { name: /赵六/ }).click();
    await p.locator('[data-test=member]', { hasText: 'zhaoliu' }).waitFor();
    await p.goto(`${bw.url}/console/channels`);
    await p.locator('[data-test=channel-row]').first().waitFor();
    expect(await p.locator('[data-test=member]').innerText()).toContain('主管');
    expect(await p.locator('[data-test=channel-create]').count()).toBe(0);
    expect(await p.locator('[data-test=link-create]').count()).toBe(0);
    expect(await p.locator('[data-test=channel-edit]').count()).toBe(0);
    expect(await p.locator('[data-test=channel-delete]').count()).toBe(0);
  });
  it('shows a 获客链接 channel with the URL to publish (customer_channel = its state) and no contact-way edit', async () => {
    const link = await adminCall<ChannelJson & { link: { customerUrl: string } }>(bw, 'POST', '/acquisition-links', { name: '投放链接', staff: ['zhangsan'] });
    expect(new URL(link.link.customerUrl).searchParams.get('customer_channel')).toBe(link.state);
    const p = await bw.page();
    await p.goto(`${bw.url}/console/channels/${link.id}`);
    await p.locator('[data-test=acquisition-link]').waitFor();
    expect(await p.locator('[data-test=link-url]').getAttribute('href')).toBe(link.link.customerUrl);
    expect(await p.locator('[data-test=link-url]').innerText()).toBe(link.link.customerUrl);
    expect(await p.locator('[data-test=qr]').count()).toBe(0);
    expect(await p.locator(`a[href$="/channels/${link.id}/edit"]`).count()).toBe(0);
  });

  it('新建获客链接 and edits it: the 400 limit messages next to their field, WeCom gets the link, nothing saved on a refusal', async () => {
    const links = () => contactWayCalls('customer_acquisition/create_link');
    const before = links().length;
    const p = await bw.page();
    await p.goto(`${bw.url}/console/channels`);
    await p.locator('[data-test=link-create]').click();
    await p.locator('[data-test=link-form]').waitFor();
    const tooLong = '双十二直播间投放链接（抖音、视频号、小红书、朋友圈广告、公众号推文）';
    expect([...tooLong].length).toBeGreaterThan(30);
    const many = Array.from({ length: 501 }, (_, i) => `u${i}`);
    await p.getByLabel('链接名称').fill(tooLong);
    await p.getByLabel('使用成员').fill(many.join(','));
    await p.locator('[data-test=l-save]').click();
    await p.locator('[data-test=name-error]').waitFor();
    // What the API says about the same body, in Chinese, field by field.
    const res = await fetch(`${bw.url}/admin/v1/tenants/${bw.corpId}/acquisition-links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bw.superKey}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ name: tooLong, staff: many, skipVerify: true }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string; details: Array<{ field: string; message: string }> } };
    const detail = (f: string) =>
      error.details
        .filter((d) => d.field.split('.')[0] === f)
        .map((d) => d.message)
        .join('；');
    expect(detail('staff')).toContain('500');
    expect(await p.locator('[data-test=name-error]').innerText()).toBe(detail('name'));
    expect(await p.locator('[data-test=staff-error]').innerText()).toBe(detail('staff'));
    expect(await p.locator('[data-test=error]').innerText()).toContain(error.message);
    expect(links().length).toBe(before);
    await p.screenshot({ path: 'test-artifacts/console-link-form-errors.png', fullPage: true });

    await p.getByLabel('链接名称').fill('双十二直播间');
    await p.getByLabel('使用成员').fill('zhangsan, lisi');
    await p.getByLabel('客户添加时无需验证').uncheck();
    await p.locator('[data-test=l-save]').click();
    await p.locator('[data-test=acquisition-link]').waitFor();
    expect(await p.locator('[data-test=channel-title]').innerText()).toBe('双十二直播间');
    expect(links().length).toBe(before + 1);
    expect(links().at(-1)!.body).toMatchObject({ link_name: '双十二直播间', range: { user_list: ['zhangsan', 'lisi'] }, skip_verify: false });
    const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);
    expect(await adminCall<{ name: string; staff: string[]; skipVerify: boolean }>(bw, 'GET', `/channels/${id}`)).toMatchObject({
      name: '双十二直播间',
      staff: ['zhangsan', 'lisi'],
      skipVerify: false,
    });

    // Edit: the form holds the link as stored; the change reaches WeCom and the API.
    await p.locator('[data-test=link-edit]').click();
    await p.locator('[data-test=link-form]').waitFor();
    expect(await p.getByLabel('链接名称').inputValue()).toBe('双十二直播间');
    expect(await p.getByLabel('使用成员').inputValue()).toBe('zhangsan, lisi');
    expect(await p.getByLabel('客户添加时无需验证').isChecked()).toBe(false);
    await p.getByLabel('使用成员').fill('wangwu');
    await p.getByLabel('客户添加时无需验证').check();
    await p.locator('[data-test=l-save]').click();
    await p.locator('[data-test=acquisition-link]').waitFor();
    expect(contactWayCalls('customer_acquisition/update_link').at(-1)!.body).toMatchObject({ range: { user_list: ['wangwu'] }, skip_verify: true });
    expect(await adminCall<{ staff: string[]; skipVerify: boolean }>(bw, 'GET', `/channels/${id}`)).toMatchObject({ staff: ['wangwu'], skipVerify: true });
  });
});
