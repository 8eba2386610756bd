// Results of broadcasts (群发结果) against DynamoDB Local and the WeCom simulator over HTTP: the broadcast job
// follows get_groupmsg_task / get_groupmsg_send_result until final; the admin routes list, remind (≤ 3 per
// 24 h, refused by us before the call) and cancel; the tenant's own per-customer caps. The clock (ours and
// the simulator's) is fixed and moved by hand.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { isAppError } from '../../shared/errors';
import { mapLimit } from '../../shared/map-limit';
import { integrationWorld } from '../../test/support/integration-world';
import { RecordingWebhookPublisher } from '../../test/support/fakes/webhooks';
import { runBroadcasts, type BroadcastJobDeps } from '../schedules/broadcast/run-broadcasts';
import type { BroadcastView } from './broadcast.view';
import { invoke } from './dispatch';
import { broadcastRoutes } from './routes/broadcasts';
import { tenantRoutes } from './routes/tenants';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: true, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
let sim: typeof world.sim;
let deps: BroadcastJobDeps;
const { follows, customerRecords, quota } = world.stores;
const due = new DynamoDueStore(world.doc, world.table, clock);
const webhooks = new RecordingWebhookPublisher();
/** broadcast.finished as published for a tenant (every publish, duplicates included). */
const finishedEvents = (corpId: string) => webhooks.sent.filter((e) => e.corpId === corpId && e.type === 'broadcast.finished');

const ext = (prefix: string, i: number) => `wm${prefix}${String(i).padStart(8, '0')}`;

async function seedCustomers(corpId: string, ids: string[], userId: string) {
  const addedAt = Math.floor(clock.now() / 1000) - 86_400;
  sim.state.addCustomers(
    corpId,
    ids.map((externalUserId) => ({ externalUserId, name: `客户${externalUserId.slice(-4)}`, follows: [{ userId, createTime: addedAt }] })),
  );
  await mapLimit(ids, 16, (id) =>
    follows.apply({ corpId, externalUserId: id, userId, status: 'active', changedAt: addedAt, rank: 2, eventKey: randomUUID(), added: { at: addedAt } }),
  );
}

/** Calls a route as the API runs it: the JSON body, or the AppError it answered. */
async function call(
  route: keyof typeof broadcastRoutes,
  corpId: string,
  raw: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> },
) {
  try {
    // The handler reads an empty request body as {} (dispatch.ts): remind and cancel are sent without one.
    const body = route === 'remind' || route === 'cancel' ? { body: {} } : {};
    const reply = await invoke(broadcastRoutes[route] as never, deps, corpId, { ...body, ...raw });
    return { ok: true as const, status: reply.status, body: (reply as { body: unknown }).body };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { ok: false as const, status: e.httpStatus, code: e.code, details: e.details, message: e.messageIn('zh-CN') };
  }
}
const getOne = async (corpId: string, id: string) => (await call('get', corpId, { params: { id } })).body as BroadcastView;

async function simHook(path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json() as Promise<{ updated: number }>;
}
/** The calls WeCom answered (a call retried after an expired token is counted once). */
const simCalls = (corpId: string, api: string) => sim.state.calls({ corpId, path: `/cgi-bin/externalcontact/${api}` }).filter((c) => c.errcode === 0);

/** A customer broadcast to two members' customers, sent (WeCom accepted it): its id and msgids. */
async function sentBroadcast(corpId: string) {
  const created = await call('create', corpId, { body: { target: 'customers', filter: { staff: ['zhangsan', 'lisi'] }, content: { text: '年终回馈' } } });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  await runBroadcasts(deps, { corpId, nowMs: clock.now() });
  const b = await getOne(corpId, id);
  expect(b.status).toBe('sent');
  return { id, msgids: b.msgids };
}

const poll = async (corpId: string, minutes = 10) => {
  clock.advance(minutes * 60_000);
  return runBroadcasts(deps, { corpId, nowMs: clock.now() });
};

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  const { tenants, groups, broadcasts, leases, customerFields, materials } = world.stores;
  deps = {
    tenants,
    secrets: world.secrets,
    wecom: world.wecom,
    follows,
    customerRecords,
    customerFields,
    groups,
    quota,
    broadcasts,
    due,
    leases,
    clock,
    materials,
    blobs: world.blobs,
    webhookEvents: webhooks,
  };
});
afterAll(() => world.close());
beforeEach(() => clock.set(at('2026-11-23T10:00:00')));

