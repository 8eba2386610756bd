// Broadcasts against DynamoDB Local and the WeCom simulator over HTTP: the admin use cases create them,
// the broadcast job sends them through the quota ledger. The clock (ours and the simulator's) is fixed.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { mapLimit } from '../../shared/map-limit';
import { countsOn } from '../../shared/domain/quota';
import { integrationWorld } from '../../test/support/integration-world';
import { runBroadcasts, type BroadcastJobDeps } from '../schedules/broadcast/run-broadcasts';
import { getBroadcast as getBroadcastOf } from './broadcasts';
import { invoke } from './dispatch';
import { broadcastRoutes } from './routes/broadcasts';

/** The job's deps with the admin API's clock (the same time). */
/** POST …/broadcasts as the API runs it (the body parsed by the route): its status and JSON body. */
async function createBroadcast(d: BroadcastJobDeps, corpId: string, body: unknown) {
  const reply = await invoke(broadcastRoutes.create, d, corpId, { body });
  if (reply.kind !== 'json') throw new Error('expected JSON');
  return reply;
}
const getBroadcast = (d: BroadcastJobDeps, corpId: string, id: string) => getBroadcastOf(d, corpId, id);

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: true, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
const DAY = '2026-11-23';
const secret = `secret-${randomUUID()}`;
let sim: typeof world.sim;
let deps: BroadcastJobDeps;
const { follows, customerRecords, quota } = world.stores;
const due = new DynamoDueStore(world.doc, world.table, clock);

async function newTenant() {
  const corpId = await world.newTenant('bc', { secret });
  return corpId;
}

const ext = (prefix: string, i: number) => `wm${prefix}${String(i).padStart(8, '0')}`;

/** Customers known to WeCom (simulator) and to our projection: an add through `state`, with tags. */
async function seedCustomers(corpId: string, ids: string[], o: { userId: string; tags?: string[]; state?: string; addedAt?: number }) {
  const addedAt = o.addedAt ?? Math.floor(clock.now() / 1000) - 86_400;
  sim.state.addCustomers(
    corpId,
    ids.map((externalUserId) => ({
      externalUserId,
      name: `客户${externalUserId.slice(-4)}`,
      follows: [{ userId: o.userId, createTime: addedAt, ...(o.state ? { state: o.state } : {}) }],
    })),
  );
  await mapLimit(ids, 32, async (id) => {
    await follows.apply({
      corpId,
      externalUserId: id,
      userId: o.userId,
      status: 'active',
      changedAt: addedAt,
      rank: 2,
      eventKey: randomUUID(),
      added: { at: addedAt, state: o.state },
    });
    if (o.tags?.length) await follows.addTags(corpId, id, o.userId, o.tags);
  });
}

/** Puts `n` earlier mass messages of this month on a recipient's ledger. */
async function seedLedger(corpId: string, recipient: string, n: number) {
  for (let i = 0; i < n; i++) await quota.reserve(corpId, recipient, `seed#${i}`, `2026-11-${String(1 + (i % 22)).padStart(2, '0')}`, { month: 30 });
}

const templateCalls = (corpId: string) => sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/add_msg_template' });
const idsOf = (call: { body?: unknown }) =>
  (call.body as { external_userid?: string[]; chat_id_list?: string[] }).external_userid ?? (call.body as { chat_id_list?: string[] }).chat_id_list ?? [];

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  const { tenants, groups, broadcasts, leases, materials, customerFields } = world.stores;
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
  };
});
afterAll(() => world.close());
beforeEach(() => {
  clock.set(at('2026-11-23T10:00:00'));
});

