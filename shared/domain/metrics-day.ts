// One Shanghai day of metrics from that day's facts (docs/metrics.md is the definition of every figure).
// Pure: the rollup (functions/schedules/rollup/rollup-day.ts) reads the facts and writes what comes out.
//   dayFacts     the day's transitions (from the follows' replayed periods), activity, audit, orders with
//                one attribution rule, cohort contributions, and the flows of each dimension's stock
//   nextStocks   the stocks at the day's end: the previous day's plus the flows
//   dayRows      the rows per dimension, given the stocks and the cohorts that reach D7/D30 today
//   violations   the invariants every run checks before it writes
import type { AuditRow } from './audit';
import type { StaffCompletion } from './broadcast-results';
import { customerPeriods, onAt, type FollowPeriod } from './follow-periods';
import {
  dailyMetrics,
  dimensionKind,
  emptyCounters,
  emptyStock,
  UNATTRIBUTED,
  type CohortContribution,
  type CohortFacts,
  type DailyMetrics,
  type DayCounters,
  type Dimension,
  type KpiSums,
  type MetricsGap,
  type Stock,
  type Stocks,
} from './metrics';
import type { FollowView } from './relationship';
import { shanghaiDay, shanghaiMidnight } from '../events/time';

/** One order as the rollup sees it: the channel it names (if any), its customer (if known). */
export interface DayOrder {
  orderId: string;
  externalUserId: string | null;
  amount: number;
  /** Unix seconds. */
  paidAt: number;
  /** The channel the order itself names (import's `channelId`); null: attributed by the customer's follows. */
  channelId: string | null;
}

export interface DayMessage {
  /** Unix milliseconds. */
  atMs: number;
  staff: string;
  customer: string;
  fromCustomer: boolean;
}

/** A broadcast the rollup looks at: when WeCom accepted it, whom it went to, and each member's part (its stored delivery). */
export interface DayBroadcast {
  target: 'customers' | 'groups';
  /** Unix seconds. */
  acceptedAt: number;
  staff: readonly StaffCompletion[];
}

export interface DayInput {
  day: string;
  /** Channel id by contact-way state, for every channel the tenant ever had. */
  channelOfState: ReadonlyMap<string, string>;
  /** Customers with an add or deletion on the day: their transitions are the day's. */
  touched: ReadonlySet<string>;
  /** Follows (with their histories) of every customer the day's events, messages and orders name. */
  follows: ReadonlyMap<string, readonly FollowView[]>;
  messages: readonly DayMessage[];
  audit: readonly AuditRow[];
  /** Orders paid on the day. */
  orders: readonly DayOrder[];
  /** Every order of each of the day's buyers (any day): who paid for the first and second time. */
  ordersOfBuyers: ReadonlyMap<string, readonly DayOrder[]>;
  /** Spend of the day per channel id. */
  spend: ReadonlyMap<string, number>;
  /** Broadcasts accepted in the 31 days up to the day (their results can be read for 30 days after). */
  broadcasts?: readonly DayBroadcast[] | undefined;
}

export interface DayFacts {
  counters: Map<Dimension, DayCounters>;
  contributions: Array<CohortContribution & { dimension: Dimension }>;
  flows: Map<Dimension, Stock>;
}

const staffDim = (userId: string): Dimension => `staff#${userId}`;
const channelDim = (id: string | null | undefined): Dimension => (id ? `channel#${id}` : UNATTRIBUTED);

/** The channel row a follow period belongs to (its state's channel, else unattributed). */
export function periodChannel(p: FollowPeriod, channelOfState: ReadonlyMap<string, string>): Dimension {
  return channelDim(p.state === null ? undefined : channelOfState.get(p.state));
}

/** The rows of a period's transitions: the tenant, its member and its channel. */
const periodDims = (p: FollowPeriod, channelOfState: ReadonlyMap<string, string>): Dimension[] => [
  'tenant',
  staffDim(p.userId),
  periodChannel(p, channelOfState),
];

