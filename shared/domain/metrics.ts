// The metrics managers steer by, as pure arithmetic over one Shanghai day's facts; every definition is in
// docs/metrics.md (the glossary). The rollup (functions/schedules/rollup) reads the day's records once and
// feeds them to shared/domain/metrics-day.ts, which uses this module; nothing here does I/O.
//
// Units: customers are follow relationships (a customer added by two staff members counts for both, as in
// WeCom's own 客户数); amounts are fen; rates are fractions (0..1) or null where the denominator is 0.

import { addDays, daysBetween } from '../events/time';

/** A dimension of the daily metrics: the whole tenant, one staff member, or one channel (or `channel#unattributed`). */
export type Dimension = 'tenant' | `staff#${string}` | `channel#${string}`;
/** The channel row of what no channel can claim: adds without a channel's state, orders attributed to none. */
export const UNATTRIBUTED: Dimension = 'channel#unattributed';
export type DimensionKind = 'tenant' | 'staff' | 'channel';

export const dimensionKind = (d: Dimension): DimensionKind => (d === 'tenant' ? 'tenant' : (d.split('#')[0] as DimensionKind));
export const dimensionId = (d: Dimension): string | null => (d === 'tenant' ? null : d.slice(d.indexOf('#') + 1));

/** Counters of one dimension on one day, summed from the day's records. */
export interface DayCounters {
  newCustomers: number;
  /** Half adds (add_half_external_contact): the customer added the staff member, who has not confirmed yet. */
  unconfirmed: number;
  lostByStaff: number;
  lostByCustomer: number;
  /** Follows that ended by a transfer (继承转出: the handover member's deletion WeCom marks DELETE_BY_TRANSFER): not a loss. */
  transferredOut: number;
  /** Customers taken over (继承转入: the transfers job's completed customer transfers, by the takeover member). */
  transferredIn: number;
  activeCustomers: number;
  /** Broadcast tasks (群发任务) of members: asked on the day WeCom accepted the broadcast. */
  broadcastTasks: number;
  /** Of those tasks, the members who sent, on the day of their send time. */
  broadcastTasksDone: number;
  /** Customers those members' sends reached (send_result 已发送), on the same day. */
  broadcastReached: number;
  gmv: number;
  orders: number;
  payingCustomers: number;
  redPacketCount: number;
  redPacketAmount: number;
  transferAmount: number;
  sensitiveHits: number;
}

export const emptyCounters = (): DayCounters => ({
  newCustomers: 0,
  unconfirmed: 0,
  lostByStaff: 0,
  lostByCustomer: 0,
  transferredOut: 0,
  transferredIn: 0,
  activeCustomers: 0,
  broadcastTasks: 0,
  broadcastTasksDone: 0,
  broadcastReached: 0,
  gmv: 0,
  orders: 0,
  payingCustomers: 0,
  redPacketCount: 0,
  redPacketAmount: 0,
  transferAmount: 0,
  sensitiveHits: 0,
});

/** One staff member's day in WeCom's get_user_behavior_data. */
export interface Behaviour {
  chatCount: number;
  messageCount: number;
  /** Percent (0..100) of customer-started chats answered the same day; absent without chats. */
  replyPercentage?: number | undefined;
  /** Minutes; absent without chats. */
  avgReplyMinutes?: number | undefined;
}

/** Staff KPIs, summable: rates and averages are kept as weighted sums until the end. */
export interface KpiSums {
  contactedCustomers: number;
  messagesSent: number;
  /** Σ chats with a reply percentage, and Σ (percentage/100 × chats): replyRate = replied ÷ weight. */
  replyWeight: number;
  replied: number;
  /** Σ replied chats with an average reply time, and Σ (seconds × those chats). */
  replyTimeWeight: number;
  replySecondsSum: number;
}

export const emptyKpis = (): KpiSums => ({ contactedCustomers: 0, messagesSent: 0, replyWeight: 0, replied: 0, replyTimeWeight: 0, replySecondsSum: 0 });

