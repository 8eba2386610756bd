// The nightly rollup on in-memory stores and a fake WeCom (no Java): a small tenant whose figures are
// worked out by hand from docs/metrics.md — growth, pass rate, activity, red packets, weighted reply KPIs,
// a channel's CAC, retention, conversion, repurchase, LTV/ROI and RFM — the re-run of a day writing the
// same rows, the catch-up of days that orders arrived for late, and the gaps named when WeCom refuses.
import type { DailyMetrics } from '../../../shared/domain/metrics';
import { addDays, shanghaiMidnight } from '../../../shared/events/time';
import { manualClock } from '../../../test/support/clock';
import { recordContactEvent } from '../../../test/support/contact-events';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryEventLog } from '../../../test/support/fakes';
import { InMemoryArchiveStore } from '../../../test/support/fakes/archive';
import { InMemoryAuditLog } from '../../../test/support/fakes/audit';
import { InMemoryChannelStore } from '../../../test/support/fakes/channels';
import { InMemoryStaffStore } from '../../../test/support/fakes/customers';
import { InMemoryDueStore } from '../../../test/support/fakes/due';
import { InMemoryFollowStore } from '../../../test/support/fakes/follows';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { InMemoryMetricsStore, InMemoryOrderStore } from '../../../test/support/fakes/metrics';
import { InMemoryBroadcastStore, InMemorySpendStore } from '../../../test/support/fakes/outreach';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { invoke, invokeJson } from '../../admin-api/dispatch';
import type { MetricsDeps } from '../../admin-api/metrics';
import { channelRoutes } from '../../admin-api/routes/channels';
import { metricRoutes } from '../../admin-api/routes/metrics';
import { runRollup, type RollupJobDeps } from './run-rollup';

const CORP = 'wwrollupunit0001';
const C = '2026-10-01';
const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);

/** WeCom's behaviour data per (member, day start): absent = an empty list for the day. */
type Behaviour = Map<string, { chat_cnt: number; message_cnt: number; reply_percentage?: number; avg_reply_time?: number }>;

