// 群发, 朋友圈 and SOP in headless Chromium against the real admin API on DynamoDB Local: a broadcast dry run
// shows the audience and the recipients the monthly cap blocks (seeded in the stores), sending it opens its
// progress page; Moments seeded through the API are listed and one is created in the form; an SOP plan is
// created in the form, its steps read back on its page, and pausing it reaches the API.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { monthlyCap } from '../../shared/domain/quota';
import { adminCall, browserWorld, pageAsMember, shanghaiDay } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();

const customers = ['wmOutreach0001', 'wmOutreach0002', 'wmOutreach0003', 'wmOutreach0004'];
const atCap = customers.slice(0, 2);

beforeAll(async () => {
  await bw.start();
  const stores = bw.stores;
  // Four customers of 张三, added two days ago; two of them already had this month's mass messages.
  const addedAt = Math.floor(Date.now() / 1000) - 2 * 86_400;
  for (const id of customers) {
    await stores.follows.apply({
      corpId: bw.corpId,
      externalUserId: id,
      userId: 'zhangsan',
      status: 'active',
      changedAt: addedAt,
      rank: 2,
      eventKey: randomUUID(),
      added: { at: addedAt },
    });
  }
  // 赵六 leads 客服部 (a manager); 李四 is a staff member; 张三 is an admin (the harness's settings).
  const tenant = (await stores.tenants.get(bw.corpId))!;
  await stores.tenants.put({ ...tenant, managers: { zhaoliu: 3 } });
  const today = shanghaiDay(0);
  const cap = monthlyCap(today);
  for (const r of atCap) for (let i = 0; i < cap; i++) await stores.quota.reserve(bw.corpId, r, `seed#${i}`, today, { month: cap });
}, 120_000);
afterAll(() => bw.close());

const text = (p: Page, sel: string) => p.locator(`[data-test=${sel}]`).innerText();

describe('群发 in a real browser', () => {
  it('dry-runs the audience: counts, the rendered text, and each blocked recipient with its reason, as the API answers', async () => {
    const expected = await adminCall<{ audience: { count: number }; wouldSend: number; blocked: { count: number; sample: Array<{ recipient: string }> } }>(
      bw,
      'POST',
      '/broadcasts',
      {
        target: 'customers',
        filter: { staff: ['zhangsan'] },
        content: { text: '{{name}}，双十二见', nameFallback: '朋友' },
        dryRun: true,
      },
    );
    expect(expected.blocked.count).toBe(2); // the seeded ledger, not the page, decides this

    const p = await bw.page();
    await p.goto(`${bw.url}/console/broadcasts`);
    expect(await p.locator('h1').innerText()).toBe('群发');
    expect(await text(p, 'list-empty')).toContain('预览受众');
    await p.getByLabel('跟进员工（userId）').fill('zhangsan');
    await p.getByLabel('消息内容').fill('{{name}}，双十二见');
    await p.getByLabel('{{name}} 的替代称呼').fill('朋友');
    await p.locator('[data-test=dry-run]').click();
    await p.locator('[data-test=preview]').waitFor();
    expect(await p.locator('[data-test=pv-audience] dd').innerText()).toBe(String(expected.audience.count));
    expect(await p.locator('[data-test=pv-would-send] dd').innerText()).toBe(String(expected.wouldSend));
    expect(await p.locator('[data-test=pv-blocked] dd').innerText()).toBe('2');
    expect(await text(p, 'pv-text')).toContain('朋友，双十二见');
    const rows = await p.locator('[data-test=pv-blocked-row]').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[0]).sort()).toEqual(expected.blocked.sample.map((b) => b.recipient).sort());
    expect(rows.every((r) => r.includes('本月触达已达上限'))).toBe(true);
    await p.screenshot({ path: '/tmp/console-broadcasts.png', fullPage: true });
  });

  it('shows the API’s message when it refuses the broadcast, and nothing is sent', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/broadcasts`);
    await p.locator('[data-test=dry-run]').click(); // no text, no attachments
    const res = await fetch(`${bw.url}/admin/v1/tenants/${bw.corpId}/broadcasts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bw.superKey}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: JSON.stringify({ target: 'customers', filter: {}, content: {}, dryRun: true }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(await p.locator('[data-test=error]').innerText()).toBe(error.message);
    expect(await p.locator('[data-test=preview]').count()).toBe(0);
  });

  it('sends a broadcast and opens its progress page with the stored numbers; the list shows it', async () => {
    const p = await bw.page();
    p.on('dialog', (d) => void d.accept());
    await p.goto(`${bw.url}/console/broadcasts`);
    await p.getByLabel('跟进员工（userId）').fill('zhangsan');
    await p.getByLabel('消息内容').fill('新品上架');
    await p.locator('[data-test=send]').click();
    await p.locator('[data-test=status]').waitFor();
    const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);
    const stored = await adminCall<{ status: string; audience: number; sent: number }>(bw, 'GET', `/broadcasts/${id}`);
    const statusZh = { scheduled: '待发送', sending: '发送中', sent: '已发送', partially_blocked: '部分被拦截', failed: '失败' } as Record<string, string>;
    expect(await text(p, 'status')).toBe(statusZh[stored.status]);
    expect(await p.locator('[data-test=audience] dd').innerText()).toBe(String(stored.audience));
    expect(await p.locator('[data-test=sent] dd').innerText()).toBe(String(stored.sent));
    expect(await text(p, 'text')).toBe('新品上架');
    expect(await p.locator('[data-test=export]').getAttribute('href')).toBe(`/admin/v1/tenants/${bw.corpId}/broadcasts/${id}?format=csv`);
    await p.locator('a', { hasText: '群发' }).first().click();
    await p.locator(`[data-test=list-row][data-id="${id}"]`).waitFor();
  });
});

