// Reference model of docs/metrics.md: every figure of the glossary recomputed straight from a Scenario's raw
// facts, written from the glossary alone (independent of the rollup) so the two can be compared. Deliberately
// naive: each question replays the facts known by that day's end from scratch, then filters and counts.
// Where the glossary leaves room, the reading taken is written next to the code ("Reading:").
import { addDays, daysBetween, shanghaiDay, shanghaiMidnight } from '../../shared/events/time';
import type { ChangeType, Scenario, ScenarioEvent } from './metrics-scenario';

// ---------------------------------------------------------------------------------------------------------------
// Basics: days, rounding (docs/metrics.md#1-basics-基本约定).

/** Last second (unix s) of a Shanghai day: a day's figures use the facts up to it (docs/metrics.md#1-basics-基本约定 "As of"). */
export const endOfDay = (day: string): number => shanghaiMidnight(day) + 86_399;

/** num ÷ den rounded half away from zero to `places` decimals, computed exactly for integers; null when den is 0. */
function roundedRatio(num: number, den: number, places: number): number | null {
  if (den === 0) return null;
  const scale = 10 ** places;
  const sign = Math.sign(num) * Math.sign(den);
  const n = Math.abs(num) * scale;
  const d = Math.abs(den);
  const q = Number.isInteger(n) && Number.isInteger(d) ? Math.floor((2 * n + d) / (2 * d)) : Math.round(n / d);
  return (sign * q) / scale || 0;
}
/** Rates (docs/metrics.md#1-basics-基本约定): 0–1 fractions with 6 decimals, null when the denominator is 0. */
export const rate = (num: number, den: number): number | null => roundedRatio(num, den, 6);
/** Money (docs/metrics.md#1-basics-基本约定): CAC and LTV rounded to whole fen (half away from zero), null when the denominator is 0. */
export const fen = (num: number, den: number): number | null => roundedRatio(num, den, 0);

// ---------------------------------------------------------------------------------------------------------------
// A follow's life (docs/metrics.md#2-a-follows-life-关系的生命周期).

const RANK: Record<ChangeType, number> = {
  add_half_external_contact: 0,
  add_external_contact: 1,
  del_follow_user: 2,
  del_external_contact: 3,
  transfer_fail: 4,
};

/**
 * The events in replay order: one per `key` (the first delivery; a duplicate delivery is the same event),
 * then by time and, within one second, half add < add < del_follow_user < del_external_contact (docs/metrics.md#2-a-follows-life-关系的生命周期).
 * Reading: the glossary gives no order for two events of the same rank in the same second; they can only
 * matter for one follow if WeCom sent the same change twice under two keys, so ties go by member, customer and
 * key just to be deterministic. transfer_fail changes nothing, so it is dropped here.
 */
export function replayOrder(events: Scenario['events'], until = Infinity): ScenarioEvent[] {
  const seen = new Set<string>();
  const unique: ScenarioEvent[] = [];
  for (const e of events) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    if (e.at <= until && e.change !== 'transfer_fail') unique.push(e);
  }
  return unique.sort(
    (a, b) =>
      a.at - b.at ||
      RANK[a.change] - RANK[b.change] ||
      a.userId.localeCompare(b.userId) ||
      a.externalUserId.localeCompare(b.externalUserId) ||
      a.key.localeCompare(b.key),
  );
}

export type FollowState = 'none' | 'pending' | 'active' | 'deleted';
export type TransitionKind = 'new' | 'confirm' | 'lost' | 'unchanged';
export interface Transition {
  event: ScenarioEvent;
  before: FollowState;
  after: FollowState;
  kind: TransitionKind;
}

