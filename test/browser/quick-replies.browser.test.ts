// 话术库 in a real browser: quick replies seeded through the API show by group, the group filter asks the API
// for one group, an admin adds one in the form (stored), and a staff member reads them without the form.
import { adminCall, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const path = () => `/admin/v1/tenants/${bw.corpId}/quick-replies`;
interface Groups {
  groups: Array<{ group: string; items: Array<{ title: string; content: string }> }>;
}

beforeAll(async () => {
  await bw.start();
  await adminCall(bw, 'POST', path(), { group: '售前', title: '开场白', content: '您好，我是您的专属顾问' });
  await adminCall(bw, 'POST', path(), { group: '售后', title: '退换货', content: '7 天无理由退换' });
}, 120_000);
afterAll(() => bw.close());

describe('话术库 in a real browser', () => {
  it('shows the quick replies by group, filters by group, and adds one through the form', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/quick-replies`);
    await p.locator('[data-test=qr-group]').first().waitFor();
    expect(await p.locator('[data-test=qr-group] h2').allInnerTexts()).toEqual((await adminCall<Groups>(bw, 'GET', path())).groups.map((g) => g.group));
    const pre = p.locator('[data-test=qr-group][data-group=售前]');
    expect(await pre.locator('[data-test=qr-title]').innerText()).toBe('开场白');
    expect(await pre.locator('[data-test=qr-content]').innerText()).toBe('您好，我是您的专属顾问');

    const asked = p.waitForRequest((r) => new URL(r.url()).searchParams.get('group') === '售后');
    await p.locator('[data-test=group-filter]').selectOption('售后');
    await asked;
    await p.locator('[data-test=qr-group][data-group=售后]').waitFor();
    expect(await p.locator('[data-test=qr-group]').count()).toBe(1);
    expect(await p.locator('[data-test=qr-title]').allInnerTexts()).toEqual(['退换货']);

    await p.locator('[data-test=qr-form-group]').fill('售前');
    await p.locator('[data-test=qr-form-title]').fill('优惠');
    await p.locator('[data-test=qr-form-content]').fill('本周下单立减 20 元');
    await p.locator('[data-test=qr-form-save]').click();
    await p.locator('[data-test=notice]').waitFor();
    await p.locator('[data-test=qr-group][data-group=售前] [data-test=qr-title]', { hasText: '优惠' }).waitFor();
    const stored = (await adminCall<Groups>(bw, 'GET', path())).groups.find((g) => g.group === '售前');
    expect(stored?.items.map((i) => i.title)).toEqual(expect.arrayContaining(['开场白', '优惠']));
    await p.screenshot({ path: '/tmp/console-quick-replies.png', fullPage: true });
  });

  it('shows the API’s message when the content is refused, and stores nothing', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/quick-replies`);
    await p.locator('[data-test=qr-form]').waitFor();
    await p.locator('[data-test=qr-form-title]').fill('太长');
    await p.locator('[data-test=qr-form-content]').fill('长'.repeat(1500)); // 4500 bytes of UTF-8 > 4000
    const before = JSON.stringify(await adminCall<Groups>(bw, 'GET', path()));
    await p.locator('[data-test=qr-form-save]').click();
    const error = await p.locator('[data-test=error]').innerText();
    expect(error.length).toBeGreaterThan(0);
    expect(JSON.stringify(await adminCall<Groups>(bw, 'GET', path()))).toBe(before);
  });

  it('lets a staff member read the quick replies, without the form', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.goto(`${bw.url}/console/quick-replies`);
    await p.locator('[data-test=qr-group]').first().waitFor();
    expect(await p.locator('[data-test=qr-title]').allInnerTexts()).toEqual(expect.arrayContaining(['开场白', '退换货']));
    expect(await p.locator('[data-test=qr-form]').count()).toBe(0);
  });
});
