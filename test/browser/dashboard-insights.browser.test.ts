// The dashboard's lower blocks in headless Chromium against the real admin API on DynamoDB Local: channel
// performance (adds, spend, CAC, D30 LTV, ROI) from channel cohorts, the weekly retention heatmap, and the
// RFM segments with drill-down to a class's customers; each with its CSV export, in 中文 and English.
// Channels are created through the admin API; rolled-up cohorts and RFM classes, which no route writes,
// go straight into the stores as the nightly rollup would leave them.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { CohortContribution } from '../../shared/domain/metrics';
import type { OrderSummary } from '../../shared/orders/orders';
import { addDays, mondayOf } from '../../shared/events/time';
import { adminCall, browserWorld, shanghaiDay, storesOf } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

// Two complete add weeks about 80 days back: D1…D60 reached for both, D90 and D180 not yet.
const w1 = mondayOf(shanghaiDay(-80));
const w2 = addDays(w1, 7);
const to = addDays(w1, 13);
let web = '';

type Row = CohortContribution & { dimension: string };
const row = (dimension: string, cohortDay: string, eventDay: string, r: Partial<CohortContribution>): Row => ({
  dimension,
  cohortDay,
  eventDay,
  added: 0,
  lost: 0,
  revenue: 0,
  spend: 0,
  ...r,
});

beforeAll(async () => {
  await bw.start();
  const base = `/admin/v1/tenants/${bw.corpId}`;
  web = (await adminCall<{ id: string }>(bw, 'POST', `${base}/channels`, { name: '官网渠道', staff: ['zhangsan'] })).id;
  const expo = (await adminCall<{ id: string }>(bw, 'POST', `${base}/channels`, { name: '展会渠道', staff: ['lisi'] })).id;
  const rows: Row[] = [
    // Tenant: week 1 adds 10 and loses 2 on day 3; week 2 adds 5 and loses 1 on day 20.
    row('tenant', w1, w1, { added: 10 }),
    row('tenant', w1, addDays(w1, 3), { lost: 2 }),
    row('tenant', w2, w2, { added: 5 }),
    row('tenant', w2, addDays(w2, 20), { lost: 1 }),
    // 官网渠道: 8 adds for ¥400.00, ¥600.00 of orders by day 10. 展会渠道: 3 adds, no spend, no orders.
    row(`channel#${web}`, w1, w1, { added: 8, spend: 40_000 }),
    row(`channel#${web}`, w1, addDays(w1, 10), { revenue: 60_000 }),
    row(`channel#${expo}`, w2, w2, { added: 3 }),
  ];
  const byDay = new Map<string, Row[]>();
  for (const r of rows) byDay.set(r.eventDay, [...(byDay.get(r.eventDay) ?? []), r]);
  for (const [day, rs] of byDay) await storesOf(bw).metrics.replaceContributions(bw.corpId, day, rs);

  // RFM: two customers in A (重要价值), one in H; paid 2026-01-15 16:30 UTC = 2026-01-16 00:30 in Shanghai.
  const paidAt = Date.UTC(2026, 0, 15, 16, 30) / 1000;
  const customers: Array<[string, number, number, 'A' | 'H']> = [
    ['wm_rfm_a1', 3, 250_000, 'A'],
    ['wm_rfm_a2', 2, 120_050, 'A'],
    ['wm_rfm_h1', 1, 990, 'H'],
  ];
  for (const [id, orders, totalFen, cls] of customers) {
    const summary: OrderSummary = {
      externalUserId: id,
      orders,
      totalFen,
      firstPaidAt: paidAt - 86_400,
      secondPaidAt: null,
      lastPaidAt: paidAt,
      version: 1,
      rfm: cls,
      rfmAsOf: shanghaiDay(-1),
    };
    const order = { orderId: `o-${id}`, externalUserId: id, amount: totalFen, paidAt, day: '2026-01-16', channelId: null, importedAt: paidAt };
    await storesOf(bw).orders.record(bw.corpId, order, summary, undefined);
  }
}, 120_000);
afterAll(() => bw.close());

async function openRange(p: Page) {
  await p.goto(`${bw.url}/console/`);
  await p.locator('[data-test=channels-block]').waitFor();
  await p.locator('[data-test=from]').fill(w1);
  await p.locator('[data-test=to]').fill(to);
  await p.locator('[data-test=channel-table]').waitFor();
  await p.locator('[data-test=cohort-table]').waitFor();
}
const cells = (p: Page, rowSel: string, hasText: string) => p.locator(rowSel, { hasText }).locator('th, td').allInnerTexts();

