// Broadcasts against DynamoDB Local and the WeCom simulator over HTTP: the admin use cases create them,
// the broadcast job sends them through the quota ledger. The clock (ours and the simulator's) is fixed.
import { randomBytes, randomUUID } from 'node:crypto';
import { makeDocumentClient } from '../../shared/aws/clients';
import { DynamoBroadcastStore } from '../../shared/db/broadcast-repository';
import { DynamoCustomerStore } from '../../shared/db/customer-repository';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { DynamoGroupStore } from '../../shared/db/group-repository';
import { DynamoLeaseStore } from '../../shared/db/lease-repository';
import { DynamoQuotaLedger } from '../../shared/db/quota-ledger-repository';
import { mapLimit } from '../../shared/map-limit';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { countsOn } from '../../shared/domain/quota';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { newSimTenant } from '../../test/support/tenants';
import { simulatorClient } from '../../test/support/wecom';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { runBroadcasts, type BroadcastJobDeps } from '../schedules/broadcast/run-broadcasts';
import { getBroadcast as getBroadcastOf } from './broadcasts';
import { invoke } from './dispatch';
import { broadcastRoutes } from './routes/broadcasts';

/** The job's deps with the admin API's clock (the same time). */
const admin = (d: BroadcastJobDeps) => d;
/** POST …/broadcasts as the API runs it (the body parsed by the route): its status and JSON body. */
async function createBroadcast(d: BroadcastJobDeps, corpId: string, body: unknown) {
  const reply = await invoke(broadcastRoutes.create, admin(d), corpId, { body });
  if (reply.kind !== 'json') throw new Error('expected JSON');
  return reply;
}
const getBroadcast = (d: BroadcastJobDeps, corpId: string, id: string) => getBroadcastOf(d, corpId, id);

const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const table = process.env.TABLE_NAME!;
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const at = (iso: string) => Date.parse(`${iso}+08:00`);
let nowMs = at('2026-11-23T10:00:00');
const DAY = '2026-11-23';
const secret = `secret-${randomUUID()}`;
let sim: RunningSimulator;
let deps: BroadcastJobDeps;
const follows = new DynamoFollowStore(doc, table);
const customerRecords = new DynamoCustomerStore(doc, table);
const quota = new DynamoQuotaLedger(doc, table);
const due = new DynamoDueStore(doc, table, { now: () => nowMs });

async function newTenant() {
  const corpId = await newSimTenant({ sim, tenants: deps.tenants, secrets, clock: { now: () => nowMs } }, { prefix: 'bc', secret });
  return corpId;
}

const ext = (prefix: string, i: number) => `wm${prefix}${String(i).padStart(8, '0')}`;

