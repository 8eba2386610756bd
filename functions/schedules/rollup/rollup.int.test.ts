// The nightly rollup against DynamoDB Local and the WeCom simulator over HTTP: a month of known events,
// messages, audit rows, orders and spend, rolled up day by day, gives exactly the expected metrics,
// cohort retention and a channel's CAC/LTV/ROI; a re-run of a day changes nothing.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../../shared/db/due-repository';
import type { DailyMetrics } from '../../../shared/domain/metrics';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../../shared/events/time';
import { recordContactEvent } from '../../../test/support/contact-events';
import { integrationWorld } from '../../../test/support/integration-world';
import { DEMO_STAFF } from '../../../simulator/demo-tenant';
import { invoke, invokeJson } from '../../admin-api/dispatch';
import type { MetricsDeps } from '../../admin-api/metrics';
import type { Reply } from '../../admin-api/route';
import { channelRoutes } from '../../admin-api/routes/channels';
import { metricRoutes } from '../../admin-api/routes/metrics';

/** The metrics routes as the admin API runs them (bodies and queries parsed by the route); a CSV reply as `{csv}`. */
const replyOf = (r: Reply<unknown>): unknown => (r.kind === 'csv' ? { csv: r.body } : r.body);
const importOrders = (d: MetricsDeps, corpId: string, body: unknown) => invokeJson(metricRoutes.importOrders, d, corpId, { body });
const putChannelSpend = (d: MetricsDeps, corpId: string, id: string, body: unknown) => invokeJson(channelRoutes.spend, d, corpId, { params: { id }, body });
const dailyMetricsOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.daily, d, corpId, { query }));
const cohortsOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.cohorts, d, corpId, { query }));
const rfmOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.rfm, d, corpId, { query }));
import { runRollup, type RollupJobDeps } from './run-rollup';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
// WeCom's clock (the simulator's) is ours too.
const world = integrationWorld({ simulator: true, clockAt: Date.parse('2026-10-01T09:00:00+08:00') });
const clock = world.clock;
const secret = `secret-${randomUUID()}`;
const C = '2026-10-01';
let sim: typeof world.sim;
let deps: RollupJobDeps;
let admin: MetricsDeps;
const { eventLog, follows, channels, staffRegistry, archive } = world.stores;

async function newTenant() {
  // WeCom's directory holds the two members the numbers below are computed for (the rollup syncs it first).
  const corp = { staff: DEMO_STAFF.filter((m) => m.userId === 'zhangsan' || m.userId === 'lisi') };
  const corpId = await world.newTenant('ru', { secret, corp });
  for (const userId of ['zhangsan', 'lisi']) {
    await staffRegistry.apply({ corpId, userId, rank: 1, name: userId, department: [1], status: 'active', changedAt: at('2026-09-01T00:00:00') });
  }
  await channels.put({
    corpId,
    id: 'chA',
    state: 'st-chA',
    name: '地推',
    staff: ['zhangsan'],
    backupStaff: [],
    skipVerify: true,
    autoAccept: { mode: 'always', windows: [] },
    dailyCapPerStaff: 0,
    tags: [],
    configId: 'cfg-chA',
    qrCode: 'https://example.invalid/qr',
    status: 'active',
    createdAt: '2026-09-01T00:00:00.000Z',
    updatedAt: '2026-09-01T00:00:00.000Z',
  });
  return corpId;
}

/** One change_external_contact event in the event log, projected onto follows as the relationship consumer does. */
async function contactEvent(corpId: string, change: string, iso: string, userId: string, externalUserId: string, state?: string) {
  await recordContactEvent({ eventLog, follows }, { corpId, change, occurredAt: at(iso), userId, externalUserId, state });
}

async function message(corpId: string, iso: string, from: string, staff: string, customer: string) {
  await archive.put({
    corpId,
    msgid: randomUUID(),
    seq: 0,
    msgtime: at(iso) * 1000,
    msgtype: 'text',
    action: 'send',
    from,
    tolist: [from === staff ? customer : staff],
    roomid: '',
    staff,
    customer,
    text: '你好',
    body: { content: '你好' },
  });
}

/** Rolls up every day from `from` to `to` as the schedule would (the run happens at 00:30 the next day). */
async function rollUp(corpId: string, from: string, to: string) {
  for (let d = from; d <= to; d = addDays(d, 1)) {
    clock.set((shanghaiMidnight(addDays(d, 1)) + 1800) * 1000);
    const report = await runRollup(deps, { corpId, nowMs: clock.now(), date: d });
    expect(report.failed).toEqual([]);
  }
}

