// 会话存档 in a real browser: archived messages in the store show with Shanghai times; the word search asks
// the API and narrows the list; a staff member is told the role may not view the archive (the API refuses).
import { browserWorld, pageAsMember } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const at = Date.now() - 3_600_000;
const shanghai = new Date(at + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

beforeAll(async () => {
  await bw.start();
  const msg = (msgid: string, seq: number, msgtime: number, text: string) => ({
    corpId: bw.corpId,
    msgid,
    seq,
    msgtime,
    msgtype: 'text',
    action: 'send',
    from: 'wmCust1',
    tolist: ['zhangsan'],
    roomid: '',
    staff: 'zhangsan',
    customer: 'wmCust1',
    text,
    body: { content: text },
  });
  await bw.stores.archive.put(msg('m1', 1, at, '请问这款多少钱'));
  await bw.stores.archive.put(msg('m2', 2, at + 60_000, '什么时候发货'));
}, 120_000);
afterAll(() => bw.close());

describe('会话存档 in a real browser', () => {
  it('lists archived messages in Shanghai time and searches by word', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/archive`);
    await p.locator('[data-test=archive-row]').first().waitFor();
    expect(await p.locator('[data-test=archive-text]').allInnerTexts()).toEqual(expect.arrayContaining(['请问这款多少钱', '什么时候发货']));
    expect(await p.locator('[data-test=archive-row]', { hasText: '请问这款多少钱' }).locator('[data-test=archive-at]').innerText()).toBe(shanghai);

    const asked = p.waitForRequest((r) => new URL(r.url()).searchParams.get('q') === '发货');
    await p.getByLabel('关键词').fill('发货');
    await p.locator('[data-test=archive-search]').click();
    await asked;
    await p.locator('[data-test=archive-row]', { hasText: '请问这款多少钱' }).waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=archive-text]').allInnerTexts()).toEqual(['什么时候发货']);
    await p.screenshot({ path: '/tmp/console-archive.png', fullPage: true });
  });

  it('tells a staff member the role may not view the archive; the API refuses them', async () => {
    const p = await pageAsMember(bw, /李四/);
    await p.goto(`${bw.url}/console/archive`);
    await p.locator('[data-test=no-access]').waitFor();
    expect(await p.evaluate(async (path) => (await fetch(path)).status, `/admin/v1/tenants/${bw.corpId}/archive`)).toBe(403);
  });
});