describe('broadcasts', () => {
  it('sends to 10,001+ customers in ⌈N/10,000⌉ add_msg_template calls, once under concurrent runs, and never past a cap', async () => {
    const corpId = await newTenant();
    const many = Array.from({ length: 10_001 }, (_, i) => ext('a', i));
    const nearCap = [ext('c', 1), ext('c', 2), ext('c', 3)];
    const lastSlot = ext('c', 4);
    await seedCustomers(corpId, [...many, ...nearCap, lastSlot], { userId: 'zhangsan' });
    for (const c of nearCap) await seedLedger(corpId, c, 30); // November has 30 days: at the cap
    await seedLedger(corpId, lastSlot, 29); // one left

    const created = await createBroadcast(deps, corpId, { target: 'customers', filter: { staff: 'zhangsan' }, content: { text: '{{name}}，双十一快乐' } });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({ status: 'scheduled', sendAt: new Date(clock.now()).toISOString() });

    const reports = await Promise.all([runBroadcasts(deps, { nowMs: clock.now() }), runBroadcasts(deps, { nowMs: clock.now() })]);
    expect(reports.map((r) => r.done).sort()).toEqual([0, 1]);

    const calls = templateCalls(corpId);
    const sentIds = calls.flatMap(idsOf);
    expect(calls).toHaveLength(Math.ceil(10_002 / 10_000));
    expect(calls.every((c) => idsOf(c).length <= 10_000 && (c.body as { sender?: string }).sender === 'zhangsan')).toBe(true);
    expect(new Set(sentIds).size).toBe(10_002);
    expect(sentIds).toHaveLength(10_002);
    for (const c of nearCap) expect(sentIds).not.toContain(c);
    expect(sentIds).toContain(lastSlot);
    expect((calls[0]!.body as { text: { content: string } }).text.content).toBe('朋友，双十一快乐');

    const b = await getBroadcast(deps, corpId, id);
    expect(b).toMatchObject({
      status: 'partially_blocked',
      audience: 10_005,
      sent: 10_002,
      blockedCount: 3,
      blockedByReason: { monthly_cap: 3 },
      remaining: 0,
      failedCount: 0,
    });
    expect(b.blocked.map((x) => x.recipient).sort()).toEqual(nearCap);
    expect(b.blocked.every((x) => x.reason === 'monthly_cap')).toBe(true);
    expect(b.msgids).toHaveLength(2);
    expect(b.batches.map((x) => x.size).sort((x, y) => x - y)).toEqual([2, 10_000]);

    // The ledger counted each recipient once and nobody passed the cap.
    const months = await quota.months(corpId, [lastSlot, ...nearCap, many[0]!], DAY);
    expect(countsOn(DAY, months.get(lastSlot)!).month).toBe(30);
    for (const c of nearCap) expect(countsOn(DAY, months.get(c)!).month).toBe(30);
    expect(countsOn(DAY, months.get(many[0]!)!)).toEqual({ month: 1, week: 1, day: 1 });

    // Later runs find nothing due: the broadcast is done.
    clock.advance(120_000);
    expect((await runBroadcasts(deps, { corpId, nowMs: clock.now() })).due).toBe(0);
    expect(templateCalls(corpId)).toHaveLength(2);
  }, 120_000);

  it('paces a big send: at most callsPerRun calls per run, the rest on later runs; groups go per owner', async () => {
    const corpId = await newTenant();
    const owners = ['zhangsan', 'lisi', 'wangwu'];
    const chats = owners.flatMap((owner, o) => Array.from({ length: 2 }, (_, i) => ({ chatId: `wrpace${o}${i}${randomUUID().slice(0, 8)}`, owner })));
    sim.state.addGroupChats(
      corpId,
      chats.map((c) => ({ chatId: c.chatId, name: c.chatId, owner: c.owner, members: [{ userId: c.owner, type: 1 }] })),
    );
    const { groups } = world.stores;
    for (const c of chats)
      await groups.applySnapshot({
        corpId,
        chatId: c.chatId,
        name: c.chatId,
        owner: c.owner,
        memberCount: 1,
        status: 'active',
        changedAt: 1,
        updatedAt: new Date(clock.now()).toISOString(),
      });
    await seedLedger(corpId, chats[5]!.chatId, 30);

    const paced = { ...deps, pacing: { callsPerRun: 1, paceSeconds: 60 } };
    const created = await createBroadcast(deps, corpId, { target: 'groups', content: { text: '本周活动' }, sendAt: Math.floor(clock.now() / 1000) + 600 });
    const id = (created.body as { id: string }).id;
    expect((await runBroadcasts(paced, { corpId, nowMs: clock.now() })).due).toBe(0); // not yet
    clock.advance(600_000);
    await runBroadcasts(paced, { corpId, nowMs: clock.now() });
    expect(templateCalls(corpId)).toHaveLength(1);
    expect(await getBroadcast(deps, corpId, id)).toMatchObject({ status: 'sending', remaining: 3 });
    expect((await runBroadcasts(paced, { corpId, nowMs: clock.now() + 30_000 })).due).toBe(0); // paced: next run in a minute
    for (let i = 1; i <= 3; i++) await runBroadcasts(paced, { corpId, nowMs: clock.now() + i * 60_000 });
    const calls = templateCalls(corpId);
    expect(calls).toHaveLength(3);
    for (const c of calls) {
      const body = c.body as { chat_type: string; sender: string; chat_id_list: string[] };
      expect(body.chat_type).toBe('group');
      expect(body.chat_id_list.every((chat) => chats.find((x) => x.chatId === chat)!.owner === body.sender)).toBe(true);
    }
    expect(await getBroadcast(deps, corpId, id)).toMatchObject({ status: 'partially_blocked', audience: 6, sent: 5, blockedCount: 1, remaining: 0 });
  });

  it("the simulator enforces WeCom's per-recipient monthly cap (send_result status 3)", async () => {
    const corpId = await newTenant();
    const c = ext('s', 1);
    await seedCustomers(corpId, [c], { userId: 'zhaoliu' });
    const api = deps.wecom.forTenant({ corpId, secret });
    const msgids: string[] = [];
    for (let i = 0; i < 31; i++)
      msgids.push((await api.call('externalcontact/add_msg_template', { external_userid: [c], sender: 'zhaoliu', text: { content: `第${i}条` } })).msgid);
    const status = async (msgid: string) => (await api.call('externalcontact/get_groupmsg_send_result', { msgid, userid: 'zhaoliu' })).send_list[0]!.status;
    expect(await status(msgids[29]!)).toBe(0);
    expect(await status(msgids[30]!)).toBe(3);
  });
});
