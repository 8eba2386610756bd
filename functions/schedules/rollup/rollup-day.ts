// The rollup of one tenant's Shanghai day: reads the day's records once — events (GSI1 by day), archived
// messages (the day's partition), audit rows (the day's range), orders (GSI1 by day) — plus one follow
// lookup per deletion, one order summary per buyer, the channels' spend and WeCom's behaviour data per
// staff member; never a scan of all customers. It writes the daily metrics per tenant, staff member and
// channel, the running totals and the day's cohort contributions, all as plain puts: a re-run of the day
// writes the same items again. Arithmetic: shared/domain/metrics.ts.
// Before reading, it syncs the staff directory from WeCom (the staff KPIs and a first running total need it);
// a source it cannot read is named, with the reason, in the `gaps` of the rows it affects and in the report,
// never silently turned into zeros.
import type { ArchivedMessage, ArchiveQuery } from '../../../shared/archive/archive-ports';
import type { ChannelRecord } from '../../../shared/channels/channel.schema';
import type { MetricsStore } from '../../../shared/db/metrics-repository';
import type { AuditRow } from '../../../shared/domain/audit';
import {
  addBehaviour,
  cohortView,
  dailyMetrics,
  DEFAULT_RFM,
  dimensionKind,
  emptyCounters,
  emptyKpis,
  rfmClass,
  sumKpis,
  type CohortContribution,
  type DailyMetrics,
  type DayCounters,
  type Dimension,
  type KpiSums,
  type MetricsGap,
} from '../../../shared/domain/metrics';
import type { FollowView } from '../../../shared/domain/relationship';
import { syncStaff, type StaffWriter } from '../../../shared/customers/staff-sync';
import type { EventLog } from '../../../shared/events/ports';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../../shared/events/time';
import type { OrderStore, SpendStore } from '../../../shared/orders/orders';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { reasonOf } from '../../../shared/wecom/wecom-error';

export interface RollupDeps extends TenantApiDeps {
  eventLog: Pick<EventLog, 'list'>;
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
  channels: { list(corpId: string): Promise<ChannelRecord[]> };
  archive: { search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }> };
  auditLog: { list(corpId: string, q: { from: number; to: number; limit: number; cursor?: string | undefined }): Promise<{ items: AuditRow[]; cursor?: string | undefined }> };
  staffRegistry: StaffWriter;
  orders: OrderStore;
  spend: SpendStore;
  metrics: MetricsStore;
  /** Active follows of these staff members now: seeds the running total on a tenant's first rollup. */
  countActiveFollows(corpId: string, userIds: readonly string[]): Promise<number>;
  nowMs: () => number;
}

export interface RollupReport {
  corpId: string;
  day: string;
  records: { events: number; messages: number; auditRows: number; orders: number };
  rows: number;
  contributions: number;
  totalsSeeded: boolean;
  /** Staff members whose behaviour data WeCom did not give (their KPIs are null). */
  behaviourMissing: string[];
  /** The staff directory sync that ran before the rollup: members synced, or why it failed. */
  staffSync: { synced: number; resigned: number } | { error: string };
  /** Sources the rollup could not read (also on the tenant row). */
  gaps: MetricsGap[];
}

const PAGE = 1000;