/** The table of docs/metrics.md#2-a-follows-life-关系的生命周期, one event at a time. */
export function step(state: FollowState, change: ChangeType): { after: FollowState; kind: TransitionKind } {
  const isDeletion = change === 'del_follow_user' || change === 'del_external_contact';
  if ((state === 'none' || state === 'deleted') && change === 'add_half_external_contact') return { after: 'pending', kind: 'new' };
  if ((state === 'none' || state === 'deleted') && change === 'add_external_contact') return { after: 'active', kind: 'new' };
  if (state === 'pending' && change === 'add_external_contact') return { after: 'active', kind: 'confirm' };
  if ((state === 'pending' || state === 'active') && isDeletion) return { after: 'deleted', kind: 'lost' };
  return { after: state, kind: 'unchanged' };
}

/** Every event's transition, replaying the facts known by `until` (docs/metrics.md#2-a-follows-life-关系的生命周期). */
export function transitionsOf(events: Scenario['events'], until = Infinity): Transition[] {
  const states = new Map<string, FollowState>();
  return replayOrder(events, until).map((event) => {
    const k = `${event.userId}|${event.externalUserId}`;
    const before = states.get(k) ?? 'none';
    const { after, kind } = step(before, event.change);
    states.set(k, after);
    return { event, before, after, kind };
  });
}

export interface Period {
  userId: string;
  externalUserId: string;
  /** The event that was *new* (docs/metrics.md#2-a-follows-life-关系的生命周期 "A period starts with the event that was new"). */
  start: ScenarioEvent;
  startDay: string;
  /** The add that confirmed a half add, if it came. */
  confirm?: ScenarioEvent;
  /** The deletion that lost it, if it came. */
  end?: ScenarioEvent;
  endDay?: string;
  /** The channel id, or null = unattributed (docs/metrics.md#2-a-follows-life-关系的生命周期). */
  channel: string | null;
  /** Position in replay order, to order periods that started in the same second. */
  order: number;
}

/**
 * The follow periods known by `until` (docs/metrics.md#2-a-follows-life-关系的生命周期): one per *new* transition, closed by the follow's next *lost*.
 * Channel: the channel whose State the starting event carries, else none (fixed when the period starts).
 * Reading: a State that names no channel of the tenant counts as no State.
 */
export function periodsOf(events: Scenario['events'], channels: Scenario['channels'], until = Infinity): Period[] {
  const channelOf = (state?: string) => channels.find((c) => state !== undefined && c.state === state)?.id ?? null;
  const periods: Period[] = [];
  const open = new Map<string, Period>();
  transitionsOf(events, until).forEach((t, i) => {
    const e = t.event;
    const k = `${e.userId}|${e.externalUserId}`;
    if (t.kind === 'new') {
      const p: Period = { userId: e.userId, externalUserId: e.externalUserId, start: e, startDay: shanghaiDay(e.at), channel: channelOf(e.state), order: i };
      periods.push(p);
      open.set(k, p);
    } else if (t.kind === 'confirm') {
      const p = open.get(k)!;
      p.confirm = e;
    } else if (t.kind === 'lost') {
      const p = open.get(k)!;
      p.end = e;
      p.endDay = shanghaiDay(e.at);
      open.delete(k);
    }
  });
  return periods;
}

// ---------------------------------------------------------------------------------------------------------------
// Dimensions (docs/metrics.md#1-basics-基本约定).

export const TENANT = 'tenant';
export const UNATTRIBUTED = 'channel#unattributed';
const channelDim = (channel: string | null) => (channel === null ? UNATTRIBUTED : `channel#${channel}`);
const staffDim = (userId: string) => `staff#${userId}`;
const isStaffDim = (dim: string) => dim.startsWith('staff#');
/** A `channel#<id>` row, not the unattributed one (docs/metrics.md#3-daily-figures-每日指标 says "channel rows" for spend and its ratios). */
const isNamedChannelDim = (dim: string) => dim.startsWith('channel#') && dim !== UNATTRIBUTED;

/** The dimensions a period counts in: the tenant, its member, its channel (or the unattributed row). */
const dimsOfPeriod = (p: Period) => [TENANT, staffDim(p.userId), channelDim(p.channel)];

