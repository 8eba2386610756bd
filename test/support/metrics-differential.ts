// The metrics differential: random scenarios (adds, half adds and confirmations, re-adds, deletions both ways,
// transfers, duplicates and out-of-order deliveries, orders with and without channels or customers, duplicate
// order ids, spend overwrites, behaviour data with gaps) run through the real relationship use case, the real
// order and spend imports and the real rollup; every figure of every day, every cohort and every RFM class must
// agree with the reference model (metrics-reference.ts, written from docs/metrics.md alone).
//   nightly   each day's events, messages, audit rows, orders and spend arrive, then that day is rolled up
//   backfill  a second tenant gets everything first, then its days are rolled up in a shuffled order
//   re-run    every day of the nightly tenant rolled up again, shuffled: byte-identical rows
// One harness, two worlds: in-memory fakes and a fake WeCom (functions/schedules/rollup/rollup-differential.test.ts)
// and DynamoDB Local with the WeCom simulator (test/integration/metrics-differential.int.test.ts).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { invoke, invokeJson } from '../../functions/admin-api/dispatch';
import type { MetricsDeps } from '../../functions/admin-api/metrics';
import type { Reply } from '../../functions/admin-api/route';
import { channelRoutes } from '../../functions/admin-api/routes/channels';
import { metricRoutes } from '../../functions/admin-api/routes/metrics';
import { applyContactChange, type ApplyContactChangeDeps } from '../../functions/relationship/apply-contact-change';
import { runRollup, type RollupJobDeps } from '../../functions/schedules/rollup/run-rollup';
import type { ArchiveStore } from '../../shared/archive/archive-ports';
import type { ChannelStore } from '../../shared/channels/channel';
import type { MetricsStore } from '../../shared/db/metrics-repository';
import type { AuditStore } from '../../shared/domain/audit';
import { RFM_CLASSES, type DailyMetrics } from '../../shared/domain/metrics';
import { isAppError } from '../../shared/errors';
import type { EventLog } from '../../shared/events/ports';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../shared/events/time';
import type { ManualClock } from './clock';
import { CHANNEL_ADDITIVE, referenceMetrics, type DailyRow } from './metrics-reference';
import { scenarioArb, type Scenario } from './metrics-scenario';
import { messageFor } from './queue-messages';

/** What a world gives the harness: the use cases' deps, the stores the scenario writes through, and its clock. */
export interface DifferentialWorld {
  clock: ManualClock;
  rollupDeps: RollupJobDeps;
  admin: MetricsDeps;
  relationship: ApplyContactChangeDeps;
  eventLog: EventLog;
  channels: Pick<ChannelStore, 'put'>;
  archive: Pick<ArchiveStore, 'put'>;
  auditLog: AuditStore;
  metrics: MetricsStore;
  /** A fresh tenant for the scenario (the clock already at its first day), its directory and behaviour data in WeCom. */
  newTenant(s: Scenario): Promise<string>;
}

/** The metrics routes as the admin API runs them (bodies and queries parsed by the route); a CSV reply as `{csv}`. */
const replyOf = (r: Reply<unknown>): unknown => (r.kind === 'csv' ? { csv: r.body } : r.body);
const importOrders = (d: MetricsDeps, corpId: string, body: unknown) => invokeJson(metricRoutes.importOrders, d, corpId, { body });
const putChannelSpend = (d: MetricsDeps, corpId: string, id: string, body: unknown) => invokeJson(channelRoutes.spend, d, corpId, { params: { id }, body });
const putMetricSettings = (d: MetricsDeps, corpId: string, body: unknown) => invokeJson(metricRoutes.putSettings, d, corpId, { body });
const cohortsOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.cohorts, d, corpId, { query }));
const rfmOf = async (d: MetricsDeps, corpId: string, query: Record<string, string>) => replyOf(await invoke(metricRoutes.rfm, d, corpId, { query }));

const end = (day: string) => shanghaiMidnight(day) + 86_399;
/** Every day of a scenario. */
export const days = (s: Scenario) => Array.from({ length: s.days }, (_, i) => addDays(s.startDay, i));