async function* pages<T>(read: (cursor?: string) => Promise<{ items: T[]; cursor?: string | undefined }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

class Accumulator {
  readonly counters = new Map<Dimension, DayCounters>();
  readonly contributions = new Map<string, CohortContribution & { dimension: Dimension }>();
  private readonly seen = new Map<string, Set<string>>();

  of(d: Dimension): DayCounters {
    let c = this.counters.get(d);
    if (!c) this.counters.set(d, (c = emptyCounters()));
    return c;
  }

  add(dims: readonly (Dimension | undefined)[], f: (c: DayCounters) => void) {
    for (const d of dims) if (d) f(this.of(d));
  }

  /** Counts `id` once per dimension for a distinct counter (active customers, paying customers). */
  distinct(dims: readonly (Dimension | undefined)[], counter: 'activeCustomers' | 'payingCustomers', id: string) {
    for (const d of dims) {
      if (!d) continue;
      const key = `${counter}|${d}`;
      let s = this.seen.get(key);
      if (!s) this.seen.set(key, (s = new Set()));
      if (s.has(id)) continue;
      s.add(id);
      this.of(d)[counter]++;
    }
  }

  cohort(dims: readonly (Dimension | undefined)[], cohortDay: string, eventDay: string, f: (c: CohortContribution) => void) {
    for (const d of dims) {
      if (!d) continue;
      const key = `${d}|${cohortDay}`;
      let c = this.contributions.get(key);
      if (!c) this.contributions.set(key, (c = { dimension: d, cohortDay, eventDay, added: 0, lost: 0, revenue: 0, spend: 0 }));
      f(c);
    }
  }
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
    return { api, sync: await syncStaff({ staff: deps.staffRegistry, nowSeconds: () => Math.floor(deps.nowMs() / 1000) }, api, corpId) };
  } catch (e) {
    return { api, sync: { error: reasonOf(e) } };
  }
}

const staffDim = (u: unknown): Dimension | undefined => (typeof u === 'string' && u ? `staff#${u}` : undefined);
const channelDim = (id: string | null | undefined): Dimension | undefined => (id ? `channel#${id}` : undefined);

