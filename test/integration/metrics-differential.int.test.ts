// The rollup against the reference model (test/support/metrics-reference.ts, written from docs/metrics.md
// alone): random scenarios of several weeks (adds, half adds and confirmations, re-adds, deletions both ways,
// transfers, duplicates and out-of-order deliveries, orders with and without channels or customers, duplicate
// order ids, spend overwrites, behaviour data with gaps) run through the real callback-side projection (the
// relationship consumer's use case), the real order and spend imports and the real rollup on DynamoDB Local
// and the WeCom simulator; every figure of every day, every cohort and every RFM class must agree.
//   nightly   each day's events, messages, audit rows, orders and spend arrive, then that day is rolled up
//   backfill  a second tenant gets everything first, then its days are rolled up in a shuffled order
//   re-run    every day of the nightly tenant rolled up again, shuffled: byte-identical rows
// `npm test` runs METRICS_RUNS (default 2) short scenarios; `npm run test:metrics -- --runs 500` runs more.
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { RFM_CLASSES, type DailyMetrics } from '../../shared/domain/metrics';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../shared/events/time';
import { isAppError } from '../../shared/errors';
import { integrationWorld } from '../support/integration-world';
import { applyContactChange } from '../../functions/relationship/apply-contact-change';
import { messageFor } from '../support/queue-messages';
import { invoke, invokeJson } from '../../functions/admin-api/dispatch';
import type { MetricsDeps } from '../../functions/admin-api/metrics';
import type { Reply } from '../../functions/admin-api/route';
import { channelRoutes } from '../../functions/admin-api/routes/channels';
import { metricRoutes } from '../../functions/admin-api/routes/metrics';

/** The metrics routes as the admin API runs them (bodies and queries parsed by the route); a CSV reply as `{csv}`. */
const replyOf = (r: Reply<unknown>): unknown => (r.kind === 'csv' ? { csv: r.body } : r.body);
const importOrders = (d: MetricsDeps, corpId: string, body: unknown) => invokeJson(metricRoutes.importOrders, d, corpId, { body });
const putChannelSpend = (d: MetricsDeps, corpId: string, id: string, body: unknown) => invokeJson(channelRoutes.spend, d, corpId, { params: { id }, body });
const putMetricSettings = (d: MetricsDeps, corpId: string, body: unknown) => invokeJson(metricRoutes.putSettings, d, corpId, { body });
const cohortsOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.cohorts, d, corpId, { query }));
const rfmOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.rfm, d, corpId, { query }));
import { runRollup, type RollupJobDeps } from '../../functions/schedules/rollup/run-rollup';
import { CHANNEL_ADDITIVE, referenceMetrics, type DailyRow } from '../support/metrics-reference';
import { scenarioArb, type Scenario } from '../support/metrics-scenario';

const RUNS = Number(process.env.METRICS_RUNS ?? 2);
const SEED = process.env.METRICS_SEED === undefined ? undefined : Number(process.env.METRICS_SEED);
const LONG = process.env.METRICS_LONG === '1';

// WeCom's clock (the simulator's) is ours too.
const world = integrationWorld({ simulator: true, clockAt: Date.parse('2026-01-01T00:00:00+08:00') });
const clock = world.clock;
const secret = `metrics-secret-${randomUUID()}`;
let sim: typeof world.sim;

const stores = world.stores;
const { eventLog, follows, channels, staffRegistry, metrics, orders, spend, archive, auditLog } = stores;
let rollupDeps: RollupJobDeps;
let admin: MetricsDeps;
let relationship: Parameters<typeof applyContactChange>[0];

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  const { secrets, wecom } = world;
  rollupDeps = { ...stores, secrets, wecom, due: new DynamoDueStore(world.doc, world.table, clock), clock };
  admin = { orders, spend, metrics, channels, follows, staffRegistry, clock };
  relationship = { ...stores, secrets, wecom, clock };
});
afterAll(() => world.close());

const end = (day: string) => shanghaiMidnight(day) + 86_399;
const days = (s: Scenario) => Array.from({ length: s.days }, (_, i) => addDays(s.startDay, i));