/** The first period of a customer that started no later than `t` (and, given a channel row, of that channel). */
function firstPeriod(periods: readonly FollowPeriod[], t: number, channelOfState: ReadonlyMap<string, string>, dim?: Dimension): FollowPeriod | undefined {
  return periods.find((p) => p.start <= t && (dim === undefined || periodChannel(p, channelOfState) === dim));
}

/** The one attribution rule of orders (docs/metrics.md#4-orders-and-attribution-订单归因): the named channel, else the customer's first period's, else none. */
export function orderChannel(o: DayOrder, periods: readonly FollowPeriod[], channelOfState: ReadonlyMap<string, string>): Dimension {
  if (o.channelId) return channelDim(o.channelId);
  const first = o.externalUserId ? firstPeriod(periods, o.paidAt, channelOfState) : undefined;
  return first ? periodChannel(first, channelOfState) : UNATTRIBUTED;
}

class Tally {
  readonly counters = new Map<Dimension, DayCounters>();
  readonly contributions = new Map<string, CohortContribution & { dimension: Dimension }>();
  readonly flows = new Map<Dimension, Stock>();
  private readonly distinct = new Map<string, Set<string>>();

  constructor(private readonly day: string) {}

  of(d: Dimension): DayCounters {
    let c = this.counters.get(d);
    if (!c) this.counters.set(d, (c = emptyCounters()));
    return c;
  }

  flow(d: Dimension): Stock {
    let f = this.flows.get(d);
    if (!f) this.flows.set(d, (f = emptyStock()));
    return f;
  }

  once(d: Dimension, counter: 'activeCustomers' | 'payingCustomers', id: string) {
    const key = `${counter}|${d}`;
    let s = this.distinct.get(key);
    if (!s) this.distinct.set(key, (s = new Set()));
    if (s.has(id)) return;
    s.add(id);
    this.of(d)[counter]++;
  }

  cohort(d: Dimension, cohortDay: string): CohortContribution {
    const key = `${d}|${cohortDay}`;
    let c = this.contributions.get(key);
    if (!c) this.contributions.set(key, (c = { dimension: d, cohortDay, eventDay: this.day, added: 0, lost: 0, revenue: 0, spend: 0 }));
    return c;
  }
}