describe('数据看板 · channels, cohorts and RFM in a real browser', () => {
  it('shows each channel with adds, spend, CAC, D30 LTV and ROI in yuan, most adds first', async () => {
    const p = await bw.page();
    await openRange(p);
    expect(await p.locator('[data-test=channels-block] h2').innerText()).toBe('渠道效果');
    const rows = await p.locator('[data-test=channel-row] td:first-child').allInnerTexts();
    expect(rows).toEqual(['官网渠道', '展会渠道']);
    // CAC 40,000 ÷ 8 = 5,000 fen; LTV 60,000 ÷ 8 = 7,500 fen; ROI (60,000 − 40,000) ÷ 40,000.
    expect(await cells(p, '[data-test=channel-row]', '官网渠道')).toEqual(['官网渠道', '8', '400.00', '50.00', '75.00', '+50.0%']);
    expect(await cells(p, '[data-test=channel-row]', '展会渠道')).toEqual(['展会渠道', '3', '0.00', '0.00', '0.00', '—']);
  });

  it('shows the retention heatmap by add week, blank where D90 and D180 are not reached', async () => {
    const p = await bw.page();
    await openRange(p);
    expect(await p.locator('[data-test=cohort-row] th').allInnerTexts()).toEqual([w1, w2]);
    expect(await cells(p, '[data-test=cohort-row]', w1)).toEqual([w1, '10', '100.0%', '80.0%', '80.0%', '80.0%', '', '']);
    expect(await cells(p, '[data-test=cohort-row]', w2)).toEqual([w2, '5', '100.0%', '100.0%', '80.0%', '80.0%', '', '']);
    // Higher retention, deeper colour.
    const bg = (o: string) => p.locator('[data-test=cohort-row]', { hasText: w1 }).locator(`[data-test=cell-${o}]`).getAttribute('style');
    expect(await bg('d1')).toContain('rgba(22, 119, 255, 0.9)');
    expect(await bg('d7')).toContain('rgba(22, 119, 255, 0.74)');
    expect(await bg('d90')).toContain('rgb(245, 245, 245)');
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-test=export-cohorts]').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('同期群');
    expect(text).toContain(w1);
    await p.screenshot({ path: '/tmp/console-dashboard-insights.png', fullPage: true });
  });

  it('shows the RFM segments and drills down to a class: its customers, totals in yuan, last payment in Shanghai time', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/`);
    await p.locator('[data-test=rfm-A]').waitFor();
    expect(await p.locator('[data-test=rfm-A] [data-test=rfm-count]').innerText()).toBe('2');
    expect(await p.locator('[data-test=rfm-H] [data-test=rfm-count]').innerText()).toBe('1');
    expect(await p.locator('[data-test=rfm-B] [data-test=rfm-count]').innerText()).toBe('0');
    // Keyboard: focus the class A button and press Enter.
    await p.locator('[data-test=rfm-A] button').focus();
    await p.keyboard.press('Enter');
    await p.locator('[data-test=rfm-customer]').first().waitFor();
    expect(await p.locator('[data-test=rfm-list] h3').innerText()).toBe('A · 重要价值 的客户');
    const a1 = await cells(p, '[data-test=rfm-customer]', 'wm_rfm_a1');
    expect(a1.slice(0, 3)).toEqual(['wm_rfm_a1', '3', '2,500.00']);
    expect(a1[3]).toContain('2026/1/16');
    expect(await p.locator('[data-test=rfm-customer] td:first-child').allInnerTexts()).toEqual(expect.arrayContaining(['wm_rfm_a1', 'wm_rfm_a2']));
    expect(await p.locator('[data-test=rfm-customer]').count()).toBe(2);
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-test=export-rfm]').click()]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text).toContain('wm_rfm_a2');
    expect(text).not.toContain('wm_rfm_h1');
  });

  it('speaks English when switched', async () => {
    const p = await bw.page();
    await openRange(p);
    await p.locator('[data-test=lang-en]').click();
    await p.locator('[data-test=channels-block] h2', { hasText: 'Channel performance' }).waitFor();
    expect(await p.locator('[data-test=cohorts-block] h2').innerText()).toBe('Retention cohorts');
    expect(await p.locator('[data-test=rfm-A] .cls').innerText()).toBe('A · Champions');
  });

  it('says what to do when a range has no channel adds or cohorts', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/`);
    await p.locator('[data-test=channels-empty]').waitFor();
    expect(await p.locator('[data-test=channels-empty]').innerText()).toContain('渠道活码');
    await p.locator('[data-test=cohorts-empty]').waitFor();
  });
});