describe('broadcast results', () => {
  it('follows member completion and per-recipient status until every member sent (accepted → sending → finished)', async () => {
    const corpId = await world.newTenant('bres');
    const zhang = [ext('z', 1), ext('z', 2), ext('z', 3)];
    const li = [ext('l', 1), ext('l', 2)];
    await seedCustomers(corpId, zhang, 'zhangsan');
    await seedCustomers(corpId, li, 'lisi');
    const { id, msgids } = await sentBroadcast(corpId);
    expect(msgids).toHaveLength(2); // one per sender
    expect((await getOne(corpId, id)).delivery).toMatchObject({ status: 'accepted', reach: 0, staffTotal: 0 });

    await poll(corpId);
    expect((await getOne(corpId, id)).delivery).toMatchObject({
      status: 'accepted',
      reach: 0,
      recipients: { unsent: 5, sent: 0, notFriend: 0, alreadyReceived: 0 },
      staffTotal: 2,
      staffSent: 0,
      completion: 0,
    });

    // A customer deletes zhangsan, then zhangsan confirms in the client: 2 sent, 1 not a friend.
    sim.state.corp(corpId).follows.get(zhang[0]!)!.delete('zhangsan');
    expect(
      (await simHook('/__sim/groupmsg-sent', { corpId, msgid: msgids[0], userId: 'zhangsan' })).updated +
        (await simHook('/__sim/groupmsg-sent', { corpId, msgid: msgids[1], userId: 'zhangsan' })).updated,
    ).toBe(2);
    await poll(corpId);
    const half = await getOne(corpId, id);
    expect(half.delivery).toMatchObject({
      status: 'sending',
      reach: 2,
      recipients: { unsent: 2, sent: 2, notFriend: 1, alreadyReceived: 0 },
      staffSent: 1,
      completion: 0.5,
    });
    expect(half.delivery!.staff).toEqual([
      { userid: 'lisi', sent: false },
      { userid: 'zhangsan', sent: true, sendTime: new Date(clock.now() - 600_000).toISOString() },
    ]);
    const list = await call('list', corpId, { query: {} });
    expect((list.body as { items: Array<{ id: string; delivery?: unknown }> }).items).toEqual([
      expect.objectContaining({ id, status: 'sent', delivery: { status: 'sending', reach: 2, staffTotal: 2, staffSent: 1, completion: 0.5 } }),
    ]);

    // Three reminders within 24 h go to WeCom (every msgid); the 4th is refused by us, before any call.
    for (let i = 0; i < 3; i++) {
      expect((await call('remind', corpId, { params: { id } })).status).toBe(200);
      clock.advance(3600_000);
    }
    expect(simCalls(corpId, 'remind_groupmsg_send')).toHaveLength(6);
    const before = await getOne(corpId, id);
    const fourth = await call('remind', corpId, { params: { id } });
    expect(fourth).toMatchObject({ ok: false, status: 429, code: 'remind_limit_reached', details: { limit: 3, nextAt: '2026-11-24T02:20:00.000Z' } });
    expect(fourth.ok ? '' : fourth.message).toContain('24 小时内最多提醒 3 次');
    // The message says the next time as operators read it (Asia/Shanghai), not as a UTC ISO string.
    expect(fourth.ok ? '' : fourth.message).toContain('2026-11-24 10:20 (UTC+8)');
    expect(simCalls(corpId, 'remind_groupmsg_send')).toHaveLength(6);
    expect(await getOne(corpId, id)).toEqual(before);
    // 24 h after the first, one more is allowed.
    clock.set(at('2026-11-24T10:20:00'));
    expect((await call('remind', corpId, { params: { id } })).status).toBe(200);

    await simHook('/__sim/groupmsg-sent', { corpId, msgid: msgids[0], userId: 'lisi' });
    await simHook('/__sim/groupmsg-sent', { corpId, msgid: msgids[1], userId: 'lisi' });
    await poll(corpId);
    const done = await getOne(corpId, id);
    expect(done.status).toBe('sent');
    expect(done.delivery).toMatchObject({
      status: 'finished',
      reach: 4,
      recipients: { unsent: 0, sent: 4, notFriend: 1, alreadyReceived: 0 },
      staffSent: 2,
      completion: 1,
    });
    // broadcast.finished once, at the last member's send time, with the counts GET shows.
    expect(finishedEvents(corpId)).toEqual([
      expect.objectContaining({
        data: { broadcastId: id, status: 'finished', counts: { unsent: 0, sent: 4, notFriend: 1, alreadyReceived: 0, staffTotal: 2, staffSent: 2 } },
        occurredAt: Date.parse(done.delivery!.staff.find((s) => s.userid === 'lisi')!.sendTime!),
      }),
    ]);

    // Final: nothing more is polled; a finished broadcast cannot be cancelled or reminded.
    const reads = simCalls(corpId, 'get_groupmsg_task').length;
    expect((await poll(corpId, 60)).due).toBe(0);
    expect(simCalls(corpId, 'get_groupmsg_task')).toHaveLength(reads);
    const cancel = await call('cancel', corpId, { params: { id } });
    expect(cancel).toMatchObject({ ok: false, status: 409, code: 'broadcast_delivery_final', details: { delivery: 'finished' } });
    expect((await call('remind', corpId, { params: { id } })).status).toBe(409);
    expect(simCalls(corpId, 'cancel_groupmsg_send')).toHaveLength(0);
    expect(await getOne(corpId, id)).toEqual(done);
    expect(finishedEvents(corpId)).toHaveLength(1);
  }, 60_000);

  it('cancel stops what members have not sent; later confirmations deliver nothing and polling ends', async () => {
    const corpId = await world.newTenant('bcan');
    await seedCustomers(corpId, [ext('c', 1), ext('c', 2)], 'zhangsan');
    const { id, msgids } = await sentBroadcast(corpId);
    const cancelled = await call('cancel', corpId, { params: { id } });
    expect(cancelled.status).toBe(200);
    expect((cancelled.body as BroadcastView).delivery).toMatchObject({ status: 'cancelled', cancelledAt: new Date(clock.now()).toISOString() });
    expect(simCalls(corpId, 'cancel_groupmsg_send').map((c) => (c.body as { msgid: string }).msgid)).toEqual(msgids);
    expect((await simHook('/__sim/groupmsg-sent', { corpId, msgid: msgids[0] })).updated).toBe(0);
    // The marker's last run reads nothing and ends it.
    await poll(corpId);
    expect((await poll(corpId)).due).toBe(0);
    expect(simCalls(corpId, 'get_groupmsg_task')).toHaveLength(0);
    expect(await call('cancel', corpId, { params: { id } })).toMatchObject({ status: 409, code: 'broadcast_delivery_final' });
    expect(await call('remind', corpId, { params: { id } })).toMatchObject({ status: 409, code: 'broadcast_delivery_final' });
    // One broadcast.finished (cancelled, at the cancel), none from the polls or the refused second cancel.
    expect(finishedEvents(corpId).map((e) => [e.data.status, e.occurredAt])).toEqual([
      ['cancelled', Date.parse((cancelled.body as BroadcastView).delivery!.cancelledAt!)],
    ]);
  }, 60_000);

  it('a broadcast not yet accepted by WeCom cannot be reminded or cancelled (409), nothing called', async () => {
    const corpId = await world.newTenant('bnot');
    const created = await call('create', corpId, {
      body: { target: 'customers', content: { text: '明天见' }, sendAt: new Date(clock.now() + 86_400_000).toISOString() },
    });
    const id = (created.body as { id: string }).id;
    expect(await call('remind', corpId, { params: { id } })).toMatchObject({ status: 409, code: 'broadcast_not_accepted' });
    expect(await call('cancel', corpId, { params: { id } })).toMatchObject({ status: 409, code: 'broadcast_not_accepted' });
    expect(await call('cancel', corpId, { params: { id: 'nosuchbroadcast' } })).toMatchObject({ status: 404 });
    expect(simCalls(corpId, 'remind_groupmsg_send')).toHaveLength(0);
    expect((await getOne(corpId, id)).status).toBe('scheduled');
    expect(finishedEvents(corpId)).toEqual([]);
  }, 60_000);

  it('members who never confirm: polling ends as expired when the one-month result window closes', async () => {
    const corpId = await world.newTenant('bexp');
    await seedCustomers(corpId, [ext('e', 1)], 'zhangsan');
    const { id } = await sentBroadcast(corpId);
    await poll(corpId);
    expect((await getOne(corpId, id)).delivery!.status).toBe('accepted');
    // The job polls every 10 minutes; here, every 6 days (the due markers look back 7): accepted until day 30.
    const acceptedAt = clock.now() - 600_000;
    for (let day = 6; day <= 24; day += 6) {
      clock.set(acceptedAt + day * 86_400_000);
      expect(await runBroadcasts(deps, { corpId, nowMs: clock.now() })).toMatchObject({ done: 1, failed: [] });
      expect((await getOne(corpId, id)).delivery!.status).toBe('accepted');
    }
    clock.set(acceptedAt + 30 * 86_400_000 + 60_000);
    expect(await runBroadcasts(deps, { corpId, nowMs: clock.now() })).toMatchObject({ done: 1, failed: [] });
    expect((await getOne(corpId, id)).delivery).toMatchObject({ status: 'expired', recipients: { unsent: 1 } });
    expect((await poll(corpId)).due).toBe(0);
    // Announced once, when the window closed (not at each 'accepted' poll before).
    expect(finishedEvents(corpId).map((e) => [e.data.status, e.occurredAt])).toEqual([['expired', acceptedAt + 30 * 86_400_000]]);
  }, 60_000);

  it('the simulator members confirm by themselves after groupMsgConfirmSeconds', async () => {
    const corpId = await world.newTenant('bauto');
    await seedCustomers(corpId, [ext('a', 1), ext('a', 2)], 'lisi');
    const { id } = await sentBroadcast(corpId);
    sim.state.configure({ groupMsgConfirmSeconds: 300 });
    try {
      await poll(corpId);
    } finally {
      sim.state.configure({ groupMsgConfirmSeconds: 0 });
    }
    expect((await getOne(corpId, id)).delivery).toMatchObject({ status: 'finished', reach: 2, completion: 1 });
  }, 60_000);

  it('lists broadcasts newest first with cursor paging', async () => {
    const corpId = await world.newTenant('blist');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await call('create', corpId, {
        body: { target: 'customers', content: { text: `第${i}条` }, sendAt: new Date(clock.now() + 86_400_000).toISOString() },
      });
      ids.push((c.body as { id: string }).id);
      clock.advance(1000);
    }
    const first = (await call('list', corpId, { query: { limit: '2' } })).body as { items: Array<{ id: string; text?: string }>; cursor: string | null };
    expect(first.items.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]!.text).toBe('第2条');
    const second = (await call('list', corpId, { query: { limit: '2', cursor: first.cursor! } })).body as {
      items: Array<{ id: string }>;
      cursor: string | null;
    };
    expect(second.items.map((b) => b.id)).toEqual([ids[0]]);
    expect(second.cursor).toBeNull();
    expect(await call('list', corpId, { query: { cursor: 'bm90LWEtY3Vyc29y' } })).toMatchObject({ status: 400, code: 'invalid_cursor' });
  }, 60_000);
});

