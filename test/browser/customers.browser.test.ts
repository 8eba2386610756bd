// 客户 in headless Chromium against the real admin API on DynamoDB Local: customers seeded through the simulator
// and the real relationship consumer (a channel and a tag created through the API), listed with staff names,
// tag and channel names and add times in Asia/Shanghai; the staff, channel, status and add-date filters;
// the empty state; the profile with follows and timeline; tags added and removed, custom field values and the
// stage edited (with history), the personal-data export downloaded and the data erased.
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { addCustomers, adminRequest, browserWorld, shanghaiDay } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const suffix = Math.random().toString(36).slice(2, 10);
const ext = { chen: `wmchen${suffix}`, li: `wmli${suffix}`, wang: `wmwang${suffix}` };
const days = { chen: shanghaiDay(-1), li: shanghaiDay(-3), wang: shanghaiDay(-2) };
const at = (day: string, hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`) / 1000;
let channel: { id: string; name: string; state: string };
let tag: { id: string; name: string };

beforeAll(async () => {
  await bw.start();
  const ch = await adminRequest<typeof channel>(bw, 'POST', '/channels', { name: '展会渠道', staff: ['zhangsan'] });
  expect(ch.status).toBe(201);
  channel = ch.body;
  const tg = await adminRequest<typeof tag>(bw, 'POST', '/tags', { groupName: '客户等级', name: '重要客户' });
  expect(tg.status).toBe(201);
  tag = tg.body;
  await addCustomers(bw, [
    // 07:30 in Shanghai is the previous day in UTC: the list must show the Shanghai day.
    {
      externalUserId: ext.chen,
      name: '陈小姐',
      follows: [{ userId: 'zhangsan', state: channel.state, tags: [tag.id], remark: '陈小姐-展会', createTime: at(days.chen, '07:30') }],
    },
    { externalUserId: ext.li, name: '李先生', follows: [{ userId: 'lisi', createTime: at(days.li, '15:05') }] },
    { externalUserId: ext.wang, name: '王女士', corpName: '王氏贸易', follows: [{ userId: 'wangwu', createTime: at(days.wang, '20:45') }] },
  ]);
}, 120_000);
afterAll(() => bw.close());

const open = async (p: Page, path = '/console/customers') => {
  await p.goto(`${bw.url}${path}`);
  await p.locator('[data-test=customer-table], [data-test=empty]').first().waitFor();
};
const rowNames = (p: Page) => p.locator('[data-test=customer-link]').allInnerTexts();
const row = (p: Page, id: string) => p.locator(`[data-test=customer-row][data-id="${id}"]`);
async function searchWith(p: Page, fill: (p: Page) => Promise<unknown>) {
  await fill(p);
  const answered = p.waitForResponse((r) => r.url().includes('/customers?') && r.request().method() === 'GET');
  await p.locator('[data-test=search]').click();
  await answered;
  await p.locator('[data-test=list][aria-busy=false]').waitFor();
}

/** A page signed in through the simulator's WeCom QR login as this member (the role the tenant gives them). */
async function signedInAs(name: RegExp) {
  const p = await bw.page({ login: false });
  await p.goto(`${bw.url}/console/`);
  await p.locator('input[name=corpId]').fill(bw.corpId);
  await p.locator('[data-test=wecom-login]').click();
  await p.getByRole('link', { name }).first().click();
  await p.locator('[data-test=member]').waitFor();
  return p;
}

describe('客户 in a real browser', () => {
  it('lists the customers the API returns, with staff, tag and channel names and add times in Asia/Shanghai', async () => {
    const api = await adminRequest<{ items: Array<{ externalUserId: string; name: string }> }>(bw, 'GET', '/customers');
    expect(api.body.items.map((c) => c.externalUserId).sort()).toEqual(Object.values(ext).sort());
    const p = await bw.page();
    await open(p);
    expect(await p.locator('h1').innerText()).toBe('客户');
    expect((await rowNames(p)).sort()).toEqual(api.body.items.map((c) => c.name).sort());
    const chen = row(p, ext.chen);
    expect(await chen.locator('[data-test=cell-staff]').innerText()).toBe('张三（陈小姐-展会）');
    expect(await chen.locator('[data-test=cell-tags]').innerText()).toBe(tag.name);
    await chen.locator('[data-test=cell-channel]', { hasText: channel.name }).waitFor();
    expect(await chen.locator('[data-test=cell-added]').innerText()).toBe(`${days.chen} 07:30`);
    expect(await chen.locator('[data-test=cell-status]').innerText()).toBe('已添加');
    expect(await row(p, ext.wang).locator('[data-test=cell-added]').innerText()).toBe(`${days.wang} 20:45`);
    expect(await p.locator('[data-test=count]').innerText()).toBe('已显示 3 位客户');
    await p.screenshot({ path: '/tmp/console-customers.png', fullPage: true });
  });

  it('filters by staff, channel, status and add date, and says what to do when nothing matches', async () => {
    const p = await bw.page();
    await open(p);
    await p.locator('[data-test=filter-staff] option[value=lisi]').waitFor({ state: 'attached' });
    await searchWith(p, (q) => q.locator('[data-test=filter-staff]').selectOption('lisi'));
    expect(await rowNames(p)).toEqual(['李先生']);
    await searchWith(p, async (q) => {
      await q.locator('[data-test=filter-staff]').selectOption('');
      await q.locator('[data-test=filter-channel]').selectOption(channel.id);
    });
    expect(await rowNames(p)).toEqual(['陈小姐']);
    await searchWith(p, async (q) => {
      await q.locator('[data-test=filter-channel]').selectOption('');
      await q.locator('[data-test=filter-from]').fill(days.wang);
      await q.locator('[data-test=filter-to]').fill(days.wang);
    });
    expect(await rowNames(p)).toEqual(['王女士']);
    await searchWith(p, (q) => q.locator('[data-test=filter-status]').selectOption('deleted_by_customer'));
    expect(await p.locator('[data-test=empty]').innerText()).toBe('没有符合筛选条件的客户，请调整或重置筛选条件。');
    const answered = p.waitForResponse((r) => r.url().includes('/customers?'));
    await p.locator('[data-test=reset]').click();
    await answered;
    await p.locator('[data-test=list][aria-busy=false]').waitFor();
    await p.locator('[data-test=customer-row]').nth(2).waitFor();
    expect(await p.locator('[data-test=customer-row]').count()).toBe(3);
  });

  it('opens a profile: follows with remark, tags and channel, and the timeline', async () => {
    const api = await adminRequest<{ timeline: Array<{ kind: string }> }>(bw, 'GET', `/customers/${ext.chen}`);
    expect(api.status).toBe(200);
    const p = await bw.page();
    await open(p);
    await row(p, ext.chen).locator('[data-test=customer-link]').click();
    await p.locator('[data-test=customer-name]').waitFor();
    expect(new URL(p.url()).pathname).toBe(`/console/customers/${ext.chen}`);
    expect(await p.locator('[data-test=customer-name]').innerText()).toBe('陈小姐');
    const follow = p.locator('[data-test=follow-row]');
    expect(await follow.count()).toBe(1);
    const cells = await follow.locator('td').allInnerTexts();
    expect(cells.slice(0, 2)).toEqual(['张三', '陈小姐-展会']);
    expect(cells[2]).toBe(tag.name);
    await follow.locator('td', { hasText: channel.name }).waitFor();
    expect(cells[4]).toBe(`${days.chen} 07:30`);
    const items = await p.locator('[data-test=timeline-item]').allInnerTexts();
    expect(items).toHaveLength(api.body.timeline.length);
    expect(items[0]).toContain('添加了员工');
    expect(items[0]).toContain(`${days.chen} 07:30`);
    await p.screenshot({ path: '/tmp/console-customer.png', fullPage: true });
  });

  it('shows the API error for an unknown customer', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/customers/wmnobody${suffix}`);
    const err = p.locator('[data-test=error]');
    await err.waitFor();
    const api = await adminRequest<{ error: { message: string } }>(bw, 'GET', `/customers/wmnobody${suffix}`);
    expect(api.status).toBe(404);
    expect(await err.innerText()).toBe(api.body.error.message);
  });

  it('shows a staff member only their own customers, without the filters their role may not use', async () => {
    const p = await signedInAs(/李四/);
    expect(await p.locator('[data-test=member]').innerText()).toContain('lisi · 员工');
    await open(p);
    expect(await rowNames(p)).toEqual(['李先生']);
    expect(await p.locator('[data-test=filter-staff]').count()).toBe(0);
    expect(await p.locator('[data-test=filter-channel]').count()).toBe(0);
    expect(await p.locator('[data-test=filter-tag]').count()).toBe(1);
  });
});

