// The rollup of one tenant's Shanghai day (definitions: docs/metrics.md). It syncs the staff directory, reads
// the day's records once — events (GSI1 by day), archived messages (the day's partition), audit rows (the
// day's range), orders (GSI1 by day) — plus the follows (with their histories) and order summaries of the
// customers those records name, the channels' spend and WeCom's behaviour data per member; never a scan of
// all customers. The arithmetic is shared/domain/metrics-day.ts. Every figure is a function of the events and
// orders up to the day's end: the stocks (totals, payers, repeaters) are the previous day's plus the day's
// flows, and when the previous day has none (a first rollup, a gap, a backfill out of order) the days back to
// the last stored stocks (or the tenant's first day) are walked through first. It writes the rows, the
// stocks and the cohort contributions, replacing what an earlier run of the day wrote, after checking the
// invariants of the glossary (docs/metrics.md#7-checks-on-every-run-每次运行的自检). A source it cannot read is named with its reason in `gaps`.
// Broadcast completion and reach come from the broadcasts' stored deliveries (the tenant's broadcasts, paged).
import { type Clock } from '../../../shared/clock';
import type { ArchivedMessage, ArchiveQuery } from '../../../shared/archive/archive-ports';
import type { ChannelRecord } from '../../../shared/channels/channel';
import { syncStaff, type StaffWriter } from '../../../shared/customers/staff-sync';
import type { BroadcastStore } from '../../../shared/db/broadcast-repository';
import type { MetricsStore } from '../../../shared/db/metrics-repository';
import type { AuditRow } from '../../../shared/domain/audit';
import { RESULT_WINDOW_SECONDS } from '../../../shared/domain/broadcast-results';
import {
  addBehaviour,
  cohortView,
  DEFAULT_RFM,
  emptyKpis,
  rfmClass,
  sumKpis,
  type CohortFacts,
  type Dimension,
  type KpiSums,
  type MetricsGap,
  type RfmThresholds,
  type Stocks,
} from '../../../shared/domain/metrics';
import {
  cohortContributions,
  dayFacts,
  dayRows,
  nextStocks,
  violations,
  type DayFacts,
  type DayInput,
  type DayOrder,
  type DayBroadcast,
} from '../../../shared/domain/metrics-day';
import type { FollowView } from '../../../shared/domain/relationship';
import type { EventLog } from '../../../shared/events/ports';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../../shared/events/time';
import { mapLimit } from '../../../shared/map-limit';
import { historyOfSummary, type OrderStore, type SpendStore } from '../../../shared/orders/orders';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { reasonOf } from '../../../shared/wecom/wecom-error';

export interface RollupDeps extends TenantApiDeps {
  eventLog: Pick<EventLog, 'list'>;
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
  channels: { list(corpId: string): Promise<ChannelRecord[]> };
  archive: { search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }> };
  auditLog: {
    list(
      corpId: string,
      q: { from: number; to: number; limit: number; cursor?: string | undefined },
    ): Promise<{ items: AuditRow[]; cursor?: string | undefined }>;
  };
  staffRegistry: StaffWriter;
  orders: OrderStore;
  spend: SpendStore;
  metrics: MetricsStore;
  broadcasts: Pick<BroadcastStore, 'list'>;
  clock: Clock;
  /** Counts a business metric (CloudWatch in the handler); absent in tests that do not look. */
  count?: ((metric: string, n: number) => void) | undefined;
}

