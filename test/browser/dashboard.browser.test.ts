// The console in headless Chromium against the real admin API on DynamoDB Local: the dashboard shows the
// seeded numbers (read from the DOM and the chart's SVG text), 中文/English, KPI sorting, the CSV export,
// the placeholder pages, and the login page on a 401.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { browserWorld, pageAsMember, shanghaiDay } from './harness';
import { MENU } from '../../console/src/menu';
import { can } from '../../console/src/permissions';

jest.setTimeout(60_000);
const bw = browserWorld();
const kpis = (chats: number, replied: number, seconds: number) => ({
  contactedCustomers: chats,
  messagesSent: chats * 3,
  replyWeight: chats,
  replied,
  replyTimeWeight: replied,
  replySecondsSum: replied * seconds,
});
const [d1, d2, d3] = [shanghaiDay(-3), shanghaiDay(-2), shanghaiDay(-1)] as [string, string, string];

beforeAll(async () => {
  await bw.start();
  await bw.seed([
    {
      day: d1,
      tenant: { newCustomers: 10, unconfirmed: 2, lostByStaff: 1, lostByCustomer: 2, gmv: 12_345, total: 107 },
      staff: { zhangsan: { newCustomers: 4, lostByCustomer: 1, kpis: kpis(20, 15, 60) }, lisi: { newCustomers: 6, kpis: kpis(10, 10, 30) } },
    },
    {
      day: d2,
      tenant: { newCustomers: 23, lostByCustomer: 3, gmv: 100_000, total: 127 },
      staff: { zhangsan: { newCustomers: 8, kpis: kpis(20, 15, 120) }, wangwu: { newCustomers: 15, lostByStaff: 2, kpis: kpis(5, 1, 600) } },
    },
    {
      day: d3,
      tenant: { newCustomers: 2, unconfirmed: 1, lostByStaff: 2, gmv: 0, total: 127 },
      staff: { lisi: { newCustomers: 2, lostByStaff: 2 } },
    },
  ]);
}, 120_000);
afterAll(() => bw.close());

const open = async (p: Page, path = '/console/') => {
  await p.goto(`${bw.url}${path}`);
  await p.locator('[data-test=summary]').waitFor();
};
const figure = (p: Page, name: string) => p.locator(`[data-test=sum-${name}] dd`).innerText();
const svgTexts = (p: Page) => p.locator('[data-test=growth-chart] svg text').allTextContents();