export function dayFacts(input: DayInput): DayFacts {
  const { day, channelOfState } = input;
  const from = shanghaiMidnight(day);
  const to = from + 86_399;
  const inDay = (t: number) => t >= from && t <= to;
  const t = new Tally(day);
  const periodsOf = new Map<string, FollowPeriod[]>();
  const periods = (customer: string) => {
    let p = periodsOf.get(customer);
    if (!p) periodsOf.set(customer, (p = customerPeriods(input.follows.get(customer) ?? [])));
    return p;
  };

  // Transitions of the day (docs/metrics.md#2-a-follows-life-关系的生命周期, docs/metrics.md#3-daily-figures-每日指标): a period that started is a new customer, one that ended a lost one.
  for (const customer of input.touched) {
    for (const p of periods(customer)) {
      const dims = periodDims(p, channelOfState);
      if (inDay(p.start)) {
        const unconfirmed = p.confirmedAt === null || p.confirmedAt > to;
        for (const d of dims) {
          const c = t.of(d);
          c.newCustomers++;
          if (unconfirmed) c.unconfirmed++;
          t.flow(d).customers++;
          t.cohort(d, day).added++;
        }
      }
      if (p.end !== null && inDay(p.end)) {
        for (const d of dims) {
          const c = t.of(d);
          // A transfer moves the customer to another member: transferred out, not lost (docs/metrics.md#3-daily-figures-每日指标).
          if (p.endedBy === 'transfer') c.transferredOut++;
          else if (p.endedBy === 'staff') c.lostByStaff++;
          else c.lostByCustomer++;
          t.flow(d).customers--;
          t.cohort(d, shanghaiDay(p.start)).lost++;
        }
      }
    }
  }

  // activeCustomers (docs/metrics.md#3-daily-figures-每日指标): customers who wrote that day (channel: the period open with that member at the time).
  for (const m of input.messages) {
    if (!m.fromCustomer) continue;
    const at = Math.floor(m.atMs / 1000);
    const open = periods(m.customer).find((p) => p.userId === m.staff && onAt(p, at));
    for (const d of ['tenant', staffDim(m.staff), open ? periodChannel(open, channelOfState) : UNATTRIBUTED] as const) t.once(d, 'activeCustomers', m.customer);
  }

  // Audit figures (docs/metrics.md#3-daily-figures-每日指标).
  for (const r of input.audit) {
    const dims: Dimension[] = r.staff ? ['tenant', staffDim(r.staff)] : ['tenant'];
    const amount = Number(r.detail.amountFen ?? 0);
    for (const d of dims) {
      const c = t.of(d);
      if (r.type === 'red_packet') {
        c.redPacketCount += 1;
        c.redPacketAmount += amount;
      } else if (r.type === 'transfer') c.transferAmount += amount;
      else if (r.type === 'sensitive_word') c.sensitiveHits++;
      // The transfers job's row of a completed customer transfer names the takeover member.
      else if (r.type === 'customer_transferred') c.transferredIn++;
    }
  }

  // Broadcast completion and reach (docs/metrics.md#3-daily-figures-每日指标), recomputed from the stored deliveries.
  for (const b of input.broadcasts ?? []) {
    for (const s of b.staff) {
      const dims: Dimension[] = ['tenant', staffDim(s.userid)];
      const doneAt = s.sent ? (s.sendTime ?? b.acceptedAt) : undefined;
      for (const d of dims) {
        if (inDay(b.acceptedAt)) t.of(d).broadcastTasks++;
        if (doneAt !== undefined && inDay(doneAt)) {
          t.of(d).broadcastTasksDone++;
          // Group broadcasts reach chats, not customers.
          if (b.target === 'customers') t.of(d).broadcastReached += s.reached ?? 0;
        }
      }
    }
  }

  // Orders (docs/metrics.md#4-orders-and-attribution-订单归因): one attribution rule for GMV, orders, paying customers, buyers and cohort revenue.
  for (const o of input.orders) {
    const ps = o.externalUserId ? periods(o.externalUserId) : [];
    const channel = orderChannel(o, ps, channelOfState);
    for (const d of ['tenant', channel] as const) {
      const c = t.of(d);
      c.orders++;
      c.gmv += o.amount;
      if (!o.externalUserId) continue;
      t.once(d, 'payingCustomers', o.externalUserId);
      // Cohort revenue (docs/metrics.md#5-cohorts-同期群): the customer's cohort in this row (their first period in it, by the payment).
      const first = firstPeriod(ps, o.paidAt, channelOfState, d === 'tenant' ? undefined : d);
      if (first) t.cohort(d, shanghaiDay(first.start)).revenue += o.amount;
    }
  }
  // Buyers: a customer becomes a payer (repeater) of a row on the day of their first (second) order in it.
  for (const [customer, all] of input.ordersOfBuyers) {
    const ps = periods(customer);
    const byDim = new Map<Dimension, DayOrder[]>();
    for (const o of all.filter((x) => x.paidAt <= to)) {
      for (const d of ['tenant', orderChannel(o, ps, channelOfState)] as const) byDim.set(d, [...(byDim.get(d) ?? []), o]);
    }
    for (const [d, list] of byDim) {
      const sorted = list.sort((a, b) => a.paidAt - b.paidAt || a.orderId.localeCompare(b.orderId));
      if (inDay(sorted[0]!.paidAt)) t.flow(d).payers++;
      if (sorted[1] && inDay(sorted[1].paidAt)) t.flow(d).repeaters++;
    }
  }

  // Spend (docs/metrics.md#3-daily-figures-每日指标, docs/metrics.md#5-cohorts-同期群): each channel's cohort of the day carries it.
  for (const [channelId, amount] of input.spend) {
    if (amount <= 0) continue;
    t.of(channelDim(channelId));
    t.cohort(channelDim(channelId), day).spend = amount;
  }
  t.of('tenant');
  t.of(UNATTRIBUTED);
  return { counters: t.counters, contributions: [...t.contributions.values()], flows: t.flows };
}