// ---------------------------------------------------------------------------------------------------------------
// Orders and attribution (docs/metrics.md#4-orders-and-attribution-订单归因).

export interface AttributedOrder {
  order: Scenario['orders'][number];
  paidDay: string;
  /** channel#<id> or channel#unattributed. */
  dim: string;
}

/** The orders, one per id (the first import, docs/metrics.md#4-orders-and-attribution-订单归因). */
export function uniqueOrders(orders: Scenario['orders']): Scenario['orders'] {
  const seen = new Set<string>();
  return orders.filter((o) => (seen.has(o.orderId) ? false : (seen.add(o.orderId), true)));
}

/**
 * docs/metrics.md#4-orders-and-attribution-订单归因: an order belongs to the channel it names, else to the channel of the customer's first follow period that
 * started no later than the payment, else to none. Reading: "first" is the earliest period of that customer with
 * any member (a tie in the same second goes by replay order); if that period has no channel the order is
 * unattributed (later periods are not searched for one). An order without externalUserId has no customer.
 */
export function attribute(order: Scenario['orders'][number], periods: Period[]): string {
  if (order.channelId !== undefined) return `channel#${order.channelId}`;
  if (order.externalUserId === undefined) return UNATTRIBUTED;
  const first = periods
    .filter((p) => p.externalUserId === order.externalUserId && p.start.at <= order.paidAt)
    .sort((a, b) => a.start.at - b.start.at || a.order - b.order)[0];
  return first ? channelDim(first.channel) : UNATTRIBUTED;
}

/** The orders paid by `until`, attributed with the periods known by then. */
function ordersKnownBy(s: Scenario, until: number): AttributedOrder[] {
  const periods = periodsOf(s.events, s.channels, until);
  return uniqueOrders(s.orders)
    .filter((o) => o.paidAt <= until)
    .map((order) => ({ order, paidDay: shanghaiDay(order.paidAt), dim: attribute(order, periods) }));
}

const inDim = (dim: string) => (o: AttributedOrder) => dim === TENANT || o.dim === dim;

// ---------------------------------------------------------------------------------------------------------------
// Daily figures (docs/metrics.md#3-daily-figures-每日指标).

export interface Gap {
  source: 'behaviour_data';
  staff: string;
}

export interface DailyRow {
  newCustomers: number;
  unconfirmed: number;
  passRate: number | null;
  lostByStaff: number;
  lostByCustomer: number;
  transferredOut: number;
  netGrowth: number;
  totalCustomers: number;
  activeCustomers: number;
  interactionRate: number | null;
  retentionD7: number | null;
  retentionD30: number | null;
  orders: number | null;
  gmv: number | null;
  payingCustomers: number | null;
  conversionRate: number | null;
  repurchaseRate: number | null;
  redPacketCount: number | null;
  redPacketAmount: number | null;
  transferAmount: number | null;
  sensitiveHits: number | null;
  contactedCustomers: number | null;
  messagesSent: number | null;
  replyRate: number | null;
  avgReplySeconds: number | null;
  spend: number | null;
  cac: number | null;
  ltvD30: number | null;
  ltvToCacD30: number | null;
  roiD30: number | null;
  gaps: Gap[];
}