/** A fresh tenant for the scenario: its directory in the simulator, its channels, its behaviour data and RFM thresholds. */
async function setUp(s: Scenario): Promise<string> {
  clock.set(shanghaiMidnight(s.startDay) * 1000);
  const corpId = await world.newTenant('md', {
    secret,
    corp: {
      staff: s.staff.map((m) => ({ userId: m.userId, name: m.userId, department: [m.department] })),
      departments: [
        { id: 1, name: '一部', parentId: 0 },
        { id: 2, name: '二部', parentId: 0 },
      ],
    },
    settings: { name: 'metrics', token: 'MetricsToken1' },
  });
  const createdAt = new Date(clock.now()).toISOString();
  for (const c of s.channels) {
    await channels.put({
      corpId,
      id: c.id,
      state: c.state,
      name: c.id,
      staff: [s.staff[0]!.userId],
      backupStaff: [],
      skipVerify: true,
      autoAccept: { mode: 'always', windows: [] },
      dailyCapPerStaff: 0,
      tags: [],
      configId: `cfg-${c.id}`,
      qrCode: 'https://example.invalid/qr',
      status: 'active',
      createdAt,
      updatedAt: createdAt,
    });
  }
  for (const m of s.staff) {
    for (const d of days(s)) {
      const b = s.behaviour[m.userId]?.[d];
      sim.state.setBehaviour(
        corpId,
        m.userId,
        shanghaiMidnight(d),
        b
          ? {
              chat_cnt: b.chatCount,
              message_cnt: b.messageCount,
              ...(b.replyPercentage !== undefined ? { reply_percentage: b.replyPercentage } : {}),
              ...(b.avgReplyMinutes !== undefined ? { avg_reply_time: b.avgReplyMinutes } : {}),
            }
          : null,
      );
    }
  }
  // Other thresholds first; the scenario's from its middle day on (the rollup then re-classes everyone).
  await putMetricSettings(admin, corpId, { rfm: { recentDays: 3, frequentOrders: 9, monetaryFen: 9_999_999 } });
  return corpId;
}

/** One delivery of a change_external_contact event: the callback's event log (deduplicated), then the relationship consumer.
 *  A transfer_fail carries its FailReason, as WeCom's always does (the queue refuses one without). */
async function deliver(corpId: string, e: Scenario['events'][number]) {
  const type = `change_external_contact.${e.change}`;
  const event = {
    ToUserName: corpId,
    CreateTime: e.at,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: e.change,
    UserID: e.userId,
    ExternalUserID: e.externalUserId,
    ...(e.state ? { State: e.state } : {}),
    ...(e.change === 'transfer_fail' ? { FailReason: 'customer_refused' } : {}),
  };
  const eventKey = createHash('sha256').update(`${corpId}|${e.key}`).digest('hex');
  const message = { v: 1 as const, eventKey, corpId, type, occurredAt: e.at, receivedAt: clock.now(), event };
  const recorded = await eventLog.record({ corpId, eventKey, type, occurredAt: e.at, receivedAt: clock.now(), concerns: ['relationship'], message });
  if (!recorded.created) return; // a repeated delivery: the callback answers 200 and changes nothing
  await applyContactChange(relationship, messageFor('relationship', message));
}

async function importOne(corpId: string, o: Scenario['orders'][number]) {
  try {
    await importOrders(admin, corpId, { orders: [o] });
  } catch (e) {
    // A re-import whose paidAt lies after "now" is refused whole (400): it would have been ignored anyway.
    if (!(isAppError(e) && e.httpStatus === 400)) throw e;
  }
}

/** Everything of the days up to `day` that has not arrived yet, in the scenario's delivery order. */
function arrivals(s: Scenario) {
  const delivered = new Set<number>();
  const firstDayOf = new Map<string, string>();
  for (const o of s.orders) if (!firstDayOf.has(o.orderId)) firstDayOf.set(o.orderId, shanghaiDay(o.paidAt));
  return async (corpId: string, day: string) => {
    for (const [i, e] of s.events.entries()) {
      if (delivered.has(i) || e.at > end(day)) continue;
      delivered.add(i);
      await deliver(corpId, e);
    }
    for (const m of s.messages.filter((x) => shanghaiDay(Math.floor(x.atMs / 1000)) === day)) {
      await archive.put({
        corpId,
        msgid: m.id,
        seq: 0,
        msgtime: m.atMs,
        msgtype: 'text',
        action: 'send',
        from: m.fromCustomer ? m.customer : m.staff,
        tolist: [m.fromCustomer ? m.staff : m.customer],
        roomid: '',
        staff: m.staff,
        customer: m.customer,
        text: '你好',
        body: { content: '你好' },
      });
    }
    for (const a of s.audit.filter((x) => shanghaiDay(x.at) === day)) {
      await auditLog.append({
        corpId,
        eventKey: a.key,
        type: a.type,
        at: a.at,
        staff: a.staff,
        detail: a.amountFen === undefined ? {} : { amountFen: a.amountFen },
        alert: false,
      });
    }
    // Orders are imported on the day their id was first paid (a re-import of an id follows its first import).
    for (const o of s.orders.filter((x) => firstDayOf.get(x.orderId) === day)) await importOne(corpId, o);
    for (const e of s.spend.filter((x) => x.day === day)) await putChannelSpend(admin, corpId, e.channelId, { date: e.day, amount: e.amount });
  };
}

