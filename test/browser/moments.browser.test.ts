// 朋友圈结果 in headless Chromium against the real admin API on DynamoDB Local: a campaign created through the API
// and published (its stored results written as the moments job writes them) shows, on its detail page, how many
// members published, the likes and comments, and each member's row; the list sums it up; before it is published
// the detail says what will appear.
import type { Page } from 'playwright-core';
import { adminCall, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

const figure = (p: Page, sel: string) => p.locator(`[data-test=engagement] [data-test=${sel}] dd`).innerText();

describe('朋友圈结果 in a real browser', () => {
  it('shows a published campaign’s engagement per member, and the list’s summary', async () => {
    const created = await adminCall<{ id: string }>(bw, 'POST', '/moments', { text: '新品试用招募', senders: ['zhangsan', 'lisi', 'wangwu'] });
    // What the moments job stores once WeCom reports the task done and reads get_moment_task / get_moment_comments.
    const stored = (await bw.stores.moments.get(bw.corpId, created.id))!;
    const nowSec = Math.floor(Date.now() / 1000);
    const members = [
      { userid: 'lisi', published: true, likes: 2, comments: 1 },
      { userid: 'wangwu', published: false, likes: 0, comments: 0 },
      { userid: 'zhangsan', published: true, likes: 5, comments: 3 },
    ];
    const ok = await bw.stores.moments.update(
      {
        ...stored,
        status: 'published',
        results: { momentId: 'momXYZ', invalidSenders: [], invalidTags: [] },
        finishedAt: nowSec,
        engagement: { members, total: 3, published: 2, likes: 7, comments: 4, checkedAt: nowSec },
        version: stored.version + 1,
      },
      stored.status,
    );
    expect(ok).toBe(true);
    const api = await adminCall<{ engagement: { published: number; likes: number; comments: number } }>(bw, 'GET', `/moments/${created.id}`);
    expect(api.engagement).toMatchObject({ published: 2, likes: 7, comments: 4 });

    const p = await bw.page();
    await p.goto(`${bw.url}/console/moments`);
    const row = p.locator(`[data-test=row][data-id="${created.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-test=engagement]').innerText()).toBe('已发表 2/3 · 赞 7 · 评论 4');
    await row.locator('[data-test=open]').click();
    await p.locator('[data-test=members]').waitFor();
    expect(await p.locator('[data-test=moment] [data-test=status]').innerText()).toBe('已发表');
    expect(await figure(p, 'published')).toBe('2/3（66.7%）');
    expect(await figure(p, 'likes')).toBe('7');
    expect(await figure(p, 'comments')).toBe('4');
    const rows = (await p.locator('[data-test=member-row]').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));
    expect(rows).toEqual([
      ['lisi', '已发表', '2', '1'],
      ['wangwu', '未发表', '0', '0'],
      ['zhangsan', '已发表', '5', '3'],
    ]);
    await p.screenshot({ path: 'test-artifacts/console-moment-results.png', fullPage: true });
  });

  it('says what will appear before a campaign is published, and speaks English', async () => {
    const created = await adminCall<{ id: string }>(bw, 'POST', '/moments', { text: '下周预告', sendAt: Math.floor(Date.now() / 1000) + 86_400 });
    const p = await bw.page();
    await p.goto(`${bw.url}/console/moments/${created.id}`);
    await p.locator('[data-test=engagement-empty]').waitFor();
    expect(await p.locator('[data-test=moment] [data-test=status]').innerText()).toBe('待发表');
    expect(await p.locator('[data-test=engagement-empty]').innerText()).toContain('点赞与评论');
    await p.locator('[data-test=lang-en]').click();
    await p.locator('h1', { hasText: 'Moments campaign' }).waitFor();
    expect(await p.locator('[data-test=engagement] h2').innerText()).toBe('Engagement');
  });
});