/** Adds one staff member's behaviour day to running KPI sums (weighted by their chats, never a mean of means). */
export function addBehaviour(k: KpiSums, b: Behaviour): KpiSums {
  const out = { ...k, contactedCustomers: k.contactedCustomers + b.chatCount, messagesSent: k.messagesSent + b.messageCount };
  if (b.replyPercentage !== undefined && b.chatCount > 0) {
    const replied = (b.chatCount * b.replyPercentage) / 100;
    out.replyWeight += b.chatCount;
    out.replied += replied;
    if (b.avgReplyMinutes !== undefined && replied > 0) {
      out.replyTimeWeight += replied;
      out.replySecondsSum += replied * b.avgReplyMinutes * 60;
    }
  }
  return out;
}

export const sumKpis = (a: KpiSums, b: KpiSums): KpiSums => ({
  contactedCustomers: a.contactedCustomers + b.contactedCustomers,
  messagesSent: a.messagesSent + b.messagesSent,
  replyWeight: a.replyWeight + b.replyWeight,
  replied: a.replied + b.replied,
  replyTimeWeight: a.replyTimeWeight + b.replyTimeWeight,
  replySecondsSum: a.replySecondsSum + b.replySecondsSum,
});

/** What a dimension holds at the end of a day: follows on (active or pending), and customers who had paid once / twice. */
export interface Stock {
  customers: number;
  payers: number;
  repeaters: number;
}
export const emptyStock = (): Stock => ({ customers: 0, payers: 0, repeaters: 0 });
/** Every dimension's stock at the end of a day (absent dimensions hold nothing). */
export type Stocks = Record<string, Stock>;

/** What the cohort contributions say about the cohorts that reach D7/D30 on this day. */
export interface CohortFacts {
  d7?: CohortView | undefined;
  d30?: CohortView | undefined;
}

/** A source the rollup could not read, and so the figures it leaves null: the staff directory (staff KPIs) or WeCom's behaviour data of some members. */
export interface MetricsGap {
  source: 'staff_directory' | 'behaviour_data';
  /** Why, in words an operator can act on (with WeCom's errcode where WeCom refused). */
  reason: string;
  /** The members concerned (behaviour data). */
  staff?: string[] | undefined;
}

/** Figures that do not apply to a kind of row are null there (docs/metrics.md#3-daily-figures-每日指标): orders on staff rows, audit on channel rows. */
type OrderFigures = 'orders' | 'gmv' | 'payingCustomers';
type AuditFigures = 'redPacketCount' | 'redPacketAmount' | 'transferAmount' | 'sensitiveHits' | 'transferredIn';
/** Broadcast figures belong to members (and the tenant), not channels. */
type BroadcastFigures = 'broadcastTasks' | 'broadcastTasksDone' | 'broadcastReached';

export interface DailyMetrics
  extends Omit<DayCounters, OrderFigures | AuditFigures | BroadcastFigures>, Record<OrderFigures | AuditFigures | BroadcastFigures, number | null> {
  day: string;
  dimension: Dimension;
  /** Sources missing from this row's computation; absent when nothing was missing. */
  gaps?: MetricsGap[] | undefined;
  netGrowth: number;
  passRate: number | null;
  interactionRate: number | null;
  totalCustomers: number | null;
  retentionD7: number | null;
  retentionD30: number | null;
  conversionRate: number | null;
  repurchaseRate: number | null;
  contactedCustomers: number | null;
  messagesSent: number | null;
  replyRate: number | null;
  avgReplySeconds: number | null;
  /** Channels: spend of the day, cost per new customer, and the D30 cohort's LTV, LTV/CAC and ROI. */
  spend?: number | undefined;
  cac?: number | null | undefined;
  ltvD30?: number | null | undefined;
  ltvToCacD30?: number | null | undefined;
  roiD30?: number | null | undefined;
}

export const ratio = (num: number, den: number): number | null => (den > 0 ? round6(num / den) : null);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface DailyInput {
  day: string;
  dimension: Dimension;
  counters: DayCounters;
  kpis?: KpiSums | undefined;
  /** The dimension's stock at the day's end (unknown: null totals). */
  stock?: Stock | undefined;
  cohorts: CohortFacts;
  spend?: number | undefined;
}