async function rollUp(corpId: string, day: string) {
  clock.set(Math.max(clock.now(), (end(day) + 1 + 1800) * 1000));
  const report = await runRollup(rollupDeps, { corpId, nowMs: clock.now(), date: day });
  expect(report.failed).toEqual([]);
  expect((report.results[0] as { violations: string[] }).violations).toEqual([]);
}

const FIELDS: ReadonlyArray<keyof DailyRow & keyof DailyMetrics> = [
  'newCustomers',
  'unconfirmed',
  'passRate',
  'lostByStaff',
  'lostByCustomer',
  'netGrowth',
  'totalCustomers',
  'activeCustomers',
  'interactionRate',
  'retentionD7',
  'retentionD30',
  'orders',
  'gmv',
  'payingCustomers',
  'conversionRate',
  'repurchaseRate',
  'redPacketCount',
  'redPacketAmount',
  'transferAmount',
  'sensitiveHits',
  'contactedCustomers',
  'messagesSent',
  'replyRate',
  'avgReplySeconds',
  'spend',
  'cac',
  'ltvD30',
  'ltvToCacD30',
  'roiD30',
];

/**
 * The figures where the rollup and the reference disagree, as `day dimension field: rollup ≠ reference`.
 * Rates are compared to 1e-6 (the rollup sums WeCom's percentages as floating point, the reference exactly).
 */
async function differences(corpId: string, s: Scenario, ref: ReturnType<typeof referenceMetrics>, day: string): Promise<string[]> {
  const out: string[] = [];
  const rows = new Map<string, DailyMetrics>();
  for (const kind of ['tenant', 'staff', 'channel'] as const) for (const r of await metrics.daily(corpId, [day], kind)) rows.set(r.dimension, r);
  const expected = ref.daily(day);
  const extra = [...rows.keys()].filter((d) => !(d in expected));
  if (extra.length > 0) out.push(`${day}: rows the reference has not: ${extra.join(', ')}`);
  for (const [dim, want] of Object.entries(expected)) {
    const got = rows.get(dim as DailyMetrics['dimension']);
    if (!got) {
      out.push(`${day} ${dim}: no row`);
      continue;
    }
    for (const f of FIELDS) {
      const a = (got[f] as number | null | undefined) ?? null;
      const b = (want[f] as number | null | undefined) ?? null;
      const same = a === b || (a !== null && b !== null && (f === 'avgReplySeconds' ? Math.abs(a - b) <= 1 : Math.abs(a - b) <= 1e-6 + 1e-9 * Math.abs(b)));
      if (!same) out.push(`${day} ${dim} ${f}: rollup ${a} ≠ reference ${b}`);
    }
  }
  return out;
}

async function cohortDifferences(corpId: string, s: Scenario, ref: ReturnType<typeof referenceMetrics>, asOf: string): Promise<string[]> {
  const out: string[] = [];
  clock.set(Math.max(clock.now(), (end(asOf) + 1) * 1000));
  for (const by of ['tenant', 'channel', 'staff'] as const) {
    const got = (await cohortsOf(admin, corpId, { by, period: 'day', from: s.startDay, to: asOf })) as { asOf: string; items: Array<Record<string, any>> };
    const key = (i: Record<string, any>) => `${i.dimension}|${i.cohort}`;
    const items = new Map(got.items.map((i) => [key(i), i]));
    const dims = by === 'tenant' ? ['tenant'] : ref.dimensions().filter((d) => d.startsWith(`${by}#`));
    for (const dim of dims) {
      for (const d of days(s)) {
        const want = ref.cohort(dim, d, got.asOf);
        const have = items.get(`${dim}|${d}`);
        if (want.size === 0 && (want.spend ?? 0) === 0) {
          if (have) out.push(`cohort ${dim} ${d}: listed, the reference has none`);
          continue;
        }
        if (!have) {
          out.push(`cohort ${dim} ${d}: missing (size ${want.size})`);
          continue;
        }
        const pairs: Array<[string, unknown, unknown]> = [
          ['size', have.size, want.size],
          ['spend', by === 'channel' && dim !== 'channel#unattributed' ? have.spend : null, want.spend],
          ['cac', by === 'channel' && dim !== 'channel#unattributed' ? have.cac : null, want.cac],
          ...(['d1', 'd7', 'd30', 'd60', 'd90', 'd180'] as const).flatMap((m): Array<[string, unknown, unknown]> => [
            [`retention.${m}`, have.retention[m], want.retention[m]],
            [`revenue.${m}`, have.revenue[m], want.revenue[m]],
          ]),
          ...(['d30', 'd90', 'd180'] as const).flatMap((m): Array<[string, unknown, unknown]> => [
            [`ltv.${m}`, have.ltv[m], want.ltv[m]],
            [`ltvToCac.${m}`, dim === 'channel#unattributed' ? null : have.ltvToCac[m], want.ltvToCac[m]],
            [`roi.${m}`, dim === 'channel#unattributed' ? null : have.roi[m], want.roi[m]],
          ]),
        ];
        for (const [f, a, b] of pairs) {
          const same = a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-6);
          if (!same) out.push(`cohort ${dim} ${d} ${f}: rollup ${String(a)} ≠ reference ${String(b)}`);
        }
      }
    }
  }
  return out;
}