async function world() {
  const clock = manualClock(Date.parse(`${C}T09:00:00+08:00`));
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, { createdAt: `${C}T01:00:00.000Z` }));
  const behaviour: Behaviour = new Map();
  const wecom = new FakeWecom()
    .on('user/list_id', () => ({
      dept_user: [
        { userid: 'zhangsan', department: 2 },
        { userid: 'lisi', department: 2 },
      ],
    }))
    .on('user/get', (b) => ({ userid: b.userid, name: b.userid, department: [2], status: 1 }))
    .on('externalcontact/get_user_behavior_data', (b) => {
      const k = behaviour.get(`${b.userid![0]}@${b.start_time}`);
      return { behavior_data: k ? [{ stat_time: b.start_time, ...k }] : [] };
    });
  const stores = {
    eventLog: new InMemoryEventLog(),
    follows: new InMemoryFollowStore(),
    channels: new InMemoryChannelStore(),
    archive: new InMemoryArchiveStore(),
    auditLog: new InMemoryAuditLog(),
    staffRegistry: new InMemoryStaffStore(),
    orders: new InMemoryOrderStore(),
    spend: new InMemorySpendStore(),
    metrics: new InMemoryMetricsStore(),
    broadcasts: new InMemoryBroadcastStore(),
  };
  await stores.channels.put({
    corpId: CORP,
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
  const deps: RollupJobDeps = { ...stores, tenants, secrets, wecom, due: new InMemoryDueStore(clock), leases: new InMemoryLeaseStore(), clock };
  const admin: MetricsDeps = {
    orders: stores.orders,
    spend: stores.spend,
    metrics: stores.metrics,
    channels: stores.channels,
    follows: stores.follows,
    staffRegistry: stores.staffRegistry,
    clock,
  };
  let n = 0;
  return {
    deps,
    admin,
    clock,
    wecom,
    behaviour,
    ...stores,
    contact: (change: string, iso: string, userId: string, externalUserId: string, state?: string) =>
      recordContactEvent(stores, { corpId: CORP, change, occurredAt: at(iso), userId, externalUserId, state }),
    message: async (iso: string, from: string, staff: string, customer: string) => {
      n++;
      await stores.archive.put({
        corpId: CORP,
        msgid: `m${n}`,
        seq: n,
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
    },
    /** Rolls up every day from `from` to `to` as the schedule would (at 00:30 the next day). */
    rollUp: async (from: string, to: string) => {
      for (let d = from; d <= to; d = addDays(d, 1)) {
        clock.set((shanghaiMidnight(addDays(d, 1)) + 1800) * 1000);
        const report = await runRollup(deps, { corpId: CORP, nowMs: clock.now(), date: d });
        expect(report.failed).toEqual([]);
      }
    },
    daily: async (day: string, by: 'tenant' | 'staff' | 'channel') =>
      (await invokeJson(metricRoutes.daily, admin, CORP, { query: { from: day, to: day, by } })) as { items: DailyMetrics[] },
  };
}

type World = Awaited<ReturnType<typeof world>>;
const row = async (w: World, day: string, by: 'tenant' | 'staff' | 'channel', dimension: string) =>
  (await w.daily(day, by)).items.find((r) => r.dimension === dimension)!;

/** Day C of the story: five adds (four through chA, c5 unconfirmed), messages, two audit rows, WeCom's KPIs, chA's spend. */
async function dayC(w: World) {
  for (const c of ['c1', 'c2', 'c3']) await w.contact('add_external_contact', `${C}T10:00:00`, 'zhangsan', c, 'st-chA');
  await w.contact('add_external_contact', `${C}T11:00:00`, 'lisi', 'c4');
  await w.contact('add_half_external_contact', `${C}T12:00:00`, 'zhangsan', 'c5', 'st-chA');
  await invokeJson(channelRoutes.spend, w.admin, CORP, { params: { id: 'chA' }, body: { date: C, amount: 30_000 } });
  await w.message(`${C}T13:00:00`, 'c2', 'zhangsan', 'c2');
  await w.message(`${C}T13:01:00`, 'c2', 'zhangsan', 'c2');
  await w.message(`${C}T13:02:00`, 'zhangsan', 'zhangsan', 'c2');
  await w.message(`${C}T14:00:00`, 'c3', 'zhangsan', 'c3');
  await w.auditLog.append({
    corpId: CORP,
    eventKey: 'a'.repeat(64),
    type: 'red_packet',
    at: at(`${C}T15:00:00`),
    staff: 'zhangsan',
    customer: 'c2',
    detail: { amountFen: 8_800, count: 1 },
    alert: false,
  });
  await w.auditLog.append({
    corpId: CORP,
    eventKey: 'b'.repeat(64),
    type: 'sensitive_word',
    at: at(`${C}T15:10:00`),
    staff: 'zhangsan',
    customer: 'c3',
    detail: { words: '微信转账' },
    alert: true,
  });
  w.behaviour.set(`zhangsan@${shanghaiMidnight(C)}`, { chat_cnt: 10, message_cnt: 40, reply_percentage: 80, avg_reply_time: 2 });
  w.behaviour.set(`lisi@${shanghaiMidnight(C)}`, { chat_cnt: 30, message_cnt: 60, reply_percentage: 50, avg_reply_time: 10 });
}

describe('nightly rollup (in memory)', () => {
  it('gives the figures worked out by hand for a known month', async () => {
    const w = await world();
    await dayC(w);
    await w.rollUp(C, C);

    // 5 adds, 1 of them unconfirmed: pass rate 4/5; c2 and c3 wrote (2 of 5 active); KPIs weighted by chats:
    // reply rate (8 + 15) / 40, average reply (8 × 120 + 15 × 600) / 23 seconds.
    expect(await row(w, C, 'tenant', 'tenant')).toMatchObject({
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
      replyRate: 0.575,
      avgReplySeconds: 433,
    });
    // chA: 4 adds (c5 unconfirmed), spend 30,000 over 4 customers.
    expect(await row(w, C, 'channel', 'channel#chA')).toMatchObject({ newCustomers: 4, unconfirmed: 1, passRate: 0.75, spend: 30_000, cac: 7_500 });
    expect(await row(w, C, 'staff', 'staff#zhangsan')).toMatchObject({
      newCustomers: 4,
      activeCustomers: 2,
      contactedCustomers: 10,
      replyRate: 0.8,
      avgReplySeconds: 120,
    });

    // C+3: c1 deletes zhangsan. Orders on C+4 (one phone-only), C+19 and C+24. C+10: lisi deletes c4. C+20: c6 joins.
    await w.contact('del_follow_user', '2026-10-04T09:00:00', 'zhangsan', 'c1');
    w.clock.set(Date.parse('2026-10-26T12:00:00+08:00'));
    const orders = [
      { orderId: 'o-1', externalUserId: 'c2', amount: 12_000, paidAt: '2026-10-05T10:00:00+08:00' },
      { orderId: 'o-2', phone: '13800000000', amount: 999, paidAt: '2026-10-05T11:00:00+08:00' },
      { orderId: 'o-3', externalUserId: 'c2', amount: 6_000, paidAt: '2026-10-20T10:00:00+08:00' },
      { orderId: 'o-4', externalUserId: 'c3', amount: 18_000, paidAt: at('2026-10-25T10:00:00') },
    ];
    expect(await invokeJson(metricRoutes.importOrders, w.admin, CORP, { body: { orders } })).toEqual({
      imported: 4,
      duplicates: 0,
      phoneOnly: 1,
      unknownCustomers: 0,
    });
    expect(await invokeJson(metricRoutes.importOrders, w.admin, CORP, { body: { orders: [orders[0]] } })).toEqual({
      imported: 0,
      duplicates: 1,
      phoneOnly: 0,
      unknownCustomers: 0,
    });
    await w.contact('del_external_contact', '2026-10-11T09:00:00', 'lisi', 'c4');
    await w.contact('add_external_contact', '2026-10-21T09:00:00', 'zhangsan', 'c6');
    await w.rollUp(addDays(C, 1), '2026-10-31');

    expect(await row(w, '2026-10-04', 'tenant', 'tenant')).toMatchObject({ lostByCustomer: 1, netGrowth: -1, totalCustomers: 4 });
    expect(await row(w, '2026-10-05', 'tenant', 'tenant')).toMatchObject({ gmv: 12_999, orders: 2, payingCustomers: 1 });
    // D7 of C: 4 of the 5 still there (c1 left); of chA's 4, 3.
    expect(await row(w, '2026-10-08', 'tenant', 'tenant')).toMatchObject({ retentionD7: 0.8 });
    expect(await row(w, '2026-10-08', 'channel', 'channel#chA')).toMatchObject({ retentionD7: 0.75 });
    // D30 of C: c2, c3, c5 (3 of 5); c6 makes the total 4 again; 2 of 4 paid (c2, c3), 1 of those 2 twice.
    const tenant31 = await row(w, '2026-10-31', 'tenant', 'tenant');
    expect(tenant31).toMatchObject({ retentionD30: 0.6, totalCustomers: 4, conversionRate: 0.5, repurchaseRate: 0.5 });
    // chA's cohort at D30: paid 36,000 over 4 customers (LTV 9,000), CAC 7,500: LTV/CAC 1.2, ROI 6,000 / 30,000.
    expect(await row(w, '2026-10-31', 'channel', 'channel#chA')).toMatchObject({ retentionD30: 0.75, ltvD30: 9_000, ltvToCacD30: 1.2, roiD30: 0.2 });

    const cohorts = (await invokeJson(metricRoutes.cohorts, w.admin, CORP, { query: { by: 'channel', period: 'day', from: C, to: C } })) as {
      items: Array<Record<string, unknown>>;
    };
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
      expect.objectContaining({
        dimension: 'channel#unattributed',
        channelId: null,
        cohort: C,
        size: 1,
        retention: expect.objectContaining({ d7: 1, d30: 0 }),
      }),
    ]);
    // Default RFM (30 days, 2 orders, ¥1,000): c2 recent + frequent (E), c3 recent only (F).
    expect(await invokeJson(metricRoutes.rfm, w.admin, CORP, {})).toMatchObject({ counts: { A: 0, B: 0, C: 0, D: 0, E: 1, F: 1, G: 0, H: 0 } });
    expect(await w.orders.classified(CORP)).toEqual(['c2', 'c3']);

    // A re-run of a day writes the same rows again.
    const before = await w.daily('2026-10-31', 'channel');
    await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now(), date: '2026-10-31' });
    expect(await w.daily('2026-10-31', 'channel')).toEqual(before);
    expect(await row(w, '2026-10-31', 'tenant', 'tenant')).toEqual(tenant31);

    const csv = await invoke(metricRoutes.daily, w.admin, CORP, { query: { from: '2026-10-30', to: '2026-10-31', by: 'tenant', format: 'csv' }, lang: 'en' });
    expect(csv.kind).toBe('csv');
    const lines = String(csv.body).trim().split('\r\n');
    expect(lines[0]).toMatch(/^day,dimension,newCustomers,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['2026-10-30,tenant', '2026-10-31,tenant']);
  });

  it('walks the days before a first rollup to seed the stocks, and says so', async () => {
    const w = await world();
    await w.contact('add_external_contact', `${C}T10:00:00`, 'zhangsan', 'c1');
    await w.contact('add_external_contact', '2026-10-02T10:00:00', 'lisi', 'c2');
    w.clock.set((shanghaiMidnight('2026-10-04') + 1800) * 1000);
    const report = (await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now(), date: '2026-10-03' })).results[0];
    expect(report).toMatchObject({ day: '2026-10-03', walked: [C, '2026-10-02'], totalsSeeded: true, violations: [] });
    expect(await w.metrics.stocks(CORP, '2026-10-02')).toBeDefined();
    expect(await row(w, '2026-10-03', 'tenant', 'tenant')).toMatchObject({ newCustomers: 0, totalCustomers: 2 });
    expect(w.metrics.rolledUpDays(CORP)).toEqual(['2026-10-03']);
  });

  it('rolls up again, the next night, the days that orders and spend arrived for after their rollup', async () => {
    const w = await world();
    const D = '2026-10-02';
    await w.contact('add_external_contact', `${D}T10:00:00`, 'zhangsan', 'k1', 'st-chA');
    await w.rollUp(C, D);
    expect(await row(w, D, 'tenant', 'tenant')).toMatchObject({ gmv: 0 });
    // The next morning the shop exports yesterday's orders, and the channel's spend is entered.
    w.clock.advance(9 * 3600 * 1000);
    await invokeJson(metricRoutes.importOrders, w.admin, CORP, {
      body: { orders: [{ orderId: 'late-1', externalUserId: 'k1', amount: 8_800, paidAt: at(`${D}T20:00:00`) }] },
    });
    await invokeJson(channelRoutes.spend, w.admin, CORP, { params: { id: 'chA' }, body: { date: D, amount: 5_000 } });
    expect(await w.metrics.dirtyFrom(CORP)).toBe(D);
    // The nightly run (no date): its marker is created by the lease run for the tenant's job.
    w.clock.set((shanghaiMidnight(addDays(D, 2)) + 1800) * 1000);
    const night = (await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now() })).results[0] as { day: string; caughtUp: string[] };
    expect(night).toMatchObject({ day: addDays(D, 1), caughtUp: [D] });
    expect(await w.metrics.dirtyFrom(CORP)).toBeUndefined();
    expect(await row(w, D, 'tenant', 'tenant')).toMatchObject({ gmv: 8_800, payingCustomers: 1, conversionRate: 1 });
    expect(await row(w, D, 'channel', 'channel#chA')).toMatchObject({ gmv: 8_800, spend: 5_000, cac: 5_000 });
    expect(await row(w, addDays(D, 1), 'tenant', 'tenant')).toMatchObject({ conversionRate: 1 });
    w.clock.advance(86_400_000);
    expect(((await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now() })).results[0] as { caughtUp: string[] }).caughtUp).toEqual([]);
  });

  it('names the source it lacked and why instead of zeros; the totals never depend on the directory', async () => {
    const w = await world();
    await w.contact('add_external_contact', `${C}T10:00:00`, 'zhangsan', 'g1');
    w.wecom.fail('user/list_id', 40001);
    await w.rollUp(C, C);
    const [refused] = (await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now(), date: C })).results as Array<Record<string, any>>;
    expect(refused!.staffSync.error).toMatch(/40001/);
    const tenant = await row(w, C, 'tenant', 'tenant');
    expect(tenant).toMatchObject({ newCustomers: 1, totalCustomers: 1, replyRate: null });
    expect(tenant.gaps).toEqual([{ source: 'staff_directory', reason: expect.stringMatching(/40001/) }]);

    // The directory answers again; lisi's behaviour data is refused: lisi is named, with WeCom's errcode.
    w.wecom.on('user/list_id', () => ({
      dept_user: [
        { userid: 'zhangsan', department: 2 },
        { userid: 'lisi', department: 2 },
      ],
    }));
    const E = addDays(C, 1);
    w.behaviour.set(`zhangsan@${shanghaiMidnight(E)}`, { chat_cnt: 2, message_cnt: 3 });
    const answer = w.behaviour;
    w.wecom.on('externalcontact/get_user_behavior_data', (b) =>
      b.userid![0] === 'lisi'
        ? { errcode: 60011, errmsg: 'no privilege' }
        : { behavior_data: [{ stat_time: b.start_time, ...answer.get(`${b.userid![0]}@${b.start_time}`)! }] },
    );
    w.clock.set((shanghaiMidnight(addDays(E, 1)) + 1800) * 1000);
    const next = (await runRollup(w.deps, { corpId: CORP, nowMs: w.clock.now(), date: E })).results[0];
    expect(next).toMatchObject({ staffSync: { synced: 2, resigned: 0 }, totalsSeeded: false, behaviourMissing: ['lisi'] });
    const tenantE = await row(w, E, 'tenant', 'tenant');
    expect(tenantE.totalCustomers).toBe(1);
    expect(tenantE.gaps).toEqual([{ source: 'behaviour_data', reason: expect.stringMatching(/60011/), staff: ['lisi'] }]);
    expect(await row(w, E, 'staff', 'staff#lisi')).toMatchObject({ replyRate: null, gaps: [expect.objectContaining({ source: 'behaviour_data' })] });
    expect(await row(w, E, 'staff', 'staff#zhangsan')).toMatchObject({ contactedCustomers: 2 });
  });

  it('refuses bad orders and spend with field details and stores nothing', async () => {
    const w = await world();
    w.clock.set(Date.parse('2026-10-26T12:00:00+08:00'));
    const importOrders = (body: unknown) => invokeJson(metricRoutes.importOrders, w.admin, CORP, { body });
    await expect(
      importOrders({
        orders: [
          { orderId: 'ok-1', externalUserId: 'c2', amount: 100, paidAt: '2026-10-05T10:00:00+08:00' },
          { orderId: 'bad 2', amount: -1, paidAt: 'yesterday' },
        ],
      }),
    ).rejects.toMatchObject({
      httpStatus: 400,
    });
    await expect(importOrders({ orders: [{ orderId: 'f-1', externalUserId: 'c2', amount: 1, paidAt: '2026-12-01T00:00:00+08:00' }] })).rejects.toMatchObject({
      httpStatus: 400,
      details: [{ field: 'orders.0.paidAt', message: 'in the future' }],
    });
    await expect(
      importOrders({ orders: [{ orderId: 'x-1', externalUserId: 'c2', amount: 1, paidAt: 1_790_000_000, channelId: 'nope' }] }),
    ).rejects.toMatchObject({ httpStatus: 400 });
    expect(w.orders.all(CORP)).toEqual([]);
    const spend = (id: string, body: unknown) => invokeJson(channelRoutes.spend, w.admin, CORP, { params: { id }, body });
    await expect(spend('chA', { date: '2026-13-01', amount: 1 })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(spend('nope', { date: '2026-10-01', amount: 1 })).rejects.toMatchObject({ httpStatus: 404 });
    expect(await w.spend.get(CORP, 'chA', '2026-10-01')).toBe(0);
    await expect(invoke(metricRoutes.daily, w.admin, CORP, { query: { from: '2026-01-01', to: '2026-12-31' } })).rejects.toMatchObject({ httpStatus: 400 });
    expect(await w.metrics.dirtyFrom(CORP)).toBeUndefined();
  });
});