export interface RollupReport {
  corpId: string;
  day: string;
  records: { events: number; messages: number; auditRows: number; orders: number; broadcasts: number };
  rows: number;
  contributions: number;
  /** Days before this one that had no stocks and were walked through to compute them (oldest first). */
  walked: string[];
  /** Whether the previous day's stocks were missing (a first rollup, a gap or an out-of-order backfill). */
  totalsSeeded: boolean;
  /** Staff members whose behaviour data WeCom did not give (their KPIs are null). */
  behaviourMissing: string[];
  /** The staff directory sync that ran before the rollup: members synced, or why it failed. */
  staffSync: { synced: number; resigned: number } | { error: string };
  /** Sources the rollup could not read (also on the tenant row). */
  gaps: MetricsGap[];
  /** Customers whose RFM class was computed, and the day the classes are as of. */
  rfm: { classified: number; asOf: string };
  /** Invariants of docs/metrics.md#7-checks-on-every-run-每次运行的自检 that did not hold (empty when all did). */
  violations: string[];
}

const PAGE = 1000;
const CONTACT = new Set([
  'change_external_contact.add_external_contact',
  'change_external_contact.add_half_external_contact',
  'change_external_contact.del_external_contact',
  'change_external_contact.del_follow_user',
]);

async function* pages<T>(read: (cursor?: string) => Promise<{ items: T[]; cursor?: string | undefined }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

/** Syncs the directory before a rollup; a failure is a reason, not an exception (the rollup goes on). */
async function syncBeforeRollup(deps: RollupDeps, corpId: string): Promise<{ api?: WecomTenantClient; sync: RollupReport['staffSync'] }> {
  let api: WecomTenantClient;
  try {
    api = await requireTenantApi(deps, corpId);
  } catch (e) {
    return { sync: { error: reasonOf(e) } };
  }
  try {
    return { api, sync: await syncStaff({ staff: deps.staffRegistry, clock: deps.clock }, api, corpId) };
  } catch (e) {
    return { api, sync: { error: reasonOf(e) } };
  }
}

const dayOrderOf = (o: { orderId: string; externalUserId: string | null; amount: number; paidAt: number; channelId: string | null }): DayOrder => ({
  orderId: o.orderId,
  externalUserId: o.externalUserId,
  amount: o.amount,
  paidAt: o.paidAt,
  channelId: o.channelId,
});

/** The customers an add or deletion of the day names, and how many events the day has. */
async function contactCustomersOn(deps: RollupDeps, corpId: string, day: string) {
  const from = shanghaiMidnight(day);
  const touched = new Set<string>();
  let events = 0;
  for await (const ev of pages((cursor) => deps.eventLog.list(corpId, { from, to: from + 86_399, limit: PAGE, cursor }))) {
    events++;
    const ext = ev.message.event.ExternalUserID;
    if (CONTACT.has(ev.type) && typeof ext === 'string' && ext) touched.add(ext);
  }
  return { touched, events };
}

/** Every order (any day) of each of these customers, from their order summaries. */
async function ordersOfCustomers(deps: RollupDeps, corpId: string, customers: Iterable<string>): Promise<Map<string, DayOrder[]>> {
  const summaries = await deps.orders.summaries(corpId, [...customers]);
  return new Map([...summaries].map(([c, s]) => [c, historyOfSummary(s).map((o) => dayOrderOf({ ...o, externalUserId: c }))]));
}

/** Each channel's spend of the day, deleted channels too: a day's figures must not change when a channel is deleted later. */
async function spendOn(deps: RollupDeps, corpId: string, channels: readonly ChannelRecord[], day: string): Promise<Map<string, number>> {
  const spend = new Map<string, number>();
  for (const ch of channels) spend.set(ch.id, await deps.spend.get(corpId, ch.id, day));
  return spend;
}

const followsOfCustomers = async (deps: RollupDeps, corpId: string, customers: Iterable<string>) =>
  new Map(await mapLimit([...customers], 16, async (c) => [c, await deps.follows.followsOfCustomer(corpId, c)] as const));

const BROADCAST_PAGE = 100;
/** Members send within WeCom's result window (30 days) after acceptance; one more day for the day boundary. */
const BROADCAST_LOOKBACK_SECONDS = (RESULT_WINDOW_SECONDS / 86_400 + 1) * 86_400;

/**
 * The broadcasts WeCom accepted in the 31 days up to the day's end, with their stored delivery. Every broadcast
 * of the tenant is looked at (one partition, newest first): a scheduled broadcast can be accepted long after it
 * was created, so its creation time cannot bound the read.
 */
async function broadcastsAround(deps: RollupDeps, corpId: string, day: string): Promise<DayBroadcast[]> {
  const from = shanghaiMidnight(day) - BROADCAST_LOOKBACK_SECONDS;
  const to = shanghaiMidnight(day) + 86_399;
  const out: DayBroadcast[] = [];
  let after: string | undefined;
  do {
    const page = await deps.broadcasts.list(corpId, BROADCAST_PAGE, after);
    for (const b of page.items) {
      const d = b.delivery;
      if (d && d.acceptedAt >= from && d.acceptedAt <= to) out.push({ target: b.target, acceptedAt: d.acceptedAt, staff: d.staff });
    }
    after = page.last ?? undefined;
  } while (after);
  return out;
}

/**
 * The facts of a day as dayFacts takes them. `full: false` reads only what the stocks need (events, orders
 * and the follows and summaries they name): for walking through days that were never rolled up.
 */
async function readDay(deps: RollupDeps, corpId: string, day: string, channels: readonly ChannelRecord[], full: boolean) {
  const from = shanghaiMidnight(day);
  const to = from + 86_399;
  const { touched, events } = await contactCustomersOn(deps, corpId, day);
  const records = { events, messages: 0, auditRows: 0, orders: 0, broadcasts: 0 };
  const messages: DayInput['messages'][number][] = [];
  const audit: AuditRow[] = [];
  if (full) {
    for await (const m of pages((cursor) => deps.archive.search(corpId, { fromMs: from * 1000, toMs: to * 1000 + 999, limit: PAGE, cursor }))) {
      records.messages++;
      if (m.customer && m.staff) messages.push({ atMs: m.msgtime, staff: m.staff, customer: m.customer, fromCustomer: m.from === m.customer });
    }
    for await (const r of pages((cursor) => deps.auditLog.list(corpId, { from, to, limit: PAGE, cursor }))) {
      records.auditRows++;
      audit.push(r);
    }
  }
  const orders = (await deps.orders.ordersOfDay(corpId, day)).map(dayOrderOf);
  records.orders = orders.length;
  const buyers = [...new Set(orders.flatMap((o) => (o.externalUserId ? [o.externalUserId] : [])))];
  const ordersOfBuyers = await ordersOfCustomers(deps, corpId, buyers);
  const follows = await followsOfCustomers(deps, corpId, new Set([...touched, ...messages.filter((m) => m.fromCustomer).map((m) => m.customer), ...buyers]));
  const spend = full ? await spendOn(deps, corpId, channels, day) : new Map<string, number>();
  const broadcasts = full ? await broadcastsAround(deps, corpId, day) : [];
  records.broadcasts = broadcasts.length;
  const input: DayInput = {
    day,
    channelOfState: new Map(channels.map((c) => [c.state, c.id])),
    touched,
    follows,
    messages,
    audit,
    orders,
    ordersOfBuyers,
    spend,
    broadcasts,
  };
  return { input, records };
}

/**
 * The stocks at the end of the day before `day`: stored, or walked to from the last stored stocks (or from
 * nothing before the tenant's first day), storing each walked day's stocks on the way.
 */
async function stocksBefore(deps: RollupDeps, corpId: string, day: string, firstDay: string, channels: readonly ChannelRecord[]) {
  const walked: string[] = [];
  let stocks: Stocks = {};
  let probes = 0;
  let previousStored = false;
  for (let d = addDays(day, -1); d >= firstDay; d = addDays(d, -1)) {
    probes++;
    const stored = await deps.metrics.stocks(corpId, d);
    if (stored) {
      stocks = stored;
      previousStored = probes === 1;
      break;
    }
    walked.unshift(d);
  }
  for (const d of walked) {
    stocks = nextStocks(stocks, dayFacts((await readDay(deps, corpId, d, channels, false)).input).flows);
    await deps.metrics.putStocks(corpId, d, stocks);
  }
  return { stocks, walked, previousStored };
}

/** WeCom's behaviour data per active member, summed for the tenant; a member WeCom gives none for is a gap. */
async function staffKpis(api: WecomTenantClient | undefined, members: readonly string[], day: string) {
  const from = shanghaiMidnight(day);
  const kpis = new Map<Dimension, KpiSums>();
  const missing = new Map<string, string[]>();
  for (const userId of members) {
    try {
      if (!api) throw new Error('no WeCom client for the tenant');
      // One member per call: WeCom aggregates the members of a call.
      const out = await api.call('externalcontact/get_user_behavior_data', { userid: [userId], start_time: from, end_time: from });
      const b = out.behavior_data.find((x) => shanghaiDay(x.stat_time) === day);
      if (!b) throw new Error('no data for the day');
      const k = addBehaviour(emptyKpis(), {
        chatCount: b.chat_cnt ?? 0,
        messageCount: b.message_cnt ?? 0,
        replyPercentage: b.reply_percentage,
        avgReplyMinutes: b.avg_reply_time,
      });
      kpis.set(`staff#${userId}`, k);
      kpis.set('tenant', sumKpis(kpis.get('tenant') ?? emptyKpis(), k));
    } catch (e) {
      const reason = reasonOf(e);
      missing.set(reason, [...(missing.get(reason) ?? []), userId]);
    }
  }
  return { kpis, missing };
}

/**
 * The cohorts reaching D7 and D30 on `day`, per dimension, from the cohort days' own customers (their
 * follows and orders) rather than from what other days' rollups wrote: a backfill in any order agrees.
 */
async function cohortsReaching(
  deps: RollupDeps,
  corpId: string,
  day: string,
  firstDay: string,
  channels: readonly ChannelRecord[],
): Promise<Map<Dimension, CohortFacts>> {
  const out = new Map<Dimension, CohortFacts>();
  const channelOfState = new Map(channels.map((c) => [c.state, c.id]));
  for (const n of [7, 30] as const) {
    const cohortDay = addDays(day, -n);
    if (cohortDay < firstDay) continue;
    // (A cohort day without adds still carries its spend: ROI −1 for a channel that bought nothing.)
    const { touched } = await contactCustomersOn(deps, corpId, cohortDay);
    const follows = await followsOfCustomers(deps, corpId, touched);
    const ordersOf = await ordersOfCustomers(deps, corpId, touched);
    const spend = await spendOn(deps, corpId, channels, cohortDay);
    for (const [dimension, rows] of cohortContributions({ cohortDay, asOf: day, channelOfState, touched, follows, ordersOf, spend })) {
      out.set(dimension, { ...out.get(dimension), [`d${n}`]: cohortView([cohortDay], rows, day, n) });
    }
  }
  return out;
}

/**
 * RFM classes are kept as of the latest day rolled up (docs/metrics.md#6-rfm). A rollup of that day or a later one
 * classes the day's buyers, the customers whose last order ages out of R since the last classing, and —
 * after new thresholds — every classed customer; a re-run of an older day re-classes its buyers as of the
 * latest day (their later orders included). `buyers` are the day's buyers with their orders, already read.
 */
async function classify(
  deps: RollupDeps,
  corpId: string,
  day: string,
  buyers: ReadonlyMap<string, readonly DayOrder[]>,
  thresholds: RfmThresholds,
  thresholdsAt: number,
) {
  const state = await deps.metrics.rfmState(corpId);
  const asOf = state.asOf && state.asOf > day ? state.asOf : day;
  const candidates = new Set(buyers.keys());
  if (asOf === day) {
    const since = state.asOf && state.asOf < day ? addDays(state.asOf, 1) : day;
    for (let d = since; d <= day; d = addDays(d, 1)) {
      for (const o of await deps.orders.ordersOfDay(corpId, addDays(d, -thresholds.recentDays))) if (o.externalUserId) candidates.add(o.externalUserId);
    }
    if (state.thresholdsAt !== thresholdsAt) for (const c of await deps.orders.classified(corpId)) candidates.add(c);
  }
  const end = shanghaiMidnight(asOf) + 86_399;
  const ordersOf = new Map([
    ...buyers,
    ...(await ordersOfCustomers(
      deps,
      corpId,
      [...candidates].filter((c) => !buyers.has(c)),
    )),
  ]);
  let classified = 0;
  for (const [customer, orders] of ordersOf) {
    const paid = orders.filter((o) => o.paidAt <= end);
    if (paid.length === 0) continue;
    const last = Math.max(...paid.map((o) => o.paidAt));
    const cls = rfmClass({ orders: paid.length, totalFen: paid.reduce((n, o) => n + o.amount, 0), lastPaidDay: shanghaiDay(last) }, asOf, thresholds);
    await deps.orders.setRfm(corpId, customer, cls, asOf);
    classified++;
  }
  if (asOf === day) await deps.metrics.putRfmState(corpId, { asOf, thresholdsAt });
  return { classified, asOf };
}

export async function rollupDay(deps: RollupDeps, corpId: string, day: string): Promise<RollupReport> {
  const gaps: MetricsGap[] = [];
  const { api, sync } = await syncBeforeRollup(deps, corpId);
  const tenant = await deps.tenants.get(corpId);
  const createdDay = tenant ? shanghaiDay(Math.floor(Date.parse(tenant.createdAt) / 1000)) : day;
  /** No day before this one holds the tenant's data. */
  const firstDay = createdDay < day ? createdDay : day;
  const channels = await deps.channels.list(corpId);

  const { input, records } = await readDay(deps, corpId, day, channels, true);
  const facts: DayFacts = dayFacts(input);
  const before = await stocksBefore(deps, corpId, day, firstDay, channels);
  const stocks = nextStocks(before.stocks, facts.flows);

  const settings = await deps.metrics.settings(corpId);
  const rfm = await classify(deps, corpId, day, input.ordersOfBuyers, settings.rfm ?? DEFAULT_RFM, settings.updatedAt ?? 0);

  const directory = await deps.staffRegistry.all(corpId);
  const active = directory.filter((s) => s.status === 'active').map((s) => s.userId);
  if (active.length === 0) {
    const why = 'error' in sync ? `the staff sync failed (${sync.error})` : 'WeCom lists no active member';
    gaps.push({ source: 'staff_directory', reason: `no active staff in the directory: ${why}; staff KPIs are not computed` });
  }
  const { kpis, missing } = await staffKpis(api, active, day);
  for (const [reason, members] of missing) {
    gaps.push({ source: 'behaviour_data', reason: `WeCom gave no behaviour data: ${reason}; these members' KPIs are null`, staff: members });
  }

  await deps.metrics.replaceContributions(corpId, day, facts.contributions);
  const currentChannels = channels.filter((c) => c.status !== 'deleted').map((c) => c.id);
  const rows = dayRows({
    day,
    facts,
    stocks,
    channels: currentChannels,
    staff: active,
    kpis,
    spend: input.spend,
    cohorts: await cohortsReaching(deps, corpId, day, firstDay, channels),
    gaps,
  });
  const broken = violations(rows, before.stocks);
  if (broken.length > 0) deps.count?.('MetricsInvariantViolated', broken.length);
  await deps.metrics.replaceDay(corpId, day, rows, stocks);
  return {
    corpId,
    day,
    records,
    rows: rows.length,
    contributions: facts.contributions.length,
    walked: before.walked,
    totalsSeeded: !before.previousStored,
    behaviourMissing: [...missing.values()].flat(),
    staffSync: sync,
    gaps,
    rfm,
    violations: broken,
  };
}