describe('朋友圈 in a real browser', () => {
  it('lists the campaigns the API holds, then publishes one from the form', async () => {
    const seeded = await adminCall<{ id: string }>(bw, 'POST', '/moments', {
      text: '秋季上新，欢迎选购',
      senders: ['zhangsan'],
      sendAt: Math.floor(Date.now() / 1000) + 86_400,
    });
    const p = await bw.page();
    await p.goto(`${bw.url}/console/moments`);
    const row = p.locator(`[data-test=row][data-id="${seeded.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-test=content]').innerText()).toContain('秋季上新，欢迎选购');
    expect(await row.locator('[data-test=senders]').innerText()).toBe('zhangsan');
    expect(await row.locator('[data-test=status]').innerText()).toBe('待发表');

    await p.locator('[data-test=new]').click();
    await p.getByLabel('文案').fill('冬季限定礼盒');
    await p.getByLabel('链接标题').fill('礼盒详情');
    await p.getByLabel('链接地址').fill('https://example.com/gift');
    await p.locator('[data-test=submit]').click();
    await p.locator('[data-test=row]', { hasText: '冬季限定礼盒' }).waitFor();
    const list = await adminCall<{ items: Array<{ text?: string; attachments: Array<{ link?: { url: string } }>; senders: string[] }> }>(bw, 'GET', '/moments');
    const made = list.items.find((m) => m.text === '冬季限定礼盒');
    expect(made?.attachments[0]?.link?.url).toBe('https://example.com/gift');
    expect(made?.senders).toEqual([]);
    expect(await p.locator('[data-test=row]', { hasText: '冬季限定礼盒' }).locator('[data-test=senders]').innerText()).toBe('全部成员');
    await p.screenshot({ path: '/tmp/console-moments.png', fullPage: true });
  });
});

describe('SOP in a real browser', () => {
  it('lists the plans, creates one in the form, shows its steps and pauses it through the API', async () => {
    await adminCall(bw, 'POST', '/sop-plans', {
      name: '新客 7 天培育',
      trigger: 'added',
      audience: {},
      steps: [{ after: 'PT2H', via: 'mass_message', send: { text: '欢迎' } }],
    });
    const p = await bw.page();
    await p.goto(`${bw.url}/console/sop`);
    const seededRow = p.locator('[data-test=row]', { hasText: '新客 7 天培育' });
    await seededRow.waitFor();
    expect(await seededRow.locator('[data-test=steps]').innerText()).toBe('1');
    expect(await seededRow.locator('[data-test=status]').innerText()).toBe('进行中');

    await p.locator('[data-test=new]').click();
    await p.getByLabel('名称').fill('加好友关怀');
    await p.getByLabel('加入后多久').fill('1');
    await p.getByLabel('消息内容').fill('您好 {{name}}，有问题随时找我');
    await p.locator('[data-test=add-step]').click();
    await p.locator('[data-test=amount-1]').fill('3');
    await p.locator('[data-test=unit-1]').selectOption('h');
    await p.locator('[data-test=via-1]').selectOption('staff_reminder');
    await p.locator('[data-test=text-1]').fill('记得回访');
    await p.locator('[data-test=save]').click();
    await p.locator('[data-test=sop-detail] [data-test=plan-name]').waitFor();
    expect(await text(p, 'plan-name')).toBe('加好友关怀');
    const id = decodeURIComponent(new URL(p.url()).pathname.split('/').pop()!);
    const stored = await adminCall<{ steps: Array<{ after?: string; via: string }>; status: string }>(bw, 'GET', `/sop-plans/${id}`);
    expect(stored.steps).toEqual([
      expect.objectContaining({ after: 'P1D', via: 'mass_message' }),
      expect.objectContaining({ after: 'PT3H', via: 'staff_reminder' }),
    ]);
    expect(await p.locator('[data-test=step-timing]').allInnerTexts()).toEqual(['加入后 1 天', '上一步后 3 小时']);
    expect(await p.locator('[data-test=step-text]').allInnerTexts()).toEqual(['您好 {{name}}，有问题随时找我', '记得回访']);
    expect(await text(p, 'runs-empty')).toContain('还没有客户加入');
    await p.screenshot({ path: '/tmp/console-sop.png', fullPage: true });

    await p.locator('[data-test=toggle]').click();
    await p.locator('[data-test=status]', { hasText: '已暂停' }).waitFor();
    expect((await adminCall<{ status: string }>(bw, 'GET', `/sop-plans/${id}`)).status).toBe('paused');
  });

  it('reads in English', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/sop`);
    await p.locator('[data-test=lang-en]').click();
    await p.locator('h1', { hasText: 'SOP playbooks' }).waitFor();
    expect(await p.locator('[data-test=row]', { hasText: '新客 7 天培育' }).locator('[data-test=status]').innerText()).toMatch(/^(Active|Paused)$/);
  });
});