export function dailyMetrics(i: DailyInput): DailyMetrics {
  const c = i.counters;
  const net = c.newCustomers - c.lostByStaff - c.lostByCustomer - c.transferredOut;
  const total = i.stock?.customers ?? null;
  const kind = dimensionKind(i.dimension);
  // Buyers are customers of orders: tenant and channel rows only (docs/metrics.md#3-daily-figures-每日指标).
  const buyers = kind === 'staff' ? undefined : i.stock;
  const out: DailyMetrics = {
    day: i.day,
    dimension: i.dimension,
    ...c,
    netGrowth: net,
    // Adds that passed verification: new customers less those still waiting for the staff member, ÷ new customers.
    passRate: ratio(c.newCustomers - c.unconfirmed, c.newCustomers),
    totalCustomers: total,
    interactionRate: total === null ? null : ratio(c.activeCustomers, total),
    retentionD7: i.cohorts.d7?.retention ?? null,
    retentionD30: i.cohorts.d30?.retention ?? null,
    conversionRate: buyers && total !== null ? ratio(buyers.payers, total) : null,
    repurchaseRate: buyers ? ratio(buyers.repeaters, buyers.payers) : null,
    contactedCustomers: i.kpis ? i.kpis.contactedCustomers : null,
    messagesSent: i.kpis ? i.kpis.messagesSent : null,
    replyRate: i.kpis ? ratio(i.kpis.replied, i.kpis.replyWeight) : null,
    avgReplySeconds: i.kpis ? roundOrNull(ratio(i.kpis.replySecondsSum, i.kpis.replyTimeWeight)) : null,
  };
  if (kind === 'staff') {
    // Orders belong to channels, not members.
    out.orders = null;
    out.gmv = null;
    out.payingCustomers = null;
  }
  if (kind === 'channel') {
    // Audit rows belong to members.
    out.redPacketCount = null;
    out.redPacketAmount = null;
    out.transferAmount = null;
    out.sensitiveHits = null;
    out.transferredIn = null;
    out.broadcastTasks = null;
    out.broadcastTasksDone = null;
    out.broadcastReached = null;
  }
  if (kind === 'channel' && i.dimension !== UNATTRIBUTED) {
    const spend = i.spend ?? 0;
    const d30 = i.cohorts.d30;
    out.spend = spend;
    out.cac = c.newCustomers > 0 ? Math.round(spend / c.newCustomers) : null;
    out.ltvD30 = d30?.ltv.d30 ?? null;
    out.ltvToCacD30 = d30?.ltvToCac.d30 ?? null;
    out.roiD30 = d30?.roi.d30 ?? null;
  }
  return out;
}

const roundOrNull = (x: number | null) => (x === null ? null : Math.round(x));

// ── Cohorts ──

/** What happened on `eventDay` to the customers added on `cohortDay` (one item per pair, overwritten on re-runs). */
export interface CohortContribution {
  cohortDay: string;
  eventDay: string;
  /** Customers added (only on the cohort's own day). */
  added: number;
  lost: number;
  revenue: number;
  /** Spend of the cohort's channel on its day (only on the cohort's own day, channel dimensions). */
  spend: number;
}

export const COHORT_OFFSETS = [1, 7, 30, 60, 90, 180] as const;

export interface CohortView {
  cohortDay: string;
  size: number;
  spend: number;
  cac: number | null;
  /** Share of the cohort still followed at D1…D180 (null for offsets not reached yet on `asOf`). */
  retention: number | null;
  retentionAt: Record<`d${(typeof COHORT_OFFSETS)[number]}`, number | null>;
  /** Cumulative revenue of the cohort at D1…D180 (fen). */
  revenueAt: Record<`d${(typeof COHORT_OFFSETS)[number]}`, number | null>;
  /** Revenue per customer at D30/D90/D180 (fen). */
  ltv: { d30: number | null; d90: number | null; d180: number | null };
  /** LTV ÷ CAC at D30/D90/D180 (a ratio of revenue per customer to cost per customer). */
  ltvToCac: { d30: number | null; d90: number | null; d180: number | null };
  /** Return on spend at D30/D90/D180: (revenue − spend) ÷ spend. */
  roi: { d30: number | null; d90: number | null; d180: number | null };
}

/**
 * A cohort (or a group of cohorts: a week's days) as of `asOf`: sums its contributions up to each offset.
 * `retention` is the value at `offset` when given (the D7/D30 daily metric). Offsets past `asOf` are null.
 */
