// The sidebar's group view (group_chat_tools) in headless Chromium at a phone's width, against the real sidebar API,
// auth and console functions on DynamoDB Local, with the simulator's JS-SDK stub in place of WeCom's scripts: a
// customer group owned by 李四 (in WeCom, in our registry through the real group-routing consumer, in a group code
// made with the admin API, with customers 李四 follows) opened from that chat shows name, owner, member count,
// group code, customers and recent joins exactly as GET /sidebar/v1/groups/{chatId} answers; 王五, who neither
// owns nor is in it, sees the refusal and nothing of the group.
import type { Page } from 'playwright-core';
import { routeGroup } from '../../functions/group-routing/route-group';
import { messageFor, queueMessage } from '../support/queue-messages';
import { addCustomers, adminCall, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const CHAT = 'wrSidebarGroup0001';
const T0 = 1_764_500_000;

interface GroupJson {
  chatId: string;
  name: string;
  owner: string;
  ownerName: string;
  memberCount: number;
  groupCode: { id: string; name: string } | null;
  customers: Array<{ externalUserId: string; name: string }>;
  recent: Array<{ kind: 'join' | 'leave'; who: string; name: string; at: string }>;
}

async function sim(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${bw.world.sim.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`sim POST ${path}: ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  await bw.start();
  const { corpId, world } = bw;
  // Our customers: 李四 follows both (the relationship consumer projects them).
  await addCustomers(bw, [
    { externalUserId: 'wmSbGroupCust01', name: '陈小姐', follows: [{ userId: 'lisi', createTime: T0 }] },
    { externalUserId: 'wmSbGroupCust02', name: '周先生', follows: [{ userId: 'lisi', createTime: T0 + 5 }] },
  ]);
  // The group in WeCom: 李四 owns it, 张三 and the two customers joined later, one after the other.
  world.sim.state.addGroupChats(corpId, [
    {
      chatId: CHAT,
      name: '会员福利群',
      owner: 'lisi',
      createTime: T0 + 100,
      members: [
        { userId: 'lisi', type: 1, name: '李四', joinTime: T0 + 100 },
        { userId: 'zhangsan', type: 1, name: '张三', joinTime: T0 + 200 },
        { userId: 'wmSbGroupCust01', type: 2, name: '陈小姐', joinTime: T0 + 300, joinScene: 3 },
        { userId: 'wmSbGroupCust02', type: 2, name: '周先生', joinTime: T0 + 400, joinScene: 3 },
      ],
    },
  ]);
  // Our registry learns of it from the change_external_chat create callback (the real group-routing consumer).
  const deps = {
    ...world.stores,
    secrets: world.secrets,
    wecom: world.wecom,
    clock: world.clock,
    sleep: (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)),
  };
  const created = queueMessage({ corpId, type: 'change_external_chat.create', occurredAt: T0 + 100, event: { ChatId: CHAT } });
  expect(await routeGroup(deps, messageFor('group-routing', created))).toBe('applied');
  // A group code holding it, made as an operator does (WeCom's add_join_way).
  await adminCall(bw, 'POST', '/group-codes', { name: '会员福利活码', chatIds: [CHAT] });
}, 120_000);
afterAll(() => bw.close());

/** The sidebar opened from the group chat, passing the simulator's OAuth page as the member with this userid. */
async function openGroupAs(userId: string): Promise<Page> {
  await sim('/__sim/jssdk-context', { corpId: bw.corpId, entry: 'group_chat_tools', chatId: CHAT });
  const p = await bw.page({ login: false });
  await p.setViewportSize({ width: 360, height: 740 });
  await p.goto(`${bw.url}/sidebar/?corpId=${bw.corpId}`);
  await p.locator(`a[data-userid=${userId}]`).click();
  await p.waitForURL(`${bw.url}/sidebar/?corpId=${bw.corpId}`);
  return p;
}

/** GET /sidebar/v1/groups/{chatId} with the page's own session cookie. */
async function apiAnswer(p: Page): Promise<{ status: number; body: GroupJson }> {
  const cookie = (await p.context().cookies(bw.url)).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await fetch(`${bw.url}/sidebar/v1/groups/${CHAT}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as GroupJson };
}

/** An ISO time as the page shows it: Beijing time, to the minute. */
const beijing = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

const horizontalOverflow = (p: Page) => p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('侧边栏 group view in a real browser', () => {
  it('shows 李四 his group: name, owner, member count, group code, customers and recent joins, as the API answers', async () => {
    const p = await openGroupAs('lisi');
    await p.locator('[data-test=group-name]').waitFor();
    const { status, body: api } = await apiAnswer(p);
    expect(status).toBe(200);
    // The API tells what was seeded …
    expect(api).toMatchObject({ chatId: CHAT, name: '会员福利群', owner: 'lisi', ownerName: '李四', memberCount: 4, groupCode: { name: '会员福利活码' } });
    expect(api.customers.map((c) => c.externalUserId).sort()).toEqual(['wmSbGroupCust01', 'wmSbGroupCust02']);
    expect(api.recent.map((r) => r.who)).toEqual(['wmSbGroupCust02', 'wmSbGroupCust01', 'zhangsan', 'lisi']);
    // … and the page shows exactly that.
    expect(await p.locator('[data-test=group-name]').innerText()).toBe(api.name);
    expect(await p.locator('[data-test=group-owner]').innerText()).toBe(api.ownerName);
    expect(await p.locator('[data-test=group-owner]').getAttribute('data-userid')).toBe(api.owner);
    expect(await p.locator('[data-test=group-member-count]').innerText()).toBe(`${api.memberCount} 人`);
    expect(await p.locator('[data-test=group-code]').innerText()).toBe(api.groupCode!.name);
    expect(await p.locator('[data-test=group-customer]').evaluateAll((li) => li.map((l) => [l.getAttribute('data-id'), l.textContent?.trim()]))).toEqual(
      api.customers.map((c) => [c.externalUserId, c.name]),
    );
    const events = p.locator('[data-test=group-event]');
    expect(await events.evaluateAll((li) => li.map((l) => [l.getAttribute('data-kind'), l.getAttribute('data-who')]))).toEqual(
      api.recent.map((r) => [r.kind, r.who]),
    );
    expect((await events.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())).toEqual(api.recent.map((r) => `${r.name} 入群 ${beijing(r.at)}`));
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: '/tmp/sidebar-group.png', fullPage: true });
  });

  it('refuses 王五, who neither owns nor is in the group, and shows nothing of it', async () => {
    const p = await openGroupAs('wangwu');
    await p.locator('[data-test=refused]').waitFor();
    expect(await p.locator('[data-test=refused]').innerText()).toBe('你不是该群的群主或成员，无法查看群信息。');
    const body = await p.locator('body').innerText();
    for (const secret of ['会员福利群', '会员福利活码', '陈小姐', '周先生', 'lisi']) expect(body).not.toContain(secret);
    expect(await p.locator('[data-test=group-name]').count()).toBe(0);
    expect((await apiAnswer(p)).status).toBe(403);
  });
});