describe("the tenant's own per-customer caps", () => {
  const tenantDeps = () => ({ ...deps, clock });
  const put = async (corpId: string, body: unknown) => {
    try {
      return await invoke(tenantRoutes.put as never, tenantDeps() as never, corpId, { body });
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { status: e.httpStatus, code: e.code, details: e.details };
    }
  };

  it('refuses caps of the wrong type, negative, zero or perDay above perWeek with a 400, changing nothing', async () => {
    const corpId = await world.newTenant('bcap');
    const before = await world.stores.tenants.get(corpId);
    for (const caps of [{ perDay: -1 }, { perDay: 0 }, { perWeek: '7' }, { perDay: 1.5 }, { perDay: 5, perWeek: 2 }, { perMonth: 3 }, 'daily']) {
      const out = await put(corpId, { massMessageCaps: caps });
      expect(out).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(JSON.stringify((out as { details?: unknown }).details)).toContain('massMessageCaps');
    }
    expect(await world.stores.tenants.get(corpId)).toEqual(before);
  }, 60_000);

  it('a daily cap of 1 blocks customers who already got a broadcast today; null clears it', async () => {
    const corpId = await world.newTenant('bcap1');
    const ok = await put(corpId, { massMessageCaps: { perDay: 1, perWeek: 7 } });
    expect(ok).toMatchObject({ status: 200, body: { massMessageCaps: { perDay: 1, perWeek: 7 } } });
    const customers = [ext('d', 1), ext('d', 2)];
    await seedCustomers(corpId, customers, 'zhangsan');
    await quota.reserve(corpId, customers[0]!, 'seed#today', '2026-11-23', { month: 30 });
    const created = await call('create', corpId, { body: { target: 'customers', filter: { staff: ['zhangsan'] }, content: { text: '今日第二条' } } });
    expect(await runBroadcasts(deps, { corpId, nowMs: clock.now() })).toMatchObject({ done: 1 });
    const b = await getOne(corpId, (created.body as { id: string }).id);
    expect(b).toMatchObject({ sent: 1, blockedCount: 1, blockedByReason: { daily_cap: 1 }, blocked: [{ recipient: customers[0], reason: 'daily_cap' }] });

    expect(await put(corpId, { massMessageCaps: null })).toMatchObject({ status: 200, body: { massMessageCaps: null } });
    expect((await world.stores.tenants.get(corpId))!.massMessageCaps).toBeUndefined();
  }, 60_000);
});