async function rfmDifferences(corpId: string, ref: ReturnType<typeof referenceMetrics>, asOf: string): Promise<string[]> {
  const want = ref.rfm(asOf);
  const got: Record<string, string> = {};
  for (const cls of RFM_CLASSES) {
    let cursor: string | undefined;
    do {
      const page = (await rfmOf(admin, corpId, { class: cls, limit: '500', ...(cursor ? { cursor } : {}) })) as {
        items: Array<{ externalUserId: string }>;
        cursor: string | null;
      };
      for (const i of page.items) got[i.externalUserId] = cls;
      cursor = page.cursor ?? undefined;
    } while (cursor);
  }
  const ids = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
  return ids.filter((c) => want[c] !== got[c]).map((c) => `rfm ${c}: rollup ${got[c] ?? 'none'} ≠ reference ${want[c] ?? 'none'}`);
}

function shuffle<T>(list: readonly T[], stream: fc.Stream<number>): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (stream.next().value ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const opts = LONG ? {} : { minDays: 10, maxDays: 16, maxCustomers: 16 };

describe('the rollup agrees with the reference model on every figure', () => {
  it(
    `over ${RUNS} random scenario(s): nightly, re-run in a shuffled order, and backfilled in a shuffled order`,
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb(opts), fc.infiniteStream(fc.nat()), async (s, shuffleSeed) => {
          const ref = referenceMetrics(s);
          const last = addDays(s.startDay, s.days - 1);
          const problems: string[] = [];

          // Nightly: each day's facts arrive, then the day is rolled up at 00:30 the next day.
          const nightly = await setUp(s);
          const arrive = arrivals(s);
          const middle = addDays(s.startDay, Math.floor(s.days / 2));
          for (const d of days(s)) {
            clock.set(Math.max(clock.now(), end(d) * 1000));
            await arrive(nightly, d);
            if (d === middle) await putMetricSettings(admin, nightly, { rfm: s.rfm });
            await rollUp(nightly, d);
            problems.push(...(await differences(nightly, s, ref, d)));
          }
          problems.push(...(await cohortDifferences(nightly, s, ref, last)), ...(await rfmDifferences(nightly, ref, last)));

          // Re-run every day in a shuffled order: byte-identical rows.
          const before = new Map<string, string>();
          for (const d of days(s))
            before.set(d, JSON.stringify(await Promise.all((['tenant', 'staff', 'channel'] as const).map((k) => metrics.daily(nightly, [d], k)))));
          for (const d of shuffle(days(s), shuffleSeed)) await rollUp(nightly, d);
          for (const d of days(s)) {
            const after = JSON.stringify(await Promise.all((['tenant', 'staff', 'channel'] as const).map((k) => metrics.daily(nightly, [d], k))));
            if (after !== before.get(d)) problems.push(`re-run of ${d} changed its rows`);
          }

          // Backfill: everything arrives first, then the days are rolled up in a shuffled order.
          const backfill = await setUp(s);
          const arriveAll = arrivals(s);
          clock.set(Math.max(clock.now(), end(last) * 1000));
          for (const d of days(s)) await arriveAll(backfill, d);
          await putMetricSettings(admin, backfill, { rfm: s.rfm });
          for (const d of shuffle(days(s), shuffleSeed)) await rollUp(backfill, d);
          for (const d of days(s)) problems.push(...(await differences(backfill, s, ref, d)).map((p) => `backfill ${p}`));

          // Sums: channels + unattributed = tenant, checked on the reference side too (it is the spec's).
          for (const d of days(s)) {
            const rows = ref.daily(d);
            for (const f of CHANNEL_ADDITIVE) {
              const sum = Object.entries(rows)
                .filter(([k]) => k.startsWith('channel#'))
                .reduce((n, [, r]) => n + Number(r[f] ?? 0), 0);
              if (sum !== Number(rows.tenant![f] ?? 0)) problems.push(`reference ${d} ${f}: channels ${sum} ≠ tenant ${rows.tenant![f]}`);
            }
          }
          if (problems.length > 0)
            throw new Error(`${problems.length} differences in a scenario of ${s.days} days from ${s.startDay}:\n${problems.slice(0, 40).join('\n')}`);
        }),
        { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
      );
    },
    Math.max(600_000, RUNS * 600_000),
  );
});