const row = (rows: DailyMetrics[], dimension: string) => rows.find((r) => r.dimension === dimension)!;
const daily = async (corpId: string, day: string, by: 'tenant' | 'staff' | 'channel') =>
  ((await dailyMetricsOf(admin, corpId, { from: day, to: day, by })) as { items: DailyMetrics[] }).items;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  deps = {
    ...world.stores,
    secrets: world.secrets,
    wecom: world.wecom,
    due: new DynamoDueStore(world.doc, world.table, clock),
    clock,
  };
  const { orders, spend, metrics } = world.stores;
  admin = { orders, spend, metrics, channels, follows, staffRegistry, clock };
});
afterAll(() => world.close());

describe('nightly rollup', () => {
  it('gives exactly the expected metrics for known days: growth, KPIs, retention, conversion and a channel’s CAC/LTV/ROI', async () => {
    const corpId = await newTenant();
    // Day C: four customers through channel chA (zhangsan; c5 not confirmed yet), one without a channel (lisi).
    for (const c of ['c1', 'c2', 'c3']) await contactEvent(corpId, 'add_external_contact', `${C}T10:00:00`, 'zhangsan', c, 'st-chA');
    await contactEvent(corpId, 'add_external_contact', `${C}T11:00:00`, 'lisi', 'c4');
    await contactEvent(corpId, 'add_half_external_contact', `${C}T12:00:00`, 'zhangsan', 'c5', 'st-chA');
    await putChannelSpend(admin, corpId, 'chA', { date: C, amount: 30_000 });
    await message(corpId, `${C}T13:00:00`, 'c2', 'zhangsan', 'c2');
    await message(corpId, `${C}T13:01:00`, 'c2', 'zhangsan', 'c2');
    await message(corpId, `${C}T13:02:00`, 'zhangsan', 'zhangsan', 'c2');
    await message(corpId, `${C}T14:00:00`, 'c3', 'zhangsan', 'c3');
    const audit = world.stores.auditLog;
    await audit.append({
      corpId,
      eventKey: 'a'.repeat(64),
      type: 'red_packet',
      at: at(`${C}T15:00:00`),
      staff: 'zhangsan',
      customer: 'c2',
      detail: { amountFen: 8_800, count: 1 },
      alert: false,
    });
    await audit.append({
      corpId,
      eventKey: 'b'.repeat(64),
      type: 'sensitive_word',
      at: at(`${C}T15:10:00`),
      staff: 'zhangsan',
      customer: 'c3',
      detail: { words: '微信转账' },
      alert: true,
    });
    // WeCom's behaviour data: weighted, zhangsan 10 chats at 80 % / 2 min, lisi 30 chats at 50 % / 10 min.
    sim.state.setBehaviour(corpId, 'zhangsan', shanghaiMidnight(C), { chat_cnt: 10, message_cnt: 40, reply_percentage: 80, avg_reply_time: 2 });
    sim.state.setBehaviour(corpId, 'lisi', shanghaiMidnight(C), { chat_cnt: 30, message_cnt: 60, reply_percentage: 50, avg_reply_time: 10 });
    await rollUp(corpId, C, C);

    const tenantC = row(await daily(corpId, C, 'tenant'), 'tenant');
    expect(tenantC).toMatchObject({
      newCustomers: 5,
      unconfirmed: 1,
      passRate: 0.8,
      netGrowth: 5,
      totalCustomers: 5,
      activeCustomers: 2,
      interactionRate: 0.4,
      redPacketCount: 1,
      redPacketAmount: 8_800,
      sensitiveHits: 1,
      contactedCustomers: 40,
      messagesSent: 100,
      replyRate: 0.575, // (8 + 15) replied ÷ 40 chats
      avgReplySeconds: 433, // (8 × 120 + 15 × 600) ÷ 23, not the mean of means (360)
    });
    expect(row(await daily(corpId, C, 'channel'), 'channel#chA')).toMatchObject({ newCustomers: 4, unconfirmed: 1, passRate: 0.75, spend: 30_000, cac: 7_500 });
    expect(row(await daily(corpId, C, 'staff'), 'staff#zhangsan')).toMatchObject({
      newCustomers: 4,
      activeCustomers: 2,
      contactedCustomers: 10,
      replyRate: 0.8,
      avgReplySeconds: 120,
    });

    // C+3: c1 deletes zhangsan. C+4: orders. C+10: lisi deletes c4. C+20: c6 joins. More orders.
    await contactEvent(corpId, 'del_follow_user', '2026-10-04T09:00:00', 'zhangsan', 'c1');
    clock.set(Date.parse('2026-10-26T12:00:00+08:00'));
    const imported = await importOrders(admin, corpId, {
      orders: [
        { orderId: 'o-1', externalUserId: 'c2', amount: 12_000, paidAt: '2026-10-05T10:00:00+08:00' },
        { orderId: 'o-2', phone: '13800000000', amount: 999, paidAt: '2026-10-05T11:00:00+08:00' },
        { orderId: 'o-3', externalUserId: 'c2', amount: 6_000, paidAt: '2026-10-20T10:00:00+08:00' },
        { orderId: 'o-4', externalUserId: 'c3', amount: 18_000, paidAt: at('2026-10-25T10:00:00') },
      ],
    });
    expect(imported).toEqual({ imported: 4, duplicates: 0, phoneOnly: 1, unknownCustomers: 0 });
    expect(
      await importOrders(admin, corpId, { orders: [{ orderId: 'o-1', externalUserId: 'c2', amount: 12_000, paidAt: '2026-10-05T10:00:00+08:00' }] }),
    ).toEqual({
      imported: 0,
      duplicates: 1,
      phoneOnly: 0,
      unknownCustomers: 0,
    });
    await contactEvent(corpId, 'del_external_contact', '2026-10-11T09:00:00', 'lisi', 'c4');
    await contactEvent(corpId, 'add_external_contact', '2026-10-21T09:00:00', 'zhangsan', 'c6');
    await rollUp(corpId, addDays(C, 1), '2026-10-31');

    expect(row(await daily(corpId, '2026-10-04', 'tenant'), 'tenant')).toMatchObject({ lostByCustomer: 1, netGrowth: -1, totalCustomers: 4 });
    expect(row(await daily(corpId, '2026-10-05', 'tenant'), 'tenant')).toMatchObject({ gmv: 12_999, orders: 2, payingCustomers: 1 });
    expect(row(await daily(corpId, '2026-10-08', 'tenant'), 'tenant')).toMatchObject({ retentionD7: 0.8 });
    expect(row(await daily(corpId, '2026-10-08', 'channel'), 'channel#chA')).toMatchObject({ retentionD7: 0.75 });
    const tenant31 = row(await daily(corpId, '2026-10-31', 'tenant'), 'tenant');
    expect(tenant31).toMatchObject({ retentionD30: 0.6, totalCustomers: 4, conversionRate: 0.5, repurchaseRate: 0.5 });
    // Channel chA's cohort of C at D30: 4 customers cost 30,000 (CAC 7,500), paid 36,000 (LTV 9,000): LTV/CAC 1.2,
    // ROI (36,000 − 30,000) ÷ 30,000 = 0.2.
    const channel31 = row(await daily(corpId, '2026-10-31', 'channel'), 'channel#chA');
    expect(channel31).toMatchObject({ retentionD30: 0.75, ltvD30: 9_000, ltvToCacD30: 1.2, roiD30: 0.2 });

    const cohorts = (await cohortsOf(admin, corpId, { by: 'channel', period: 'day', from: C, to: C })) as { items: Array<Record<string, unknown>> };
    expect(cohorts.items).toEqual([
      expect.objectContaining({
        channelId: 'chA',
        cohort: C,
        size: 4,
        spend: 30_000,
        cac: 7_500,
        retention: expect.objectContaining({ d1: 1, d7: 0.75, d30: 0.75, d60: null }),
        revenue: expect.objectContaining({ d1: 0, d7: 12_000, d30: 36_000 }),
        ltv: { d30: 9_000, d90: null, d180: null },
        ltvToCac: { d30: 1.2, d90: null, d180: null },
        roi: { d30: 0.2, d90: null, d180: null },
      }),
      // c4 came through no channel: its cohort is the unattributed row's (lost on D10).
      expect.objectContaining({
        dimension: 'channel#unattributed',
        channelId: null,
        cohort: C,
        size: 1,
        retention: expect.objectContaining({ d7: 1, d30: 0 }),
      }),
    ]);
    // RFM with the default thresholds (30 days, 2 orders, ¥1,000): c2 recent+frequent (E), c3 recent only (F).
    expect(await rfmOf(admin, corpId, {})).toMatchObject({ counts: { A: 0, B: 0, C: 0, D: 0, E: 1, F: 1, G: 0, H: 0 } });

    // A re-run of a day writes the same rows again.
    const before = await daily(corpId, '2026-10-31', 'channel');
    await runRollup(deps, { corpId, nowMs: clock.now(), date: '2026-10-31' });
    expect(await daily(corpId, '2026-10-31', 'channel')).toEqual(before);
    expect(row(await daily(corpId, '2026-10-31', 'tenant'), 'tenant')).toEqual(tenant31);

    const csv = (await dailyMetricsOf(admin, corpId, { from: '2026-10-30', to: '2026-10-31', by: 'tenant', format: 'csv' })) as { csv: string };
    const lines = csv.csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^日期,维度,新增客户,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['2026-10-30,tenant', '2026-10-31,tenant']);
  }, 60_000);

  it('syncs the staff directory before it rolls up, so a tenant nobody synced gets its real total and KPIs', async () => {
    // A tenant fresh from PUT: follows exist, the staff registry is empty (nobody called …/staff/sync).
    const corp = { staff: DEMO_STAFF.filter((m) => m.userId === 'zhangsan' || m.userId === 'lisi') };
    const corpId = await world.newTenant('rs', { secret, corp });
    const D = '2026-10-05';
    await contactEvent(corpId, 'add_external_contact', `${D}T10:00:00`, 'zhangsan', 'n1');
    await contactEvent(corpId, 'add_external_contact', `${D}T10:05:00`, 'lisi', 'n2');
    clock.set((shanghaiMidnight(addDays(D, 1)) + 1800) * 1000);
    const report = await runRollup(deps, { corpId, nowMs: clock.now(), date: D });
    expect(report.results[0]).toMatchObject({ staffSync: { synced: 2 }, gaps: [], violations: [] });
    expect(row(await daily(corpId, D, 'tenant'), 'tenant')).toMatchObject({ totalCustomers: 2, contactedCustomers: expect.any(Number) });
    expect(row(await daily(corpId, D, 'tenant'), 'tenant').gaps).toBeUndefined();
    expect((await daily(corpId, D, 'staff')).map((r) => r.dimension).sort()).toEqual(['staff#lisi', 'staff#zhangsan']);
  });

  it('says which source it lacked and why, in the rows, instead of zeros; the totals never depend on the directory', async () => {
    // WeCom refuses the tenant's secret: no directory, no behaviour data.
    const corpId = await world.newTenant('rg', { secret });
    sim.state.registerCorp({ corpId, secret: `rotated-${randomUUID()}`, staff: DEMO_STAFF });
    const D = addDays(shanghaiDay(Math.floor(clock.now() / 1000)), 1);
    await contactEvent(corpId, 'add_external_contact', `${D}T10:00:00`, 'zhangsan', 'g1');
    clock.set((shanghaiMidnight(addDays(D, 1)) + 1800) * 1000);
    const refused = (await runRollup(deps, { corpId, nowMs: clock.now(), date: D })).results[0] as Record<string, any>;
    expect(refused.staffSync.error).toMatch(/40001/);
    const tenant = row(await daily(corpId, D, 'tenant'), 'tenant');
    expect(tenant).toMatchObject({ newCustomers: 1, totalCustomers: 1, replyRate: null });
    expect(tenant.gaps!.map((g) => g.source)).toEqual(['staff_directory']);
    expect(tenant.gaps![0]!.reason).toMatch(/40001/);

    // The secret works again; one member's behaviour data is refused: that member is named, with WeCom's errcode.
    sim.state.registerCorp({ corpId, secret, staff: DEMO_STAFF.filter((m) => m.userId === 'zhangsan' || m.userId === 'lisi') });
    sim.state.addFaults([
      { path: 'externalcontact/get_user_behavior_data', errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent', corpId },
    ]);
    const E = addDays(D, 1);
    clock.set((shanghaiMidnight(addDays(E, 1)) + 1800) * 1000);
    const next = (await runRollup(deps, { corpId, nowMs: clock.now(), date: E })).results[0] as Record<string, any>;
    expect(next).toMatchObject({ staffSync: { synced: 2 }, totalsSeeded: false, behaviourMissing: [expect.any(String)] });
    const [missing] = next.behaviourMissing as string[];
    const tenantE = row(await daily(corpId, E, 'tenant'), 'tenant');
    expect(tenantE.totalCustomers).toBe(1);
    expect(tenantE.gaps).toEqual([{ source: 'behaviour_data', reason: expect.stringMatching(/60011/), staff: [missing] }]);
    expect(row(await daily(corpId, E, 'staff'), `staff#${missing}`)).toMatchObject({
      replyRate: null,
      gaps: [expect.objectContaining({ source: 'behaviour_data' })],
    });
  }, 30_000);

  it('rolls up again, the next night, the days that orders and spend arrived for after their rollup', async () => {
    const corpId = await newTenant();
    const D = addDays(shanghaiDay(Math.floor(clock.now() / 1000)), 1);
    await contactEvent(corpId, 'add_external_contact', `${D}T10:00:00`, 'zhangsan', 'k1', 'st-chA');
    clock.set((shanghaiMidnight(addDays(D, 1)) + 1800) * 1000);
    await runRollup(deps, { corpId, nowMs: clock.now() });
    expect(row(await daily(corpId, D, 'tenant'), 'tenant')).toMatchObject({ gmv: 0 });
    // The next morning the shop exports yesterday's orders, and the channel's spend is entered.
    clock.advance(9 * 3600 * 1000);
    await importOrders(admin, corpId, {
      orders: [{ orderId: `late-${randomUUID().slice(0, 8)}`, externalUserId: 'k1', amount: 8_800, paidAt: at(`${D}T20:00:00`) }],
    });
    await putChannelSpend(admin, corpId, 'chA', { date: D, amount: 5_000 });
    clock.set((shanghaiMidnight(addDays(D, 2)) + 1800) * 1000);
    const night = (await runRollup(deps, { corpId, nowMs: clock.now() })).results[0] as { day: string; caughtUp: string[] };
    expect(night).toMatchObject({ day: addDays(D, 1), caughtUp: [D] });
    expect(row(await daily(corpId, D, 'tenant'), 'tenant')).toMatchObject({ gmv: 8_800, payingCustomers: 1, conversionRate: 1 });
    expect(row(await daily(corpId, D, 'channel'), 'channel#chA')).toMatchObject({ gmv: 8_800, spend: 5_000, cac: 5_000 });
    // The day after carries the corrected stocks; a third night has nothing to catch up.
    expect(row(await daily(corpId, addDays(D, 1), 'tenant'), 'tenant')).toMatchObject({ conversionRate: 1 });
    clock.advance(86_400_000);
    expect(((await runRollup(deps, { corpId, nowMs: clock.now() })).results[0] as { caughtUp: string[] }).caughtUp).toEqual([]);
  }, 30_000);

  it('refuses bad orders and spend with field details and stores nothing', async () => {
    const corpId = await newTenant();
    clock.set(Date.parse('2026-10-26T12:00:00+08:00'));
    await expect(
      importOrders(admin, corpId, {
        orders: [
          { orderId: 'ok-1', externalUserId: 'c2', amount: 100, paidAt: '2026-10-05T10:00:00+08:00' },
          { orderId: 'bad 2', amount: -1, paidAt: 'yesterday' },
        ],
      }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    await expect(
      importOrders(admin, corpId, { orders: [{ orderId: 'f-1', externalUserId: 'c2', amount: 1, paidAt: '2026-12-01T00:00:00+08:00' }] }),
    ).rejects.toMatchObject({
      httpStatus: 400,
      details: [{ field: 'orders.0.paidAt', message: 'in the future' }],
    });
    await expect(
      importOrders(admin, corpId, { orders: [{ orderId: 'x-1', externalUserId: 'c2', amount: 1, paidAt: 1_790_000_000, channelId: 'nope' }] }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    expect(await deps.orders.ordersOfDay(corpId, '2026-10-05')).toEqual([]);
    await expect(putChannelSpend(admin, corpId, 'chA', { date: '2026-13-01', amount: 1 })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(putChannelSpend(admin, corpId, 'nope', { date: '2026-10-01', amount: 1 })).rejects.toMatchObject({ httpStatus: 404 });
    expect(await deps.spend.get(corpId, 'chA', '2026-10-01')).toBe(0);
    await expect(dailyMetricsOf(admin, corpId, { from: '2026-01-01', to: '2026-12-31' })).rejects.toMatchObject({ httpStatus: 400 });
  });
});