describe('数据看板 in a real browser', () => {
  it('shows the seeded range: totals, pass rate, money in yuan, and the per-day values in the chart', async () => {
    const p = await bw.page();
    await open(p);
    expect(await p.locator('h1').innerText()).toBe('数据看板');
    expect(await figure(p, 'new')).toBe('35');
    expect(await figure(p, 'lost-staff')).toBe('3');
    expect(await figure(p, 'lost-customer')).toBe('5');
    expect(await figure(p, 'net')).toBe('27');
    expect(await figure(p, 'total')).toBe('127');
    expect(await figure(p, 'pass')).toBe('91.4%'); // (35 − 3) ÷ 35
    expect(await figure(p, 'gmv')).toBe('1,123.45'); // 112,345 fen
    const texts = await svgTexts(p);
    expect(texts).toEqual(expect.arrayContaining(['新增客户', '员工删客户', '客户删员工', '净增', d2.slice(5), '23', '20']));
    expect(await p.locator('[data-test=member]').innerText()).toContain('dev-superadmin · 超级管理员');
    await p.screenshot({ path: '/tmp/console-dashboard.png', fullPage: true });
  });

  it('switches to English and back, and remembers the choice across a reload', async () => {
    const p = await bw.page();
    await open(p);
    await p.locator('[data-test=lang-en]').click();
    await p.locator('h1', { hasText: 'Dashboard' }).waitFor();
    expect(await p.locator('[data-test=menu-customers]').innerText()).toBe('Customers');
    expect(await p.locator('[data-test=logout]').innerText()).toBe('Log out');
    await p
      .locator('[data-test=growth-chart] svg text', { hasText: /^New customers$/ })
      .first()
      .waitFor();
    await p.reload();
    await p.locator('[data-test=summary]').waitFor();
    expect(await p.locator('h1').innerText()).toBe('Dashboard');
    await p.locator('[data-test=lang-zh]').click();
    await p.locator('h1', { hasText: '数据看板' }).waitFor();
    expect(await p.locator('[data-test=menu-customers]').innerText()).toBe('客户');
  });

  it('sorts the staff KPI table by a column, both ways', async () => {
    const p = await bw.page();
    await open(p);
    const names = () => p.locator('[data-test=kpi-row] td:first-child').allInnerTexts();
    // Default: adds, most first (wangwu 15, zhangsan 12, lisi 8).
    expect(await names()).toEqual(['wangwu', 'zhangsan', 'lisi']);
    await p.locator('[data-test=sort-adds]').click();
    expect(await names()).toEqual(['lisi', 'zhangsan', 'wangwu']);
    // Reply rate weighted by chats: lisi 10/10, zhangsan 30/40, wangwu 1/5.
    await p.locator('[data-test=sort-replyRate]').click();
    expect(await names()).toEqual(['lisi', 'zhangsan', 'wangwu']);
    const zhang = p.locator('[data-test=kpi-row]', { hasText: 'zhangsan' }).locator('td');
    expect(await zhang.allInnerTexts()).toEqual(['zhangsan', '12', '1', '40', '75.0%', '1分30秒']);
    await p.locator('[data-test=sort-replyRate]').click();
    expect(await names()).toEqual(['wangwu', 'zhangsan', 'lisi']);
  });

  it('downloads the growth block as a CSV file with a BOM and the seeded days', async () => {
    const p = await bw.page();
    await open(p);
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-test=export-tenant]').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('日期');
    expect(text).toContain(d2);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  it('shows an empty state for a range without data', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/`);
    await p.locator('[data-test=summary]').waitFor();
    await p.locator('[data-test=from]').fill('2020-01-01');
    await p.locator('[data-test=to]').fill('2020-01-05');
    await p.locator('[data-test=empty]').waitFor();
  });

  it('opens a real page from every menu entry (none is under construction) for an admin', async () => {
    const p = await bw.page();
    await open(p);
    const entries = await p
      .locator('[data-test^=menu-]')
      .evaluateAll((links) => links.map((l) => (l as unknown as { dataset: { test: string } }).dataset.test));
    expect(entries).toEqual(MENU.map((m) => `menu-${m.path}`));
    for (const entry of entries) {
      await p.locator(`[data-test=${entry}]`).click();
      await p.waitForURL(`**/console/${entry.slice('menu-'.length)}**`);
      expect(await p.locator('[data-test=placeholder]').count()).toBe(0);
    }
  });

  it('shows a staff member only the entries their role may read, and the API refuses the others anyway', async () => {
    const p = await pageAsMember(bw, /李四/);
    const entries = await p
      .locator('[data-test^=menu-]')
      .evaluateAll((links) => links.map((l) => (l as unknown as { dataset: { test: string } }).dataset.test));
    expect(entries).toEqual(MENU.filter((m) => can('staff', m.read)).map((m) => `menu-${m.path}`));
    expect(entries).not.toContain('menu-settings');
    expect(entries).not.toContain('menu-operation-log');
    const status = await p.evaluate(async (corpId) => (await fetch(`/admin/v1/tenants/${corpId}/operation-log`)).status, bw.corpId);
    expect(status).toBe(403);
  });

  it('goes to the login page when the API answers 401', async () => {
    const p = await bw.page({ login: false });
    await p.goto(`${bw.url}/console/dashboard`);
    await p.locator('[data-test=login-page]').waitFor();
    const button = p.locator('[data-test=wecom-login]');
    expect(await button.innerText()).toBe('企业微信扫码登录');
    await p.locator('input[name=corpId]').fill('wwcorp1');
    const href = new URL((await button.getAttribute('href'))!, bw.url);
    expect(href.pathname).toBe('/auth/wecom/start');
    expect(Object.fromEntries(href.searchParams)).toEqual({ corpId: 'wwcorp1', mode: 'qr', next: '/console/dashboard' });
  });
});
