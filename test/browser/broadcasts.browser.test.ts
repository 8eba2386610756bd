// 群发 list and results in headless Chromium against the real admin API on DynamoDB Local and the WeCom simulator:
// broadcasts created through the API are listed (not only this browser's); one sent by the real broadcast job
// shows its delivery results after a member sends (reach, per-status counts, each member's completion);
// 提醒发送 reaches WeCom until the 3 per 24 h are used, then the API's 429 message with the next allowed time is
// shown; 取消 cancels it; a manager (read only) sees the results without either button.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { runBroadcasts, type BroadcastJobDeps } from '../../functions/schedules/broadcast/run-broadcasts';
import { adminCall, browserWorld, pageAsMember } from './harness';

jest.setTimeout(90_000);
const bw = browserWorld();

type Broadcast = {
  id: string;
  status: string;
  msgids: string[];
  delivery?: {
    status: string;
    reach: number;
    recipients: { sent: number; unsent: number; notFriend: number; alreadyReceived: number };
    staff: Array<{ userid: string; sent: boolean }>;
    reminders: string[];
  };
};

const zhang = ['wmBcastZhang01', 'wmBcastZhang02', 'wmBcastZhang03'];
const li = ['wmBcastLi00001', 'wmBcastLi00002'];
let deps: BroadcastJobDeps;
/** The broadcast job as it runs every minute; `minutes` ahead reads the results the 10-minute poll would. */
const runJob = (minutes = 0) => runBroadcasts(deps, { corpId: bw.corpId, nowMs: Date.now() + minutes * 60_000 });

beforeAll(async () => {
  await bw.start();
  const w = bw.world;
  const addedAt = Math.floor(Date.now() / 1000) - 86_400;
  const seed: Array<[string, string]> = [...zhang.map((id): [string, string] => [id, 'zhangsan']), ...li.map((id): [string, string] => [id, 'lisi'])];
  w.sim.state.addCustomers(
    bw.corpId,
    seed.map(([externalUserId, userId]) => ({ externalUserId, name: `客户${externalUserId.slice(-2)}`, follows: [{ userId, createTime: addedAt }] })),
  );
  for (const [externalUserId, userId] of seed) {
    await w.stores.follows.apply({
      corpId: bw.corpId,
      externalUserId,
      userId,
      status: 'active',
      changedAt: addedAt,
      rank: 2,
      eventKey: randomUUID(),
      added: { at: addedAt },
    });
  }
  const s = w.stores;
  // 赵六 leads 客服部: a manager, who may read broadcasts but not send, remind or cancel.
  const tenant = (await s.tenants.get(bw.corpId))!;
  await s.tenants.put({ ...tenant, managers: { zhaoliu: 3 } });
  deps = {
    tenants: s.tenants,
    secrets: w.secrets,
    wecom: w.wecom,
    follows: s.follows,
    customerRecords: s.customerRecords,
    customerFields: s.customerFields,
    groups: s.groups,
    quota: s.quota,
    broadcasts: s.broadcasts,
    due: new DynamoDueStore(w.doc, w.table, w.clock),
    leases: s.leases,
    clock: w.clock,
    materials: s.materials,
    blobs: w.blobs,
  };
}, 120_000);
afterAll(() => bw.close());

const text = (p: Page, sel: string) => p.locator(`[data-test=${sel}]`).innerText();
const figure = (p: Page, sel: string) => p.locator(`[data-test=${sel}] dd`).innerText();

