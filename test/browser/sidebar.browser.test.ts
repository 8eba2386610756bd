// The staff sidebar (/sidebar/) in headless Chromium at a phone's width, against the real sidebar API, auth and
// console functions on DynamoDB Local, with the simulator's JS-SDK stub in place of WeCom's scripts: 李四 opens
// it from a chat with a customer he follows (in-client OAuth through the simulator), sees the profile with tags
// and timeline, adds a tag (exactly one mark_tag reaches WeCom), finds a quick reply and sends it (recorded by
// the stub, counted once); a customer he does not follow is refused; nothing overflows at 360 px.
import type { Page } from 'playwright-core';
import { applyContactChange } from '../../functions/relationship/apply-contact-change';
import { messageFor, queueMessage } from '../support/queue-messages';
import { adminCall, browserWorld } from './harness';

jest.setTimeout(60_000);
const bw = browserWorld();
const FOLLOWED = 'wmSidebarFollowed01';
const STRANGER = 'wmSidebarStranger01';
const tagIds: Record<string, string> = {};
let replyId = '';

interface JssdkCall {
  name: string;
  args: Record<string, unknown>;
  errMsg: string;
}

async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${bw.world.sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!res.ok) throw new Error(`sim ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const chatWith = (externalUserId: string) => sim('POST', '/__sim/jssdk-context', { corpId: bw.corpId, entry: 'single_chat_tools', externalUserId });
const jssdkCalls = async () => (await sim<{ calls: JssdkCall[] }>('GET', `/__sim/jssdk-calls?corpId=${bw.corpId}`)).calls;
const markTagCalls = () => bw.world.sim.state.calls({ path: '/cgi-bin/externalcontact/mark_tag', corpId: bw.corpId }).length;

beforeAll(async () => {
  await bw.start();
  const { corpId, world } = bw;
  for (const [groupName, name] of [
    ['客户等级', 'VIP'],
    ['客户等级', '潜在客户'],
    ['兴趣', '护肤'],
  ] as const) {
    const tag = await adminCall<{ id: string }>(bw, 'POST', '/tags', { groupName, name });
    tagIds[name] = tag.id;
  }
  // Two customers in WeCom: one 李四 follows (tagged VIP), one only 王五 follows; our side learns of them
  // from the add_external_contact callbacks (the relationship consumer's use case).
  world.sim.state.addCustomers(corpId, [
    {
      externalUserId: FOLLOWED,
      name: '王小明',
      corpName: '明明贸易',
      follows: [{ userId: 'lisi', remark: '王总', tags: [tagIds.VIP!], createTime: 1_764_500_000 }],
    },
    { externalUserId: STRANGER, name: '秘密客户', follows: [{ userId: 'wangwu', createTime: 1_764_500_000 }] },
  ]);
  const deps = { ...world.stores, tenants: world.stores.tenants, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
  for (const [userId, externalUserId] of [
    ['lisi', FOLLOWED],
    ['wangwu', STRANGER],
  ] as const) {
    const message = queueMessage({ corpId, occurredAt: 1_764_500_000, event: { UserID: userId, ExternalUserID: externalUserId, State: '' } });
    await applyContactChange(deps, messageFor('relationship', message));
  }
  replyId = (
    await adminCall<{ id: string }>(bw, 'POST', '/quick-replies', { group: '开场白', title: '问候语', content: '您好，我是思域的顾问李四，很高兴为您服务。' })
  ).id;
  await adminCall(bw, 'POST', '/quick-replies', { group: '售后', title: '退换货', content: '七天无理由退换货，请保留包装。' });
  // A reply with an image of the material library: resolved to a media_id when it is sent.
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1200, 7)]);
  const material = await adminCall<{ id: string }>(bw, 'POST', '/materials', {
    kind: 'image',
    filename: 'poster.png',
    contentType: 'image/png',
    data: png.toString('base64'),
  });
  await adminCall(bw, 'POST', '/quick-replies', { group: '活动', title: '海报', content: '本周活动海报', attachments: [{ materialId: material.id }] });
}, 120_000);
afterAll(() => bw.close());

/** A phone-sized page, not signed in: the sidebar's first open in the WeCom client. */
async function phone(): Promise<Page> {
  const p = await bw.page({ login: false });
  await p.setViewportSize({ width: 360, height: 740 });
  return p;
}

/** Opens the sidebar as WeCom does (its URL carries ?corpId=) and passes the simulator's OAuth page as 李四. */
async function openAsLisi(p: Page): Promise<void> {
  await p.goto(`${bw.url}/sidebar/?corpId=${bw.corpId}`);
  await p.locator('a[data-userid=lisi]').click();
  await p.waitForURL(`${bw.url}/sidebar/?corpId=${bw.corpId}`);
}

const horizontalOverflow = (p: Page) => p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('侧边栏 in a real browser', () => {
  let p: Page;

  it('signs 李四 in through in-client OAuth and shows the customer he follows, with tags and timeline', async () => {
    await chatWith(FOLLOWED);
    p = await phone();
    await openAsLisi(p);
    await p.locator('[data-test=customer-name]').waitFor();
    expect(await p.locator('[data-test=customer-name]').innerText()).toBe('王小明');
    expect(await p.locator('[data-test=remark]').inputValue()).toBe('王总');
    expect(await p.locator('[data-test=tags]').innerText()).toContain('客户等级');
    expect(await p.locator('[data-test=tag]').allInnerTexts()).toEqual(['VIP ×']);
    expect(await p.locator('[data-test=timeline] li').count()).toBeGreaterThan(0);
    // Registered with both signatures (the stub checked them against the simulator's tickets).
    const registered = (await jssdkCalls()).filter((c) => c.name === 'config' || c.name === 'agentConfig');
    expect(registered.map((c) => c.errMsg)).toEqual(['config:ok', 'agentConfig:ok']);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: '/tmp/sidebar-customer.png', fullPage: true });
  });

  it('adds a tag from the picker: exactly one mark_tag in WeCom, and the tag shows under its group', async () => {
    const before = markTagCalls();
    await p.locator('[data-test=add-tag]').click();
    await p.locator(`[data-test=pick-tag][data-tag-id="${tagIds['护肤']}"]`).click();
    await p.locator('[data-test=tag]', { hasText: '护肤' }).waitFor();
    expect((await p.locator('[data-test=tag]').allInnerTexts()).sort()).toEqual(['VIP ×', '护肤 ×'].sort());
    expect(markTagCalls() - before).toBe(1);
    const call = bw.world.sim.state.calls({ path: '/cgi-bin/externalcontact/mark_tag', corpId: bw.corpId }).at(-1)!;
    expect(call.body).toMatchObject({ userid: 'lisi', external_userid: FOLLOWED, add_tag: [tagIds['护肤']] });
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
  });

  it('finds a quick reply by search and sends it into the chat: recorded by the stub, counted once', async () => {
    await p.locator('[data-test=tab-replies]').click();
    await p.locator('[data-test=reply]').first().waitFor();
    await p.locator('[data-test=reply-search]').fill('顾问');
    // The debounced search leaves one of the two replies (the page's CSP forbids evaluated strings: locators only).
    await p.locator('[data-test=reply]').nth(1).waitFor({ state: 'detached' });
    expect(await p.locator('[data-test=reply]').innerText()).toContain('问候语');
    await p.locator('[data-test=reply-send]').click();
    await p.locator('[data-test=reply-send]', { hasText: '已发送' }).waitFor();
    const sent = (await jssdkCalls()).filter((c) => c.name === 'sendChatMessage');
    expect(sent).toEqual([
      {
        at: expect.any(Number),
        name: 'sendChatMessage',
        args: { msgtype: 'text', enterChat: false, text: { content: '您好，我是思域的顾问李四，很高兴为您服务。' } },
        errMsg: 'sendChatMessage:ok',
      },
    ]);
    expect(await p.locator('[data-test=reply]').innerText()).toContain('已用 1 次');
    expect(bw.requests.filter((r) => r === `POST /sidebar/v1/quick-replies/${replyId}/sent`)).toHaveLength(1);
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await p.screenshot({ path: '/tmp/sidebar-replies.png', fullPage: true });
  });

  it('sends a quick reply with a material as an image whose media_id WeCom issued just now', async () => {
    await p.locator('[data-test=reply-search]').fill('海报');
    await p.locator('[data-test=reply]', { hasText: '海报' }).waitFor();
    await p.locator('[data-test=reply]').nth(1).waitFor({ state: 'detached' });
    await p.locator('[data-test=reply-send]').click();
    await p.locator('[data-test=reply-send]', { hasText: '已发送' }).waitFor();
    const sent = (await jssdkCalls()).filter((c) => c.name === 'sendChatMessage');
    const last = sent.at(-1) as unknown as { args: { msgtype: string; image?: { mediaid: string } } };
    expect(last.args.msgtype).toBe('image');
    expect(bw.world.sim.state.corp(bw.corpId).media.get(last.args.image!.mediaid)?.type).toBe('image');
  });

  it('refuses a customer 李四 does not follow, showing nothing of them', async () => {
    await chatWith(STRANGER);
    await p.reload();
    await p.locator('[data-test=refused]').waitFor();
    expect(await p.locator('[data-test=refused]').innerText()).toBe('你不是该客户的跟进人，无法查看其资料。');
    expect(await p.locator('body').innerText()).not.toContain('秘密客户');
    expect(await p.locator('[data-test=customer-name]').count()).toBe(0);
    await p.screenshot({ path: '/tmp/sidebar-refused.png', fullPage: true });
  });

  it('outside a customer chat, a friendly note; without a corpId and a session, how to open it', async () => {
    await sim('POST', '/__sim/jssdk-context', { corpId: bw.corpId, entry: 'normal' });
    await p.reload();
    await p.locator('[data-test=other-entry]').waitFor();
    expect(await p.locator('[data-test=other-entry]').innerText()).toContain('单聊或客户群聊');
    const fresh = await phone();
    await fresh.goto(`${bw.url}/sidebar/`);
    await fresh.locator('[data-test=note]').waitFor();
    expect(await fresh.locator('[data-test=note]').innerText()).toContain('?corpId=');
  });
});