describe('what each role sees', () => {
  it('a manager previews broadcasts but cannot send, and sees no new-plan or publish buttons', async () => {
    const p = await pageAsMember(bw, /赵六/);
    expect(await text(p, 'member')).toContain('zhaoliu · 主管');
    await p.goto(`${bw.url}/console/broadcasts`);
    await p.locator('[data-test=dry-run]').waitFor();
    expect(await p.locator('[data-test=send]').count()).toBe(0);
    expect(await text(p, 'read-only')).toContain('只能预览');
    await p.goto(`${bw.url}/console/sop`);
    await p.locator('[data-test=list]').waitFor();
    expect(await p.locator('[data-test=new]').count()).toBe(0);
    await p.goto(`${bw.url}/console/moments`);
    await p.locator('[data-test=list]').waitFor();
    expect(await p.locator('[data-test=new]').count()).toBe(0);
    // …and the API refuses the write anyway.
    const csrf = decodeURIComponent((await p.context().cookies(bw.url)).find((c) => c.name === 'siyu_csrf')!.value);
    const status = await p.evaluate(
      async ({ corpId, csrf }) => {
        const res = await fetch(`/admin/v1/tenants/${corpId}/moments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: JSON.stringify({ text: 'x' }),
        });
        return res.status;
      },
      { corpId: bw.corpId, csrf },
    );
    expect(status).toBe(403);
  });

  it('a staff member is told the pages are not theirs, and the API refuses them', async () => {
    const p = await pageAsMember(bw, /李四/);
    for (const path of ['broadcasts', 'moments', 'sop']) {
      await p.goto(`${bw.url}/console/${path}`);
      expect(await text(p, 'forbidden')).toContain('无权查看');
    }
    expect(await p.locator('[data-test=compose]').count()).toBe(0);
    const status = await p.evaluate(async (corpId) => (await fetch(`/admin/v1/tenants/${corpId}/sop-plans`)).status, bw.corpId);
    expect(status).toBe(403);
  });
});