describe('群发 list and results in a real browser', () => {
  it('lists the broadcasts the API holds, newest first, with their status', async () => {
    const a = await adminCall<{ id: string }>(bw, 'POST', '/broadcasts', { target: 'customers', filter: { staff: ['lisi'] }, content: { text: '周末特惠' } });
    const b = await adminCall<{ id: string }>(bw, 'POST', '/broadcasts', {
      target: 'customers',
      filter: { staff: ['zhangsan'] },
      content: { text: '新品预告' },
      sendAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const api = await adminCall<{ items: Array<{ id: string; audience: number }> }>(bw, 'GET', '/broadcasts');
    const p = await bw.page();
    await p.goto(`${bw.url}/console/broadcasts`);
    await p.locator('[data-test=list-table]').waitFor();
    const ids = await p.locator('[data-test=list-row]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')));
    expect(ids).toEqual(api.items.map((x) => x.id));
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    const row = (await p.locator(`[data-test=list-row][data-id="${b.id}"] td`).allInnerTexts()).slice(1, 5);
    // Scheduled: the audience is counted when it is first sent.
    expect(row).toEqual(['客户群发', '新品预告', '待发送', String(api.items.find((x) => x.id === b.id)!.audience)]);
    await p.locator(`[data-test=list-row][data-id="${a.id}"] a`).click();
    await p.locator('[data-test=broadcast] [data-test=status]').waitFor();
    expect(await text(p, 'text')).toBe('周末特惠');
  });

  it('shows the delivery results, reminds until WeCom’s limit (then the 429 with the next time) and cancels', async () => {
    const created = await adminCall<{ id: string }>(bw, 'POST', '/broadcasts', {
      target: 'customers',
      filter: { staff: ['zhangsan', 'lisi'] },
      content: { text: '年终回馈' },
    });
    await runJob();
    const sent = await adminCall<Broadcast>(bw, 'GET', `/broadcasts/${created.id}`);
    expect(sent.delivery?.status).toBe('accepted');
    // 张三 sends in WeCom; the next results poll reads it.
    for (const msgid of sent.msgids) bw.world.sim.state.markGroupMsgSent(bw.corpId, msgid, 'zhangsan');
    await runJob(11);
    const polled = await adminCall<Broadcast>(bw, 'GET', `/broadcasts/${created.id}`);
    expect(polled.delivery).toMatchObject({ status: 'sending', reach: 3, recipients: { sent: 3, unsent: 2 } });

    const p = await bw.page();
    p.on('dialog', (d) => void d.accept());
    await p.goto(`${bw.url}/console/broadcasts/${created.id}`);
    await p.locator('[data-test=delivery]').waitFor();
    expect(await text(p, 'delivery-status')).toBe('成员发送中');
    expect(await figure(p, 'reach')).toBe('3');
    expect(await figure(p, 'recipients-sent')).toBe('3');
    expect(await figure(p, 'recipients-unsent')).toBe('2');
    expect(await figure(p, 'recipients-notFriend')).toBe('0');
    expect(await figure(p, 'recipients-alreadyReceived')).toBe('0');
    expect(await text(p, 'completion')).toBe('已发送 1/2 名成员（50.0%）');
    const members = Object.fromEntries(
      (await p.locator('[data-test=member-row]').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim())).map(([u, s]) => [u, s]),
    );
    expect(members).toEqual({ zhangsan: '已发送', lisi: '未发送' });
    // The list shows the same results.
    await p.locator('a', { hasText: '群发' }).first().click();
    const listRow = p.locator(`[data-test=list-row][data-id="${created.id}"] td`);
    await listRow.first().waitFor();
    expect((await listRow.allInnerTexts()).slice(3)).toEqual(['成员发送中', '5', '3', '1/2（50.0%）']);
    await p.goBack();
    await p.locator('[data-test=delivery]').waitFor();

    const reminds = () =>
      bw.world.sim.state.calls({ corpId: bw.corpId, path: '/cgi-bin/externalcontact/remind_groupmsg_send' }).filter((c) => c.errcode === 0).length;
    const before = reminds();
    for (let i = 1; i <= 3; i++) {
      await p.locator('[data-test=remind]').click();
      await p.locator('[data-test=reminders]', { hasText: `已提醒 ${i} 次` }).waitFor();
      expect(await text(p, 'reminded')).toBe('已提醒未发送的成员。');
    }
    expect(reminds() - before).toBe(3 * sent.msgids.length);
    await p.locator('[data-test=remind]').click();
    await p.locator('[data-test=action-error]').waitFor();
    // The same request as the API answers it (in Chinese): the page shows its message and the next allowed time.
    const res = await fetch(`${bw.url}/admin/v1/tenants/${bw.corpId}/broadcasts/${created.id}/remind`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bw.superKey}`, 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      body: '{}',
    });
    const refused = { status: res.status, body: (await res.json()) as { error: { message: string; details: { nextAt: string } } } };
    expect(refused.status).toBe(429);
    expect(await text(p, 'action-error')).toContain(refused.body.error.message);
    const next = new Date(Date.parse(refused.body.error.details.nextAt) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(await text(p, 'next-remind')).toBe(`下次可提醒：${next}`);
    expect(reminds() - before).toBe(3 * sent.msgids.length);
    await p.screenshot({ path: 'test-artifacts/console-broadcast-results.png', fullPage: true });

    const manager = await pageAsMember(bw, /赵六/);
    await manager.goto(`${bw.url}/console/broadcasts/${created.id}`);
    await manager.locator('[data-test=delivery]').waitFor();
    expect(await manager.locator('[data-test=completion]').innerText()).toBe('已发送 1/2 名成员（50.0%）');
    expect(await manager.locator('[data-test=remind], [data-test=cancel]').count()).toBe(0);

    await p.locator('[data-test=cancel]').click();
    await p.locator('[data-test=delivery-status]', { hasText: '已取消' }).waitFor();
    expect((await adminCall<Broadcast>(bw, 'GET', `/broadcasts/${created.id}`)).delivery?.status).toBe('cancelled');
    expect(await p.locator('[data-test=remind]').count()).toBe(0);
    expect(await p.locator('[data-test=cancel]').count()).toBe(0);
  });
});
