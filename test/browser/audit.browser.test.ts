// 审计 in a real browser: audit rows in the store show with their type in Chinese and their time in
// Asia/Shanghai, the type filter narrows them, the red-packet ledger of a day shows yuan from fen; a staff
// member is told the role may not view it (and the API refuses them).
import { adminCall, browserWorld, pageAsMember, shanghaiDay } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const now = Math.floor(Date.now() / 1000);
// 2 hours ago, as Shanghai wall-clock time.
const at = now - 7200;
const shanghai = new Date((at + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
const yesterday = shanghaiDay(-1);

beforeAll(async () => {
  await bw.start();
  const base = { corpId: bw.corpId, alert: false };
  await bw.stores.auditLog.append({ ...base, eventKey: 'e1', type: 'customer_deleted_staff', at, staff: 'zhangsan', customer: 'wmCust1', detail: {} });
  await bw.stores.auditLog.append({
    ...base,
    eventKey: 'e2',
    type: 'sensitive_word',
    at: at + 60,
    staff: 'lisi',
    customer: 'wmCust2',
    detail: { word: '返现' },
  });
  await bw.stores.ledger.record({ corpId: bw.corpId, day: yesterday, userId: 'zhangsan', direction: 'out', amountFen: 8_888, count: 1, msgid: 'm1' });
  await bw.stores.ledger.record({ corpId: bw.corpId, day: yesterday, userId: 'zhangsan', direction: 'in', amountFen: 20_000, count: 1, msgid: 'm2' });
}, 120_000);
afterAll(() => bw.close());

describe('审计 in a real browser', () => {
  it('lists the audit rows the API returns, in Shanghai time, and filters by type', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/audit`);
    await p.locator('[data-test=audit-row]').first().waitFor();
    const api = await adminCall<{ items: Array<{ type: string; staff: string }> }>(bw, 'GET', `/admin/v1/tenants/${bw.corpId}/audit`);
    expect(await p.locator('[data-test=audit-row]').count()).toBe(api.items.length);
    const deleted = p.locator('[data-test=audit-row]', { hasText: '客户删除员工' });
    expect(await deleted.locator('[data-test=audit-at]').innerText()).toBe(shanghai);
    expect(await deleted.locator('[data-test=audit-row-staff]').innerText()).toBe('zhangsan');
    expect(await p.locator('[data-test=audit-row]', { hasText: '敏感词' }).locator('[data-test=audit-detail]').innerText()).toBe('word: 返现');

    await p.getByLabel('类型').selectOption('sensitive_word');
    await p.locator('[data-test=audit-search]').click();
    await deleted.waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=audit-row-type]').allInnerTexts()).toEqual(['敏感词']);
    expect(await p.locator('[data-test=audit-export]').getAttribute('href')).toContain('type=sensitive_word');
  });

  it('shows the red-packet ledger of a day in yuan', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/audit`);
    await p.locator('[data-test=ledger-row]').waitFor();
    expect(await p.locator('[data-test=ledger-row] td').first().innerText()).toBe('zhangsan');
    expect(await p.locator('[data-test=ledger-in]').innerText()).toBe('200.00');
    expect(await p.locator('[data-test=ledger-out]').innerText()).toBe('88.88');
    await p.locator('[data-test=ledger-date]').fill(shanghaiDay(-3));
    await p.locator('[data-test=ledger-empty]').waitFor();
    await p.screenshot({ path: '/tmp/console-audit.png', fullPage: true });
  });

  it('tells a staff member the role may not view audit records; the API refuses them', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.goto(`${bw.url}/console/audit`);
    await p.locator('[data-test=no-access]').waitFor();
    expect(await p.locator('[data-test=audit-table]').count()).toBe(0);
    expect(await p.evaluate(async (path) => (await fetch(path)).status, `/admin/v1/tenants/${bw.corpId}/audit`)).toBe(403);
  });
});