/** A fresh tenant for the scenario: its directory and behaviour data in WeCom, its channels and RFM thresholds. */
async function setUp(w: DifferentialWorld, s: Scenario): Promise<string> {
  w.clock.set(shanghaiMidnight(s.startDay) * 1000);
  const corpId = await w.newTenant(s);
  const createdAt = new Date(w.clock.now()).toISOString();
  for (const c of s.channels) {
    await w.channels.put({
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
  // Other thresholds first; the scenario's from its middle day on (the rollup then re-classes everyone).
  await putMetricSettings(w.admin, corpId, { rfm: { recentDays: 3, frequentOrders: 9, monetaryFen: 9_999_999 } });
  return corpId;
}

/** One delivery of a change_external_contact event (a transfer_fail carries its FailReason, as WeCom's does): the callback's event log (deduplicated), then the relationship consumer. */
async function deliver(w: DifferentialWorld, corpId: string, e: Scenario['events'][number]) {
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
    ...(e.source ? { Source: e.source } : {}),
    ...(e.change === 'transfer_fail' ? { FailReason: 'customer_refused' } : {}),
  };
  const eventKey = createHash('sha256').update(`${corpId}|${e.key}`).digest('hex');
  const message = { v: 1 as const, eventKey, corpId, type, occurredAt: e.at, receivedAt: w.clock.now(), event };
  const recorded = await w.eventLog.record({ corpId, eventKey, type, occurredAt: e.at, receivedAt: w.clock.now(), concerns: ['relationship'], message });
  if (!recorded.created) return; // a repeated delivery: the callback answers 200 and changes nothing
  await applyContactChange(w.relationship, messageFor('relationship', message));
}

async function importOne(w: DifferentialWorld, corpId: string, o: Scenario['orders'][number]) {
  try {
    await importOrders(w.admin, corpId, { orders: [o] });
  } catch (e) {
    // A re-import whose paidAt lies after "now" is refused whole (400): it would have been ignored anyway.
    if (!(isAppError(e) && e.httpStatus === 400)) throw e;
  }
}

/** Everything of the days up to `day` that has not arrived yet, in the scenario's delivery order. */
function arrivals(w: DifferentialWorld, s: Scenario) {
  const delivered = new Set<number>();
  const firstDayOf = new Map<string, string>();
  for (const o of s.orders) if (!firstDayOf.has(o.orderId)) firstDayOf.set(o.orderId, shanghaiDay(o.paidAt));
  return async (corpId: string, day: string) => {
    for (const [i, e] of s.events.entries()) {
      if (delivered.has(i) || e.at > end(day)) continue;
      delivered.add(i);
      await deliver(w, corpId, e);
    }
    for (const m of s.messages.filter((x) => shanghaiDay(Math.floor(x.atMs / 1000)) === day)) {
      await w.archive.put({
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
      await w.auditLog.append({
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
    for (const o of s.orders.filter((x) => firstDayOf.get(x.orderId) === day)) await importOne(w, corpId, o);
    for (const e of s.spend.filter((x) => x.day === day)) await putChannelSpend(w.admin, corpId, e.channelId, { date: e.day, amount: e.amount });
  };
}

async function rollUp(w: DifferentialWorld, corpId: string, day: string) {
  w.clock.set(Math.max(w.clock.now(), (end(day) + 1 + 1800) * 1000));
  const report = await runRollup(w.rollupDeps, { corpId, nowMs: w.clock.now(), date: day });
  expect(report.failed).toEqual([]);
  expect((report.results[0] as { violations: string[] }).violations).toEqual([]);
}

const FIELDS: ReadonlyArray<keyof DailyRow & keyof DailyMetrics> = [
  'newCustomers',
  'unconfirmed',
  'passRate',
  'lostByStaff',
  'lostByCustomer',
  'transferredOut',
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
async function differences(w: DifferentialWorld, corpId: string, s: Scenario, ref: ReturnType<typeof referenceMetrics>, day: string): Promise<string[]> {
  const out: string[] = [];
  const rows = new Map<string, DailyMetrics>();
  for (const kind of ['tenant', 'staff', 'channel'] as const) for (const r of await w.metrics.daily(corpId, [day], kind)) rows.set(r.dimension, r);
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

/** The fields of a GET …/metrics/cohorts row that the comparison reads. */
interface CohortItem {
  dimension: string;
  cohort: string;
  size: number;
  spend: number | null;
  cac: number | null;
  retention: Record<string, number | null>;
  revenue: Record<string, number | null>;
  ltv: Record<string, number | null>;
  ltvToCac: Record<string, number | null>;
  roi: Record<string, number | null>;
}

async function cohortDifferences(w: DifferentialWorld, corpId: string, s: Scenario, ref: ReturnType<typeof referenceMetrics>, asOf: string): Promise<string[]> {
  const out: string[] = [];
  w.clock.set(Math.max(w.clock.now(), (end(asOf) + 1) * 1000));
  for (const by of ['tenant', 'channel', 'staff'] as const) {
    const got = (await cohortsOf(w.admin, corpId, { by, period: 'day', from: s.startDay, to: asOf })) as { asOf: string; items: CohortItem[] };
    const key = (i: CohortItem) => `${i.dimension}|${i.cohort}`;
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

async function rfmDifferences(w: DifferentialWorld, corpId: string, ref: ReturnType<typeof referenceMetrics>, asOf: string): Promise<string[]> {
  const want = ref.rfm(asOf);
  const got: Record<string, string> = {};
  for (const cls of RFM_CLASSES) {
    let cursor: string | undefined;
    do {
      const page = (await rfmOf(w.admin, corpId, { class: cls, limit: '500', ...(cursor ? { cursor } : {}) })) as {
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

/** Declares the differential test over a world (read when the test runs, after the file's beforeAll). */
export function describeMetricsDifferential(world: () => DifferentialWorld, o: { runs: number; seed?: number | undefined; long: boolean; msPerRun: number }) {
  describe('the rollup agrees with the reference model on every figure', () => {
    it(
      `over ${o.runs} random scenario(s): nightly, re-run in a shuffled order, and backfilled in a shuffled order`,
      async () => {
        await fc.assert(
          fc.asyncProperty(scenarioArb(o.long ? {} : { minDays: 10, maxDays: 16, maxCustomers: 16 }), fc.infiniteStream(fc.nat()), async (s, shuffleSeed) => {
            const w = world();
            const ref = referenceMetrics(s);
            const last = addDays(s.startDay, s.days - 1);
            const problems: string[] = [];

            // Nightly: each day's facts arrive, then the day is rolled up at 00:30 the next day.
            const nightly = await setUp(w, s);
            const arrive = arrivals(w, s);
            const middle = addDays(s.startDay, Math.floor(s.days / 2));
            for (const d of days(s)) {
              w.clock.set(Math.max(w.clock.now(), end(d) * 1000));
              await arrive(nightly, d);
              if (d === middle) await putMetricSettings(w.admin, nightly, { rfm: s.rfm });
              await rollUp(w, nightly, d);
              problems.push(...(await differences(w, nightly, s, ref, d)));
            }
            problems.push(...(await cohortDifferences(w, nightly, s, ref, last)), ...(await rfmDifferences(w, nightly, ref, last)));

            // Re-run every day in a shuffled order: byte-identical rows.
            const before = new Map<string, string>();
            for (const d of days(s))
              before.set(d, JSON.stringify(await Promise.all((['tenant', 'staff', 'channel'] as const).map((k) => w.metrics.daily(nightly, [d], k)))));
            for (const d of shuffle(days(s), shuffleSeed)) await rollUp(w, nightly, d);
            for (const d of days(s)) {
              const after = JSON.stringify(await Promise.all((['tenant', 'staff', 'channel'] as const).map((k) => w.metrics.daily(nightly, [d], k))));
              if (after !== before.get(d)) problems.push(`re-run of ${d} changed its rows`);
            }

            // Backfill: everything arrives first, then the days are rolled up in a shuffled order.
            const backfill = await setUp(w, s);
            const arriveAll = arrivals(w, s);
            w.clock.set(Math.max(w.clock.now(), end(last) * 1000));
            for (const d of days(s)) await arriveAll(backfill, d);
            await putMetricSettings(w.admin, backfill, { rfm: s.rfm });
            for (const d of shuffle(days(s), shuffleSeed)) await rollUp(w, backfill, d);
            for (const d of days(s)) problems.push(...(await differences(w, backfill, s, ref, d)).map((p) => `backfill ${p}`));

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
          { numRuns: o.runs, ...(o.seed !== undefined ? { seed: o.seed } : {}), endOnFailure: true },
        );
      },
      Math.max(o.msPerRun, o.runs * o.msPerRun),
    );
  });
}