/** Customers known to WeCom (simulator) and to our projection: an add through `state`, with tags. */
async function seedCustomers(corpId: string, ids: string[], o: { userId: string; tags?: string[]; state?: string; addedAt?: number; index?: boolean }) {
  const addedAt = o.addedAt ?? Math.floor(nowMs / 1000) - 86_400;
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
    if (o.index) await customerRecords.touch(corpId, id, addedAt);
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
  sim = await startSimulator({ port: 0, clock: () => nowMs });
  deps = {
    tenants: new DynamoTenantStore(doc, table),
    secrets,
    wecom: simulatorClient(sim.url),
    follows,
    customerRecords,
    groups: new DynamoGroupStore(doc, table),
    quota,
    broadcasts: new DynamoBroadcastStore(doc, table),
    due,
    leases: new DynamoLeaseStore(doc, table),
    clock: { now: () => nowMs },
  };
});
afterAll(async () => {
  await sim.stop();
  doc.destroy();
});
beforeEach(() => {
  nowMs = at('2026-11-23T10:00:00');
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
    expect(created.body).toMatchObject({ status: 'scheduled', sendAt: new Date(nowMs).toISOString() });

    const reports = await Promise.all([runBroadcasts(deps, { nowMs }), runBroadcasts(deps, { nowMs })]);
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
    nowMs += 120_000;
    expect((await runBroadcasts(deps, { corpId, nowMs })).due).toBe(0);
    expect(templateCalls(corpId)).toHaveLength(2);
  }, 120_000);

  it('dryRun returns the audience and what the caps would block, and writes nothing', async () => {
    const corpId = await newTenant();
    const vip = Array.from({ length: 6 }, (_, i) => ext('v', i));
    const excluded = [ext('x', 1)];
    const other = [ext('o', 1)];
    await seedCustomers(corpId, vip, { userId: 'lisi', tags: ['tagvip'], state: 'c_AbCdEfGh12', index: true });
    await seedCustomers(corpId, excluded, { userId: 'lisi', tags: ['tagvip', 'tagno'], state: 'c_AbCdEfGh12', index: true });
    await seedCustomers(corpId, other, { userId: 'wangwu', tags: ['tagother'], index: true });
    await seedLedger(corpId, vip[0]!, 30);
    const before = await quota.months(corpId, vip, DAY);

    const res = await createBroadcast(deps, corpId, {
      target: 'customers',
      filter: { tags: ['tagvip'], excludeTags: ['tagno'], channel: 'AbCdEfGh12' },
      content: { text: '亲爱的{{name}}', nameFallback: '会员' },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      audience: { count: 6, sample: [...vip].sort() },
      wouldSend: 5,
      calls: 1,
      blocked: { count: 1, byReason: { monthly_cap: 1 }, sample: [{ recipient: vip[0], reason: 'monthly_cap' }] },
      content: { text: '亲爱的会员', personalisation: 'one text per mass message: {{name}} is sent as "会员"' },
    });
    expect(templateCalls(corpId)).toHaveLength(0);
    expect(await due.due('broadcast', Math.floor(nowMs / 1000) + 365 * 86_400, 50, corpId)).toEqual([]);
    expect(await quota.months(corpId, vip, DAY)).toEqual(before);
  });

  it('paces a big send: at most callsPerRun calls per run, the rest on later runs; groups go per owner', async () => {
    const corpId = await newTenant();
    const owners = ['zhangsan', 'lisi', 'wangwu'];
    const chats = owners.flatMap((owner, o) => Array.from({ length: 2 }, (_, i) => ({ chatId: `wrpace${o}${i}${randomUUID().slice(0, 8)}`, owner })));
    sim.state.addGroupChats(
      corpId,
      chats.map((c) => ({ chatId: c.chatId, name: c.chatId, owner: c.owner, members: [{ userId: c.owner, type: 1 }] })),
    );
    const groups = new DynamoGroupStore(doc, table);
    for (const c of chats)
      await groups.applySnapshot({
        corpId,
        chatId: c.chatId,
        name: c.chatId,
        owner: c.owner,
        memberCount: 1,
        status: 'active',
        changedAt: 1,
        updatedAt: new Date(nowMs).toISOString(),
      });
    await seedLedger(corpId, chats[5]!.chatId, 30);

    const paced = { ...deps, pacing: { callsPerRun: 1, paceSeconds: 60 } };
    const created = await createBroadcast(deps, corpId, { target: 'groups', content: { text: '本周活动' }, sendAt: Math.floor(nowMs / 1000) + 600 });
    const id = (created.body as { id: string }).id;
    expect((await runBroadcasts(paced, { corpId, nowMs })).due).toBe(0); // not yet
    nowMs += 600_000;
    await runBroadcasts(paced, { corpId, nowMs });
    expect(templateCalls(corpId)).toHaveLength(1);
    expect(await getBroadcast(deps, corpId, id)).toMatchObject({ status: 'sending', remaining: 3 });
    expect((await runBroadcasts(paced, { corpId, nowMs: nowMs + 30_000 })).due).toBe(0); // paced: next run in a minute
    for (let i = 1; i <= 3; i++) await runBroadcasts(paced, { corpId, nowMs: nowMs + i * 60_000 });
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