describe('客户资料: tags, custom fields, stage and personal data', () => {
  const zhao = `wmzhao${suffix}`;
  let vip: { id: string; name: string };
  let source: { id: string };
  let budget: { id: string };
  type Detail = {
    name: string | null;
    follows: Array<{ userId: string; tags: string[] }>;
    stage: string | null;
    fields: Record<string, unknown>;
    stageHistory: Array<{ from: string | null; to: string; note?: string }>;
  };
  const detail = async () => (await adminRequest<Detail>(bw, 'GET', `/customers/${zhao}`)).body;

  beforeAll(async () => {
    vip = (await adminRequest<typeof vip>(bw, 'POST', '/tags', { groupName: '客户等级', name: 'VIP' })).body;
    source = (await adminRequest<typeof source>(bw, 'POST', '/customer-fields', { name: '客户来源', type: 'single', options: ['展会', '官网'] })).body;
    budget = (await adminRequest<typeof budget>(bw, 'POST', '/customer-fields', { name: '预算（元）', type: 'number' })).body;
    await addCustomers(bw, [{ externalUserId: zhao, name: '赵先生', follows: [{ userId: 'zhangsan', tags: [tag.id] }] }]);
  });

  it('adds and removes tags through PATCH …/tags', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/customers/${zhao}`);
    await p.locator('[data-test=tag-form]').waitFor();
    await p.locator(`[data-test=tag-select] option[value="${vip.id}"]`).waitFor({ state: 'attached' });
    await p.locator('[data-test=tag-select]').selectOption(vip.id);
    await p.locator('[data-test=tag-add]').click();
    await p.locator(`[data-test=tag][data-id="${vip.id}"]`).waitFor();
    expect((await detail()).follows[0]!.tags.sort()).toEqual([tag.id, vip.id].sort());

    await p.getByRole('button', { name: `移除标签 ${tag.name}` }).click();
    await p.locator(`[data-test=tag][data-id="${tag.id}"]`).waitFor({ state: 'detached' });
    expect((await detail()).follows[0]!.tags).toEqual([vip.id]);
  });

  it('edits custom field values and moves the stage, with the history shown', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/customers/${zhao}`);
    await p.locator('[data-test=fields-form]').waitFor();
    expect(await p.locator('[data-test=stage-current]').innerText()).toBe('未设置');
    await p.locator(`[data-test=field][data-id="${source.id}"] select`).selectOption('展会');
    await p.locator(`[data-test=field][data-id="${budget.id}"] input`).fill('5000');
    await p.locator('[data-test=fields-save]').click();
    await p.locator('[data-test=attributes-notice]', { hasText: '字段已保存' }).waitFor();
    expect((await detail()).fields).toEqual({ [source.id]: '展会', [budget.id]: 5000 });

    await p.locator('[data-test=stage-select]').selectOption('意向');
    await p.locator('[data-test=stage-note]').fill('已报价');
    await p.locator('[data-test=stage-save]').click();
    await p.locator('[data-test=stage-current]', { hasText: '意向' }).waitFor();
    const move = p.locator('[data-test=stage-move]').first();
    await move.waitFor();
    expect(await move.innerText()).toContain('— → 意向');
    expect(await move.innerText()).toContain('已报价');
    const d = await detail();
    expect(d.stage).toBe('意向');
    expect(d.stageHistory).toMatchObject([{ from: null, to: '意向', note: '已报价' }]);

    // Clearing a value sends null.
    await p.locator(`[data-test=field][data-id="${budget.id}"] input`).fill('');
    const cleared = p.waitForRequest((r) => r.url().endsWith('/fields') && r.method() === 'PUT');
    const reloaded = p.waitForResponse((r) => r.url().endsWith(`/customers/${zhao}`) && r.request().method() === 'GET');
    await p.locator('[data-test=fields-save]').click();
    expect(JSON.parse((await cleared).postData() ?? '{}')).toEqual({ values: { [budget.id]: null } });
    await reloaded;
    expect((await detail()).fields).toEqual({ [source.id]: '展会' });
    await p.screenshot({ path: 'test-artifacts/console-customer-attributes.png', fullPage: true });
  });

  it('lets an admin download the personal-data export and erase it after a confirm', async () => {
    const p = await bw.page();
    await p.goto(`${bw.url}/console/customers/${zhao}`);
    await p.locator('[data-test=personal-data]').waitFor();
    const download = p.waitForEvent('download');
    await p.locator('[data-test=personal-export]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`personal-data-${zhao}.json`);
    const path = await file.path();
    const doc = JSON.parse(readFileSync(path, 'utf8')) as { externalUserId: string; sections: object };
    expect(doc.externalUserId).toBe(zhao);
    expect(JSON.stringify(doc.sections)).toContain('赵先生');

    let asked = '';
    p.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await p.locator('[data-test=personal-erase]').click();
    await p.locator('[data-test=personal-notice]').waitFor();
    expect(asked).toContain('确定删除该客户的个人信息');
    const after = await detail();
    expect(after.name).not.toBe('赵先生');
    expect(await p.locator('[data-test=personal-notice]').innerText()).toContain(after.name ?? '');
  });

  it('shows a staff member neither the tag editor nor the personal-data actions', async () => {
    const p = await signedInAs(/李四/);
    await p.goto(`${bw.url}/console/customers/${ext.li}`);
    await p.locator('[data-test=attributes]').waitFor();
    expect(await p.locator('[data-test=tag-form]').count()).toBe(0);
    expect(await p.locator('[data-test=personal-data]').count()).toBe(0);
    expect(await p.locator('[data-test=stage-form]').count()).toBe(0);
  });
});