export async function rollupDay(deps: RollupDeps, corpId: string, day: string): Promise<RollupReport> {
  const from = shanghaiMidnight(day);
  const to = from + 86_399;
  const acc = new Accumulator();
  const gaps: MetricsGap[] = [];
  const { api, sync } = await syncBeforeRollup(deps, corpId);
  const channels = await deps.channels.list(corpId);
  const channelOfState = new Map(channels.map((c) => [c.state, c.id]));
  const channelOf = (state: string | null | undefined) => (state ? channelOfState.get(state) : undefined);
  const records = { events: 0, messages: 0, auditRows: 0, orders: 0 };

  // 1. The day's events: adds, applications and deletions (a deletion finds its follow's add day and channel).
  for await (const ev of pages((cursor) => deps.eventLog.list(corpId, { from, to, limit: PAGE, cursor }))) {
    records.events++;
    const e = ev.message.event;
    const staff = staffDim(e.UserID);
    switch (ev.type) {
      case 'change_external_contact.add_external_contact':
      case 'change_external_contact.add_half_external_contact': {
        // Both start a follow (the projection counts both as active); a half add awaits the staff member.
        const dims = ['tenant', staff, channelDim(channelOf(typeof e.State === 'string' ? e.State : undefined))] as const;
        const half = ev.type.endsWith('add_half_external_contact');
        acc.add(dims, (c) => ((c.newCustomers += 1), (c.unconfirmed += half ? 1 : 0)));
        acc.cohort(dims, day, day, (c) => c.added++);
        break;
      }
      case 'change_external_contact.del_external_contact':
      case 'change_external_contact.del_follow_user': {
        const byStaff = ev.type.endsWith('del_external_contact');
        const ext = typeof e.ExternalUserID === 'string' ? e.ExternalUserID : undefined;
        const follow = ext ? (await deps.follows.followsOfCustomer(corpId, ext)).find((f) => f.userId === e.UserID) : undefined;
        // The follow's add (if it is the add this deletion ends: not a later re-add) gives cohort and channel.
        const added = follow?.addedAt !== null && follow?.addedAt !== undefined && follow.addedAt <= ev.occurredAt ? follow.addedAt : undefined;
        const dims = ['tenant', staff, channelDim(added !== undefined ? channelOf(follow?.state) : undefined)] as const;
        acc.add(dims, (c) => (byStaff ? c.lostByStaff++ : c.lostByCustomer++));
        if (added !== undefined) acc.cohort(dims, shanghaiDay(added), day, (c) => c.lost++);
        break;
      }
    }
  }

  // 2. Archived messages: customers who wrote that day are active (for the tenant and their staff member).
  for await (const m of pages((cursor) => deps.archive.search(corpId, { fromMs: from * 1000, toMs: to * 1000 + 999, limit: PAGE, cursor }))) {
    records.messages++;
    if (m.customer && m.from === m.customer) acc.distinct(['tenant', staffDim(m.staff)], 'activeCustomers', m.customer);
  }

  // 3. Audit rows: red packets, transfers, sensitive-word hits.
  for await (const r of pages((cursor) => deps.auditLog.list(corpId, { from, to, limit: PAGE, cursor }))) {
    records.auditRows++;
    const dims = ['tenant', staffDim(r.staff)] as const;
    const amount = Number(r.detail.amountFen ?? 0);
    if (r.type === 'red_packet') acc.add(dims, (c) => ((c.redPacketCount += 1), (c.redPacketAmount += amount)));
    else if (r.type === 'transfer') acc.add(dims, (c) => (c.transferAmount += amount));
    else if (r.type === 'sensitive_word') acc.add(dims, (c) => c.sensitiveHits++);
  }

  // 4. Orders paid that day: GMV, paying customers, cohort revenue; RFM of the day's buyers.
  const orders = await deps.orders.ordersOfDay(corpId, day);
  records.orders = orders.length;
  for (const o of orders) {
    const dims = ['tenant', channelDim(o.channelId)] as const;
    acc.add(dims, (c) => ((c.gmv += o.amount), (c.orders += 1)));
    if (o.externalUserId) acc.distinct(dims, 'payingCustomers', o.externalUserId);
    if (o.cohortDay) acc.cohort(dims, o.cohortDay, day, (c) => (c.revenue += o.amount));
  }
  const rfm = (await deps.metrics.settings(corpId)).rfm ?? DEFAULT_RFM;
  // Customers whose last order is exactly recentDays + 1 old today lose their R: reclassify them too.
  const ageing = await deps.orders.ordersOfDay(corpId, addDays(day, -(rfm.recentDays + 1)));
  const buyers = [...new Set([...orders, ...ageing].flatMap((o) => (o.externalUserId ? [o.externalUserId] : [])))];
  const summaries = await deps.orders.summaries(corpId, buyers);
  for (const s of summaries.values()) {
    if (shanghaiDay(s.firstPaidAt) > day) continue;
    await deps.orders.setRfm(corpId, s.externalUserId, rfmClass({ orders: s.orders, totalFen: s.totalFen, lastPaidDay: shanghaiDay(s.lastPaidAt) }, day, rfm), day);
  }

  // 5. Spend: each channel's cohort of the day carries it (CAC, ROI).
  const spend = new Map<string, number>();
  for (const ch of channels.filter((c) => c.status !== 'deleted')) {
    const amount = await deps.spend.get(corpId, ch.id, day);
    spend.set(ch.id, amount);
    acc.of(`channel#${ch.id}`);
    if (amount > 0) acc.cohort([`channel#${ch.id}`], day, day, (c) => (c.spend = amount));
  }

  // 6. Staff KPIs from WeCom (one member per call: WeCom aggregates the members of a call).
  const directory = await deps.staffRegistry.all(corpId);
  const staff = directory.filter((s) => s.status === 'active');
  if (staff.length === 0) {
    const why = 'error' in sync ? `the staff sync failed (${sync.error})` : 'WeCom lists no active member';
    gaps.push({ source: 'staff_directory', reason: `no active staff in the directory: ${why}; staff KPIs are not computed` });
  }
  const kpis = new Map<Dimension, KpiSums>();
  const behaviourMissing: string[] = [];
  const behaviourReasons = new Map<string, string[]>();
  if (staff.length > 0) {
    for (const s of staff) {
      try {
        if (!api) throw new Error('no WeCom client for the tenant');
        const out = await api.call('externalcontact/get_user_behavior_data', { userid: [s.userId], start_time: from, end_time: from });
        const b = out.behavior_data.find((x) => shanghaiDay(x.stat_time) === day);
        if (!b) throw new Error('no data for the day');
        const k = addBehaviour(emptyKpis(), {
          chatCount: b.chat_cnt ?? 0,
          messageCount: b.message_cnt ?? 0,
          replyPercentage: b.reply_percentage,
          avgReplyMinutes: b.avg_reply_time,
        });
        kpis.set(`staff#${s.userId}`, k);
        kpis.set('tenant', sumKpis(kpis.get('tenant') ?? emptyKpis(), k));
        acc.of(`staff#${s.userId}`);
      } catch (e) {
        acc.of(`staff#${s.userId}`); // the member's row exists and says why its KPIs are null
        behaviourMissing.push(s.userId);
        const reason = reasonOf(e);
        behaviourReasons.set(reason, [...(behaviourReasons.get(reason) ?? []), s.userId]);
      }
    }
  }
  for (const [reason, members] of behaviourReasons) {
    gaps.push({ source: 'behaviour_data', reason: `WeCom gave no behaviour data: ${reason}; these members' KPIs are null`, staff: members });
  }
  acc.of('tenant');

  // 7. Cohort contributions of the day, then the cohorts reaching D7 and D30 today (tenant and channels).
  const byDimension = new Map<Dimension, CohortContribution[]>();
  for (const { dimension, ...c } of acc.contributions.values()) byDimension.set(dimension, [...(byDimension.get(dimension) ?? []), c]);
  for (const [dimension, rows] of byDimension) await deps.metrics.putContributions(corpId, dimension, rows);

  // 8. Running totals: yesterday's plus today's net; a tenant's first rollup counts its active follows.
  const tenantCounters = acc.of('tenant');
  const net = tenantCounters.newCustomers - tenantCounters.lostByStaff - tenantCounters.lostByCustomer;
  const previous = await deps.metrics.totals(corpId, addDays(day, -1));
  // A first total needs the directory (follows are read per member): without it, the total stays unknown
  // (null, and not stored) rather than seeded at 0, so the next run seeds it once the directory is there.
  const totals = previous
    ? { customers: previous.customers + net }
    : directory.length > 0
      ? { customers: await deps.countActiveFollows(corpId, directory.map((s) => s.userId)) }
      : undefined;
  if (!totals) gaps.push({ source: 'running_total', reason: 'the first running total is counted from the staff directory, which is empty; totalCustomers is unknown until it is synced' });

  const rows: DailyMetrics[] = [];
  for (const [dimension, counters] of acc.counters) {
    const kind = dimensionKind(dimension);
    const withCohorts = kind !== 'staff';
    const cohorts = withCohorts ? await cohortsReaching(deps.metrics, corpId, dimension, day) : {};
    const rowGaps = kind === 'tenant' ? gaps : gaps.filter((g) => kind === 'staff' && g.staff?.includes(dimension.slice('staff#'.length)));
    rows.push({
      ...dailyMetrics({
        day,
        dimension,
        counters,
        kpis: kind === 'channel' ? undefined : kpis.get(dimension),
        totals: kind === 'tenant' ? totals : undefined,
        buyers: withCohorts ? await deps.orders.buyers(corpId, dimension) : undefined,
        cohorts,
        spend: kind === 'channel' ? (spend.get(dimension.slice('channel#'.length)) ?? 0) : undefined,
      }),
      ...(rowGaps.length > 0 ? { gaps: rowGaps } : {}),
    });
  }
  await deps.metrics.putDaily(corpId, day, rows, totals);
  return {
    corpId,
    day,
    records,
    rows: rows.length,
    contributions: acc.contributions.size,
    totalsSeeded: !previous && totals !== undefined,
    behaviourMissing,
    staffSync: sync,
    gaps,
  };
}

async function cohortsReaching(metrics: MetricsStore, corpId: string, dimension: Dimension, day: string) {
  const view = async (n: number) => {
    const cohortDay = addDays(day, -n);
    const rows = await metrics.contributions(corpId, dimension, cohortDay, cohortDay);
    return rows.length > 0 ? cohortView([cohortDay], rows, day, n) : undefined;
  };
  return { d7: await view(7), d30: await view(30) };
}