/** The figures additive across channel rows + the unattributed row (= tenant), docs/metrics.md#3-daily-figures-每日指标 "Sums". */
export const CHANNEL_ADDITIVE = [
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
/** The follow figures additive across staff rows (= tenant), docs/metrics.md#3-daily-figures-每日指标 "Sums". */
export const STAFF_ADDITIVE = ['newCustomers', 'unconfirmed', 'lostByStaff', 'lostByCustomer', 'transferredOut', 'netGrowth', 'totalCustomers'] as const;

export interface CohortView {
  dim: string;
  days: string[];
  asOf: string;
  size: number;
  spend: number | null;
  cac: number | null;
  /** Keyed d1, d7, d30, d60, d90, d180; null until reached (and for staff cohorts' money). */
  retention: Record<CohortMark, number | null>;
  revenue: Record<CohortMark, number | null>;
  ltv: Record<CohortMark, number | null>;
  ltvToCac: Record<CohortMark, number | null>;
  roi: Record<CohortMark, number | null>;
}
export const COHORT_MARKS = [1, 7, 30, 60, 90, 180] as const;
export type CohortMark = `d${(typeof COHORT_MARKS)[number]}`;

export type RfmClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H';

/** Days of a scenario, first to last. */
export const scenarioDays = (s: Scenario): string[] => Array.from({ length: s.days }, (_, i) => addDays(s.startDay, i));

/** Row keys of a scenario: the tenant, every channel, the unattributed row, every staff member. */
export const dimensionsOf = (s: Scenario): string[] => [
  TENANT,
  ...s.channels.map((c) => `channel#${c.id}`),
  UNATTRIBUTED,
  ...s.staff.map((m) => staffDim(m.userId)),
];

/** The spend entered for a channel and day: the last entry wins (docs/metrics.md#3-daily-figures-每日指标 spend); none entered = 0. */
function spendOf(s: Scenario, channelId: string, day: string): number {
  let amount = 0;
  for (const e of s.spend) if (e.channelId === channelId && e.day === day) amount = e.amount;
  return amount;
}

/**
 * contactedCustomers … avgReplySeconds (docs/metrics.md#3-daily-figures-每日指标) from WeCom's behaviour data of the given members on `day`.
 * Reading: members without data that day are left out (and named in gaps); null when none has data.
 * replyRate = Σ(chats × reply%) ÷ Σ chats over members that gave a reply%; avgReplySeconds =
 * Σ(replied chats × avg minutes × 60) ÷ Σ replied chats, replied chats = chats × reply%, over members that gave
 * both; avgReplySeconds rounded to whole seconds (docs/metrics.md#3-daily-figures-每日指标).
 */
function behaviourOf(s: Scenario, members: string[], day: string) {
  const rows = members.map((u) => s.behaviour[u]?.[day]).filter((b) => b !== undefined);
  if (rows.length === 0) return { contactedCustomers: null, messagesSent: null, replyRate: null, avgReplySeconds: null };
  const hundredths = (pct: number) => Math.round(pct * 100); // reply% with 2 decimals, as an integer
  let chats = 0;
  let replyNum = 0;
  let replyDen = 0;
  let waitNum = 0;
  let waitDen = 0;
  for (const b of rows) {
    chats += b.chatCount;
    if (b.replyPercentage === undefined) continue;
    replyNum += b.chatCount * hundredths(b.replyPercentage);
    replyDen += b.chatCount * 10_000;
    if (b.avgReplyMinutes === undefined) continue;
    waitNum += b.chatCount * hundredths(b.replyPercentage) * b.avgReplyMinutes * 60;
    waitDen += b.chatCount * hundredths(b.replyPercentage);
  }
  return {
    contactedCustomers: chats,
    messagesSent: rows.reduce((n, b) => n + b.messageCount, 0),
    replyRate: rate(replyNum, replyDen),
    avgReplySeconds: waitDen === 0 ? null : Math.round(waitNum / waitDen),
  };
}

/** Everything docs/metrics.md defines, for one scenario. */
export function referenceMetrics(s: Scenario) {
  const staffIds = s.staff.map((m) => m.userId);

  /** The cohort view (docs/metrics.md#5-cohorts-同期群) of `dim` for the periods that started on `days`, as of the end of `asOf`. */
  function cohort(dim: string, days: string | string[], asOf: string): CohortView {
    const cohortDays = [...(typeof days === 'string' ? [days] : days)].sort();
    const lastDay = cohortDays[cohortDays.length - 1]!;
    const until = endOfDay(asOf);
    const periods = periodsOf(s.events, s.channels, until);
    const ofDim = periods.filter((p) => dimsOfPeriod(p).includes(dim));
    // size: periods that started in the cohort.
    const members = ofDim.filter((p) => cohortDays.includes(p.startDay));
    const size = members.length;
    // spend, cac: channel cohorts only; the spend of the cohort's days; cac = spend ÷ size.
    const spend = isNamedChannelDim(dim) ? cohortDays.reduce((sum, d) => sum + spendOf(s, dim.slice('channel#'.length), d), 0) : null;
    const cac = spend === null ? null : fen(spend, size);
    // A customer's cohort in this dimension: their first period in it (tenant: first ever) that had started by
    // the payment (docs/metrics.md#5-cohorts-同期群; an order before the customer was added is in no cohort).
    const byStart = [...ofDim].sort((a, b) => a.start.at - b.start.at || a.order - b.order);
    const cohortDayAt = (customer: string, paidAt: number) => byStart.find((p) => p.externalUserId === customer && p.start.at <= paidAt)?.startDay;
    const orders = ordersKnownBy(s, until).filter(inDim(dim));
    const view: CohortView = {
      dim,
      days: cohortDays,
      asOf,
      size,
      spend,
      cac,
      retention: {} as never,
      revenue: {} as never,
      ltv: {} as never,
      ltvToCac: {} as never,
      roi: {} as never,
    };
    for (const n of COHORT_MARKS) {
      const mark = `d${n}` as CohortMark;
      // null until day N is over for the cohort's last day.
      const reached = daysBetween(lastDay, asOf) >= n;
      // retention.dN = 1 − (periods lost within N days of their start) ÷ size. Reading: "within N days" = lost
      // by the end of day start+N (the same window as the daily retentionD7/D30).
      const lost = members.filter((p) => p.endDay !== undefined && daysBetween(p.startDay, p.endDay) <= n).length;
      view.retention[mark] = reached ? rate(size - lost, size) : null;
      // revenue.dN: orders attributed to the dimension, paid within N days of the cohort day, by customers whose
      // cohort is that day. Reading: paid on the cohort day .. day+N (each customer's own cohort day for a
      // week), orders paid before the cohort day are not in it; staff rows have no orders (docs/metrics.md#3-daily-figures-每日指标), so null.
      let revenue: number | null = null;
      if (reached && !isStaffDim(dim)) {
        revenue = 0;
        for (const o of orders) {
          const c = o.order.externalUserId === undefined ? undefined : cohortDayAt(o.order.externalUserId, o.order.paidAt);
          if (c === undefined || !cohortDays.includes(c)) continue;
          const d = daysBetween(c, o.paidDay);
          if (d >= 0 && d <= n) revenue += o.order.amount;
        }
      }
      view.revenue[mark] = revenue;
      // ltv = revenue ÷ size (whole fen); ltvToCac = ltv ÷ cac, taken unrounded (= revenue ÷ spend);
      // roi = (revenue − spend) ÷ spend.
      view.ltv[mark] = revenue === null ? null : fen(revenue, size);
      view.ltvToCac[mark] = revenue === null || spend === null || size === 0 ? null : rate(revenue, spend);
      view.roi[mark] = revenue === null || spend === null ? null : rate(revenue - spend, spend);
    }
    return view;
  }

  /** The rows (docs/metrics.md#3-daily-figures-每日指标) of `day` for every dimension of the scenario. */
  function daily(day: string): Record<string, DailyRow> {
    const until = endOfDay(day);
    const periods = periodsOf(s.events, s.channels, until);
    const orders = ordersKnownBy(s, until);
    const rows: Record<string, DailyRow> = {};
    for (const dim of dimensionsOf(s)) {
      const mine = periods.filter((p) => dimsOfPeriod(p).includes(dim));
      // newCustomers: transitions *new* on the day; unconfirmed: of those, the periods not confirmed by an add by
      // the day's end (a pending period lost the same day stays unconfirmed).
      const started = mine.filter((p) => p.startDay === day);
      const newCustomers = started.length;
      const unconfirmed = started.filter((p) => p.start.change === 'add_half_external_contact' && !p.confirm).length;
      // lostByStaff / lostByCustomer: *lost* transitions by del_external_contact / del_follow_user;
      // transferredOut: those by a del_external_contact whose Source is DELETE_BY_TRANSFER (not a loss).
      const lostToday = mine.filter((p) => p.endDay === day);
      const transferredOut = lostToday.filter((p) => p.end!.source === 'DELETE_BY_TRANSFER').length;
      const lostByStaff = lostToday.filter((p) => p.end!.change === 'del_external_contact' && p.end!.source !== 'DELETE_BY_TRANSFER').length;
      const lostByCustomer = lostToday.filter((p) => p.end!.change === 'del_follow_user').length;
      // totalCustomers: active or pending follows at the day's end.
      const totalCustomers = mine.filter((p) => !p.end).length;
      // activeCustomers: distinct customers who wrote an archived message that day; a channel row counts the
      // messages to a member whose follow period open at that moment is of that channel.
      // Reading: an event at second t happens at t.000, so a period is open at atMs when start ≤ atMs < end.
      const writers = new Set<string>();
      for (const m of s.messages) {
        if (!m.fromCustomer || shanghaiDay(Math.floor(m.atMs / 1000)) !== day) continue;
        let counts: boolean;
        if (dim === TENANT) counts = true;
        else if (isStaffDim(dim)) counts = dim === staffDim(m.staff);
        else {
          const openNow = periods.find(
            (p) => p.userId === m.staff && p.externalUserId === m.customer && p.start.at * 1000 <= m.atMs && (!p.end || m.atMs < p.end.at * 1000),
          );
          counts = channelDim(openNow ? openNow.channel : null) === dim;
        }
        if (counts) writers.add(m.customer);
      }
      // retentionD7 / D30: of the periods that started 7 / 30 days earlier, the share not lost by this day.
      const retention = (n: number) => {
        const cohortPeriods = mine.filter((p) => p.startDay === addDays(day, -n));
        return rate(cohortPeriods.filter((p) => !p.end).length, cohortPeriods.length);
      };
      // Orders (docs/metrics.md#4-orders-and-attribution-订单归因): staff rows have none (Reading: null, like conversionRate and repurchaseRate).
      const staffRow = isStaffDim(dim);
      const mineOrders = orders.filter(inDim(dim));
      const todays = mineOrders.filter((o) => o.paidDay === day);
      const customersOf = (list: AttributedOrder[]) => new Set(list.map((o) => o.order.externalUserId).filter((x) => x !== undefined));
      const ordersPerBuyer = new Map<string, number>();
      for (const o of mineOrders)
        if (o.order.externalUserId !== undefined) ordersPerBuyer.set(o.order.externalUserId, (ordersPerBuyer.get(o.order.externalUserId) ?? 0) + 1);
      const buyers = ordersPerBuyer.size;
      const repeaters = [...ordersPerBuyer.values()].filter((n) => n >= 2).length;
      // Audit (tenant and staff rows), one row per key.
      const auditRows =
        staffRow || dim === TENANT ? uniqueByKey(s.audit).filter((a) => shanghaiDay(a.at) === day && (dim === TENANT || dim === staffDim(a.staff))) : null;
      const sumOf = (type: string) => (auditRows ? auditRows.filter((a) => a.type === type).reduce((n, a) => n + (a.amountFen ?? 0), 0) : null);
      const countOf = (type: string) => (auditRows ? auditRows.filter((a) => a.type === type).length : null);
      // Behaviour (tenant = all members; channel rows: none).
      const members = dim === TENANT ? staffIds : staffRow ? [dim.slice('staff#'.length)] : [];
      const behaviour = members.length
        ? behaviourOf(s, members, day)
        : { contactedCustomers: null, messagesSent: null, replyRate: null, avgReplySeconds: null };
      const gaps: Gap[] = members.filter((u) => s.behaviour[u]?.[day] === undefined).map((staff) => ({ source: 'behaviour_data', staff }));
      // Spend and its ratios: named channel rows only.
      const named = isNamedChannelDim(dim);
      const spend = named ? spendOf(s, dim.slice('channel#'.length), day) : null;
      const d30 = named ? cohort(dim, addDays(day, -30), day) : null;
      rows[dim] = {
        newCustomers,
        unconfirmed,
        passRate: rate(newCustomers - unconfirmed, newCustomers),
        lostByStaff,
        lostByCustomer,
        transferredOut,
        netGrowth: newCustomers - lostByStaff - lostByCustomer - transferredOut,
        totalCustomers,
        activeCustomers: writers.size,
        interactionRate: rate(writers.size, totalCustomers),
        retentionD7: retention(7),
        retentionD30: retention(30),
        orders: staffRow ? null : todays.length,
        gmv: staffRow ? null : todays.reduce((n, o) => n + o.order.amount, 0),
        payingCustomers: staffRow ? null : customersOf(todays).size,
        conversionRate: staffRow ? null : rate(buyers, totalCustomers),
        repurchaseRate: staffRow ? null : rate(repeaters, buyers),
        redPacketCount: countOf('red_packet'),
        redPacketAmount: sumOf('red_packet'),
        transferAmount: sumOf('transfer'),
        sensitiveHits: countOf('sensitive_word'),
        ...behaviour,
        spend,
        cac: spend === null ? null : fen(spend, newCustomers),
        ltvD30: d30 ? d30.ltv.d30 : null,
        ltvToCacD30: d30 ? d30.ltvToCac.d30 : null,
        roiD30: d30 ? d30.roi.d30 : null,
        gaps,
      };
    }
    return rows;
  }

  /**
   * RFM (docs/metrics.md#6-rfm) as of `asOf`: every customer with an order paid by the day's end, from all their orders up to then
   * (whatever the channel). Orders without externalUserId have no customer.
   */
  function rfm(asOf: string, thresholds: Scenario['rfm'] = s.rfm): Record<string, RfmClass> {
    const until = endOfDay(asOf);
    const byCustomer = new Map<string, Scenario['orders']>();
    for (const o of uniqueOrders(s.orders)) {
      if (o.paidAt > until || o.externalUserId === undefined) continue;
      byCustomer.set(o.externalUserId, [...(byCustomer.get(o.externalUserId) ?? []), o]);
    }
    const classes: Record<string, RfmClass> = {};
    for (const [customer, list] of [...byCustomer].sort(([a], [b]) => a.localeCompare(b))) {
      const lastPaidDay = shanghaiDay(Math.max(...list.map((o) => o.paidAt)));
      // R: the last order paid on asOf or one of the recentDays − 1 days before it.
      const r = daysBetween(lastPaidDay, asOf) <= thresholds.recentDays - 1;
      const f = list.length >= thresholds.frequentOrders;
      const m = list.reduce((n, o) => n + o.amount, 0) >= thresholds.monetaryFen;
      classes[customer] = r ? (f ? (m ? 'A' : 'E') : m ? 'B' : 'F') : f ? (m ? 'C' : 'G') : m ? 'D' : 'H';
    }
    return classes;
  }

  return {
    days: () => scenarioDays(s),
    dimensions: () => dimensionsOf(s),
    periods: (asOf?: string) => periodsOf(s.events, s.channels, asOf === undefined ? Infinity : endOfDay(asOf)),
    orders: (asOf: string) => ordersKnownBy(s, endOfDay(asOf)),
    daily,
    cohort,
    rfm,
  };
}

function uniqueByKey<T extends { key: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
}

/** The days of the ISO week starting on `monday` (a week cohort). */
export const weekDays = (monday: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(monday, i));

/** The days of the calendar month of `day` (a month cohort). */
export const monthDays = (day: string): string[] => {
  const first = `${day.slice(0, 7)}-01`;
  return Array.from({ length: 31 }, (_, i) => addDays(first, i)).filter((d) => d.slice(0, 7) === day.slice(0, 7));
};