/** Stocks at the day's end: the previous day's plus the day's flows. */
export function nextStocks(previous: Stocks, flows: ReadonlyMap<Dimension, Stock>): Stocks {
  const out: Stocks = {};
  for (const [d, s] of Object.entries(previous)) out[d] = { ...s };
  for (const [d, f] of flows) {
    const s = (out[d] ??= emptyStock());
    s.customers += f.customers;
    s.payers += f.payers;
    s.repeaters += f.repeaters;
  }
  for (const [d, s] of Object.entries(out)) if (s.customers === 0 && s.payers === 0 && s.repeaters === 0) delete out[d];
  return out;
}

export interface RowsInput {
  day: string;
  facts: DayFacts;
  stocks: Stocks;
  /** Rows that exist every day: the tenant's current channels and active members. */
  channels: readonly string[];
  staff: readonly string[];
  kpis: ReadonlyMap<Dimension, KpiSums>;
  spend: ReadonlyMap<string, number>;
  cohorts: ReadonlyMap<Dimension, CohortFacts>;
  gaps: readonly MetricsGap[];
}

/** Every dimension with a row today: tenant, unattributed, current channels and members, and any with activity or stock. */
function rowDimensions(facts: DayFacts, stocks: Stocks, channels: readonly string[], staff: readonly string[]): Dimension[] {
  const dims = new Set<Dimension>([
    'tenant',
    UNATTRIBUTED,
    ...channels.map(channelDim),
    ...staff.map(staffDim),
    ...facts.counters.keys(),
    ...(Object.keys(stocks) as Dimension[]),
  ]);
  return [...dims].sort();
}

export function dayRows(i: RowsInput): DailyMetrics[] {
  return rowDimensions(i.facts, i.stocks, i.channels, i.staff).map((dimension) => {
    const kind = dimensionKind(dimension);
    const gaps = kind === 'tenant' ? i.gaps : i.gaps.filter((g) => kind === 'staff' && g.staff?.includes(dimension.slice('staff#'.length)));
    return {
      ...dailyMetrics({
        day: i.day,
        dimension,
        counters: i.facts.counters.get(dimension) ?? emptyCounters(),
        kpis: kind === 'channel' ? undefined : i.kpis.get(dimension),
        stock: i.stocks[dimension] ?? emptyStock(),
        cohorts: i.cohorts.get(dimension) ?? {},
        spend: kind === 'channel' ? (i.spend.get(dimension.slice('channel#'.length)) ?? 0) : undefined,
      }),
      ...(gaps.length > 0 ? { gaps: [...gaps] } : {}),
    };
  });
}

/** Figures that add up across channels (with the unattributed row) and, for follows, across members. */
export const ADDITIVE = [
  'newCustomers',
  'unconfirmed',
  'lostByStaff',
  'lostByCustomer',
  'transferredOut',
  'netGrowth',
  'totalCustomers',
  'orders',
  'gmv',
] as const;
const FOLLOW_FIGURES = ['newCustomers', 'unconfirmed', 'lostByStaff', 'lostByCustomer', 'transferredOut', 'netGrowth', 'totalCustomers'] as const;

