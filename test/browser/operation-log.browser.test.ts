// 操作日志 in a real browser: writes made through the API show as entries (route, actor, diff), the route
// filter narrows them, and 校验哈希链 reports the chain the API verifies.
import { adminCall, browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

beforeAll(async () => {
  await bw.start();
  await adminCall(bw, 'POST', `/admin/v1/tenants/${bw.corpId}/keyword-rules`, { name: '价格', keywords: ['价格'], reply: { text: '见价目表' } });
  await adminCall(bw, 'PUT', `/admin/v1/tenants/${bw.corpId}/sensitive-words`, { words: ['返现'] });
}, 120_000);
afterAll(() => bw.close());

interface Page {
  items: Array<{ seq: number; route: string }>;
}

describe('操作日志 in a real browser', () => {
  it('lists the entries the API returns, filters by route and verifies the chain', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/operation-log`);
    await p.locator('[data-test=oplog-row]').first().waitFor();
    const api = await adminCall<Page>(bw, 'GET', `/admin/v1/tenants/${bw.corpId}/operation-log`);
    expect(api.items.length).toBeGreaterThanOrEqual(2);
    expect(await p.locator('[data-test=oplog-seq]').allInnerTexts()).toEqual(api.items.map((e) => String(e.seq)));
    expect(await p.locator('[data-test=oplog-route-cell]').allInnerTexts()).toEqual(api.items.map((e) => e.route));
    const words = p.locator('[data-test=oplog-row]', { hasText: 'PUT /admin/v1/tenants/{corpId}/sensitive-words' });
    expect(await words.locator('[data-test=oplog-diff]').innerText()).toContain('返现');

    await p.locator('[data-test=oplog-route]').fill('POST /admin/v1/tenants/{corpId}/keyword-rules');
    await p.locator('[data-test=oplog-search]').click();
    await words.waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=oplog-route-cell]').allInnerTexts()).toEqual(['POST /admin/v1/tenants/{corpId}/keyword-rules']);

    await p.locator('[data-test=oplog-verify]').click();
    const verdict = await adminCall<{ ok: boolean; entries: number }>(bw, 'GET', `/admin/v1/tenants/${bw.corpId}/operation-log/verify`);
    expect(verdict.ok).toBe(true);
    expect(await p.locator('[data-test=oplog-verdict]').innerText()).toBe(`哈希链完整：已校验 ${verdict.entries} 条。`);
    await p.screenshot({ path: '/tmp/console-operation-log.png', fullPage: true });
  });

  it('tells a staff member the role may not view the log', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.goto(`${bw.url}/console/operation-log`);
    await p.locator('[data-test=no-access]').waitFor();
    expect(await p.locator('[data-test=oplog-table]').count()).toBe(0);
  });
});