export function cohortView(cohortDays: readonly string[], contributions: readonly CohortContribution[], asOf: string, offset?: number): CohortView {
  const days = new Set(cohortDays);
  const mine = contributions.filter((c) => days.has(c.cohortDay));
  const size = mine.reduce((s, c) => s + c.added, 0);
  const spend = mine.reduce((s, c) => s + c.spend, 0);
  const last = [...cohortDays].sort().at(-1) ?? asOf;
  const at = (n: number) => {
    if (addDays(last, n) > asOf) return null;
    // Each cohort day counts its own offset n (a week's cohort: every day at its own D-n).
    const within = mine.filter((c) => daysBetween(c.cohortDay, c.eventDay) <= n);
    return { lost: within.reduce((s, c) => s + c.lost, 0), revenue: within.reduce((s, c) => s + c.revenue, 0) };
  };
  const retentionAt = {} as CohortView['retentionAt'];
  const revenueAt = {} as CohortView['revenueAt'];
  for (const n of COHORT_OFFSETS) {
    const v = at(n);
    retentionAt[`d${n}`] = v === null ? null : ratio(size - v.lost, size);
    revenueAt[`d${n}`] = v === null ? null : v.revenue;
  }
  const ltvAt = (n: 30 | 90 | 180) => {
    const r = revenueAt[`d${n}`];
    return r === null || size === 0 ? null : Math.round(r / size);
  };
  const atOffset = offset === undefined ? null : at(offset);
  const cac = size > 0 ? Math.round(spend / size) : null;
  const ltv = { d30: ltvAt(30), d90: ltvAt(90), d180: ltvAt(180) };
  // LTV ÷ CAC from the unrounded figures: (revenue ÷ size) ÷ (spend ÷ size) = revenue ÷ spend.
  const ltvToCac = (n: 30 | 90 | 180) => (revenueAt[`d${n}`] === null || size === 0 || spend === 0 ? null : round6(revenueAt[`d${n}`]! / spend));
  const roi = (n: 30 | 90 | 180) => (revenueAt[`d${n}`] === null || spend === 0 ? null : round6((revenueAt[`d${n}`]! - spend) / spend));
  return {
    cohortDay: [...cohortDays].sort()[0] ?? asOf,
    size,
    spend,
    cac,
    retention: atOffset === null ? null : ratio(size - atOffset.lost, size),
    retentionAt,
    revenueAt,
    ltv,
    ltvToCac: { d30: ltvToCac(30), d90: ltvToCac(90), d180: ltvToCac(180) },
    roi: { d30: roi(30), d90: roi(90), d180: roi(180) },
  };
}

// ── RFM ──

export interface RfmThresholds {
  /** R is high when the last order was paid within the last this-many days (the day itself included). */
  recentDays: number;
  /** F is high with at least this many orders. */
  frequentOrders: number;
  /** M is high with at least this much spent in total (fen). */
  monetaryFen: number;
}

export const DEFAULT_RFM: RfmThresholds = { recentDays: 30, frequentOrders: 2, monetaryFen: 100_000 };

export type RfmClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';
export const RFM_CLASSES: readonly RfmClass[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/**
 * The eight classic RFM classes, from most to least valuable: A 重要价值 (R F M high), B 重要发展 (R M),
 * C 重要保持 (F M), D 重要挽留 (M), E 一般价值 (R F), F 一般发展 (R), G 一般保持 (F), H 一般挽留 (none).
 */
export function rfmClass(s: { orders: number; totalFen: number; lastPaidDay: string }, asOf: string, t: RfmThresholds = DEFAULT_RFM): RfmClass {
  const r = daysBetween(s.lastPaidDay, asOf) < t.recentDays;
  const f = s.orders >= t.frequentOrders;
  const m = s.totalFen >= t.monetaryFen;
  const index = (m ? 0 : 4) + (r ? 0 : 2) + (f ? 0 : 1);
  // index bits: M (0 high) · R (0 high) · F (0 high): A=RFM, B=R M, C=F M, D=M, E=RF, F=R, G=F, H=-
  const byBits: RfmClass[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  return byBits[index]!;
}