/** The invariants of docs/metrics.md#7-checks-on-every-run-每次运行的自检, as sentences naming the figure and the numbers; empty when all hold. */
export function violations(rows: readonly DailyMetrics[], previous: Stocks): string[] {
  const out: string[] = [];
  const tenant = rows.find((r) => r.dimension === 'tenant');
  if (!tenant) return ['no tenant row'];
  const sum = (kind: 'channel' | 'staff', f: (typeof ADDITIVE)[number]) =>
    rows.filter((r) => dimensionKind(r.dimension) === kind).reduce((s, r) => s + Number(r[f] ?? 0), 0);
  for (const f of ADDITIVE) {
    const channels = sum('channel', f);
    if (channels !== Number(tenant[f] ?? 0)) out.push(`${f}: channels + unattributed = ${channels}, tenant = ${tenant[f]}`);
  }
  for (const f of FOLLOW_FIGURES) {
    const staff = sum('staff', f);
    if (staff !== Number(tenant[f] ?? 0)) out.push(`${f}: staff rows = ${staff}, tenant = ${tenant[f]}`);
  }
  for (const r of rows) {
    const before = previous[r.dimension]?.customers ?? 0;
    if (r.totalCustomers !== null && r.totalCustomers !== before + r.netGrowth)
      out.push(`${r.dimension}: totalCustomers ${r.totalCustomers} ≠ ${before} + ${r.netGrowth}`);
    if (r.totalCustomers !== null && r.totalCustomers < 0) out.push(`${r.dimension}: totalCustomers ${r.totalCustomers} < 0`);
    if (r.unconfirmed > r.newCustomers) out.push(`${r.dimension}: unconfirmed ${r.unconfirmed} > newCustomers ${r.newCustomers}`);
  }
  return out;
}

export interface CohortDayInput {
  cohortDay: string;
  /** The day the cohort is looked at (its figures use the facts up to this day's end). */
  asOf: string;
  channelOfState: ReadonlyMap<string, string>;
  /** Customers with an add or deletion on the cohort day, and their follows (with histories). */
  touched: ReadonlySet<string>;
  follows: ReadonlyMap<string, readonly FollowView[]>;
  /** Every order of those customers (any day). */
  ordersOf: ReadonlyMap<string, readonly DayOrder[]>;
  /** Spend of the cohort day per channel id. */
  spend: ReadonlyMap<string, number>;
}

/**
 * The contributions a cohort day's periods have made by `asOf`, per dimension, computed from the cohort day's
 * customers themselves (docs/metrics.md#5-cohorts-同期群): what the rollups of the days from the cohort day to `asOf` write, but
 * without depending on them having run (a backfill in any order gives the same D7/D30 figures).
 */
export function cohortContributions(i: CohortDayInput): Map<Dimension, CohortContribution[]> {
  const from = shanghaiMidnight(i.cohortDay);
  const until = shanghaiMidnight(i.asOf) + 86_399;
  const out = new Map<Dimension, Map<string, CohortContribution>>();
  const at = (d: Dimension, eventDay: string) => {
    let byDay = out.get(d);
    if (!byDay) out.set(d, (byDay = new Map()));
    let c = byDay.get(eventDay);
    if (!c) byDay.set(eventDay, (c = { cohortDay: i.cohortDay, eventDay, added: 0, lost: 0, revenue: 0, spend: 0 }));
    return c;
  };
  for (const customer of i.touched) {
    const ps = customerPeriods(i.follows.get(customer) ?? []);
    for (const p of ps) {
      if (shanghaiDay(p.start) !== i.cohortDay) continue;
      for (const d of periodDims(p, i.channelOfState)) {
        at(d, i.cohortDay).added++;
        if (p.end !== null && p.end <= until) at(d, shanghaiDay(p.end)).lost++;
      }
    }
    for (const o of i.ordersOf.get(customer) ?? []) {
      if (o.paidAt > until) continue;
      for (const d of ['tenant', orderChannel(o, ps, i.channelOfState)] as const) {
        const first = firstPeriod(ps, o.paidAt, i.channelOfState, d === 'tenant' ? undefined : d);
        if (first && shanghaiDay(first.start) === i.cohortDay && first.start >= from) at(d, shanghaiDay(o.paidAt)).revenue += o.amount;
      }
    }
  }
  for (const [channelId, amount] of i.spend) if (amount > 0) at(channelDim(channelId), i.cohortDay).spend = amount;
  return new Map([...out].map(([d, byDay]) => [d, [...byDay.values()]]));
}
