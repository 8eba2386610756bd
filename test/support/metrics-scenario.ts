// The raw facts of a metrics scenario (what WeCom, the archive, the audit feed and order imports deliver) and a
// fast-check generator of realistic, varied scenarios over several weeks. Used by the reference model of
// docs/metrics.md (metrics-reference.ts) and by the differential test that drives the real rollup with them.
import fc from 'fast-check';
import { addDays, shanghaiMidnight } from '../../shared/events/time';

export interface Scenario {
  corpId: string;
  /** First Shanghai day of the scenario and number of days. */
  startDay: string;
  days: number;
  staff: Array<{ userId: string; department: number }>;
  /** Channels and their contact-way state strings (an add event's State names its channel). */
  channels: Array<{ id: string; state: string }>;
  /** change_external_contact events, in delivery order (not necessarily time order; duplicates possible: same `key`). */
  events: Array<{
    key: string;
    at: number /* unix s */;
    change: 'add_half_external_contact' | 'add_external_contact' | 'del_follow_user' | 'del_external_contact' | 'transfer_fail';
    userId: string;
    externalUserId: string;
    state?: string;
    /** On del_external_contact: DELETE_BY_TRANSFER when a transfer removed the handover member. */
    source?: 'DELETE_BY_TRANSFER';
  }>;
  /** Archived messages (会话存档); `fromCustomer` true when the customer wrote it. */
  messages: Array<{ id: string; atMs: number; staff: string; customer: string; fromCustomer: boolean }>;
  /** Audit facts. */
  audit: Array<{ key: string; at: number; staff: string; type: 'red_packet' | 'transfer' | 'sensitive_word'; amountFen?: number }>;
  /** Orders in import order; a repeated orderId is ignored after its first import. */
  orders: Array<{ orderId: string; externalUserId?: string; phone?: string; amount: number; paidAt: number; channelId?: string }>;
  /** Channel spend entries in the order they were set; a later entry for the same (channel, day) overwrites. */
  spend: Array<{ channelId: string; day: string; amount: number }>;
  /** RFM thresholds, final (the differential test compares RFM classes as of the last day with these). */
  rfm: { recentDays: number; frequentOrders: number; monetaryFen: number };
  /** WeCom behaviour data per staff member and day (absent = WeCom gave none). */
  behaviour: Record<string, Record<string, { chatCount: number; messageCount: number; replyPercentage?: number; avgReplyMinutes?: number }>>;
}

export type ScenarioEvent = Scenario['events'][number];
export type ChangeType = ScenarioEvent['change'];

export interface ScenarioArbOptions {
  /** Length of the scenario in days (default 21–45). */
  minDays?: number;
  maxDays?: number;
  /** Customers with a story (default 4–40); a few stray customer ids come on top. */
  minCustomers?: number;
  maxCustomers?: number;
  /** Staff members (default 3, in 2 departments). */
  staff?: number;
  /** Channels (default 2–3). */
  minChannels?: number;
  maxChannels?: number;
}

const DAY = 86_400;

// ---------------------------------------------------------------------------------------------------------------
// The raw draw: a story per customer, in numbers fast-check can shrink. `build` turns it into a Scenario.

type EndAfter = 'same-second' | 'same-day' | 'd1' | 'd7' | 'd8' | 'later' | 'burst';
interface PeriodPlan {
  /** add: a direct add; half-confirmed: WeCom's verified flow (half add, then add); half-never: never confirmed. */
  kind: 'add' | 'half-confirmed' | 'half-never';
  confirmDelay: number;
  channel: number | null;
  end: { by: 'staff' | 'customer'; after: EndAfter; sec: number; laterDays: number } | null;
  reAddGap: number;
  /** Delivery lag (s) and duplicate delivery of the start, confirmation and end events. */
  lags: number[];
  dups: boolean[];
}
interface CustomerPlan {
  staff: number;
  start: { burst: number | null; day: number; sec: number };
  periods: PeriodPlan[];
  second: { shift: number; day: number; sec: number; period: PeriodPlan } | null;
  transfer: { after: number; lag: number } | null;
  orders: Array<{
    day: number;
    sec: number;
    amount: number;
    channel: number | null;
    ident: 'ext' | 'phone' | 'both';
    reimport: { amount: number; day: number } | null;
  }>;
  messages: Array<{ who: number; day: number; sec: number; ms: number; fromCustomer: boolean }>;
}
interface Raw {
  days: number;
  startOffset: number;
  channelCount: number;
  bursts: Array<{ day: number; sec: number }>;
  customers: CustomerPlan[];
  strays: Array<{ staff: number; day: number; sec: number; kind: 'del_follow_user' | 'del_external_contact' | 'transfer_fail'; customer: number }>;
  extraOrders: Array<{ day: number; sec: number; amount: number; channel: number | null; who: 'stray' | 'phone' }>;
  audit: Array<{ staff: number; day: number; sec: number; type: 'red_packet' | 'transfer' | 'sensitive_word'; amount: number; dup: boolean }>;
  spend: Array<{ channel: number; day: number; amount: number; overwrite: number | null }>;
  behaviour: Array<{ chats: number; extraMessages: number; pctHundredths: number; avgMinutes: number; noAvg: boolean } | null>;
  rfm: { recentDays: number; frequentOrders: number; monetaryFen: number };
}

const lagArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 3600, max: 2 * DAY }) },
);
/** true about one time in `n` (fc.integer is biased towards its bounds, so not `integer(…) === 0`). */
const oneIn = (n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
/** A channel index, or null (no channel) about `noneIn` times in 3. */
const channelPick = (noneIn: number) => fc.oneof({ weight: noneIn, arbitrary: fc.constant(null) }, { weight: 3 - noneIn, arbitrary: fc.nat(5) });
const dupArb = oneIn(16);
/** `arb` about one time in `n`, else null (fc.option's `freq` is the other way round: null one time in freq). */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number) => fc.oneof({ weight: n - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const periodArb: fc.Arbitrary<PeriodPlan> = fc.record({
  kind: fc.constantFrom<PeriodPlan['kind']>('add', 'add', 'half-confirmed', 'half-confirmed', 'half-never'),
  // Confirmation minutes to days after the half add.
  confirmDelay: fc.oneof(fc.integer({ min: 30, max: 3600 }), fc.integer({ min: 3600, max: 3 * DAY })),
  channel: channelPick(1),
  end: fc.option(
    fc.record({
      by: fc.constantFrom<'staff' | 'customer'>('staff', 'customer'),
      after: fc.constantFrom<EndAfter>('same-second', 'same-day', 'd1', 'd7', 'd8', 'later', 'burst'),
      sec: fc.nat(DAY - 1),
      laterDays: fc.integer({ min: 2, max: 40 }),
    }),
    { nil: null, freq: 3 },
  ),
  reAddGap: fc.oneof(fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 3600, max: 20 * DAY })),
  lags: fc.array(lagArb, { minLength: 3, maxLength: 3 }),
  dups: fc.array(dupArb, { minLength: 3, maxLength: 3 }),
});

function customerArb(maxDays: number): fc.Arbitrary<CustomerPlan> {
  const day = fc.nat(maxDays - 1);
  const sec = fc.nat(DAY - 1);
  return fc.record({
    staff: fc.nat(10),
    start: fc.record({ burst: sometimes(fc.nat(2), 4), day, sec }),
    periods: fc.array(periodArb, { minLength: 1, maxLength: 3 }),
    second: sometimes(fc.record({ shift: fc.nat(10), day, sec, period: periodArb }), 4),
    transfer: sometimes(fc.record({ after: fc.integer({ min: 60, max: 20 * DAY }), lag: lagArb }), 4),
    orders: fc.array(
      fc.record({
        day,
        sec,
        amount: fc.integer({ min: 100, max: 60_000 }),
        channel: channelPick(2),
        ident: fc.constantFrom<'ext' | 'phone' | 'both'>('ext', 'ext', 'ext', 'ext', 'phone', 'both'),
        reimport: sometimes(fc.record({ amount: fc.integer({ min: 100, max: 60_000 }), day }), 10),
      }),
      { maxLength: 4 },
    ),
    messages: fc.array(fc.record({ who: fc.nat(5), day, sec, ms: fc.nat(999), fromCustomer: fc.boolean() }), { maxLength: 6 }),
  });
}

/** Realistic, varied scenarios over several weeks (see the file header and the brief in the report). */
export function scenarioArb(opts: ScenarioArbOptions = {}): fc.Arbitrary<Scenario> {
  const minDays = opts.minDays ?? 21;
  const maxDays = opts.maxDays ?? 45;
  const staffCount = opts.staff ?? 3;
  const minChannels = opts.minChannels ?? 2;
  const maxChannels = opts.maxChannels ?? 3;
  const day = fc.nat(maxDays - 1);
  const sec = fc.nat(DAY - 1);
  const raw: fc.Arbitrary<Raw> = fc.record({
    days: fc.integer({ min: minDays, max: maxDays }),
    startOffset: fc.nat(400),
    channelCount: fc.integer({ min: minChannels, max: maxChannels }),
    bursts: fc.array(fc.record({ day, sec }), { minLength: 3, maxLength: 3 }),
    customers: fc.array(customerArb(maxDays), { minLength: opts.minCustomers ?? 4, maxLength: opts.maxCustomers ?? 40, size: 'max' }),
    strays: fc.array(
      fc.record({
        staff: fc.nat(10),
        day,
        sec,
        kind: fc.constantFrom<Raw['strays'][number]['kind']>('del_follow_user', 'del_external_contact', 'transfer_fail'),
        customer: fc.nat(40),
      }),
      { maxLength: 4 },
    ),
    extraOrders: fc.array(
      fc.record({
        day,
        sec,
        amount: fc.integer({ min: 100, max: 60_000 }),
        channel: channelPick(2),
        who: fc.constantFrom<'stray' | 'phone'>('stray', 'phone'),
      }),
      { maxLength: 5 },
    ),
    audit: fc.array(
      fc.record({
        staff: fc.nat(10),
        day,
        sec,
        type: fc.constantFrom<Raw['audit'][number]['type']>('red_packet', 'transfer', 'sensitive_word'),
        amount: fc.integer({ min: 1, max: 20_000 }),
        dup: dupArb,
      }),
      { maxLength: 30 },
    ),
    spend: fc.array(
      fc.record({ channel: fc.nat(5), day, amount: fc.integer({ min: 0, max: 300_000 }), overwrite: sometimes(fc.integer({ min: 0, max: 300_000 }), 4) }),
      { maxLength: 40 },
    ),
    // One slot per (day, staff member); null (about one in seven) = WeCom gave no data that day.
    behaviour: fc.array(
      fc.option(
        fc.record({
          chats: fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 30 }) }),
          extraMessages: fc.nat(60),
          pctHundredths: fc.integer({ min: 0, max: 10_000 }),
          avgMinutes: fc.integer({ min: 0, max: 240 }),
          noAvg: oneIn(10),
        }),
        { nil: null, freq: 7 },
      ),
      { minLength: maxDays * staffCount, maxLength: maxDays * staffCount },
    ),
    rfm: fc.record({
      recentDays: fc.integer({ min: 1, max: 30 }),
      frequentOrders: fc.integer({ min: 1, max: 4 }),
      monetaryFen: fc.integer({ min: 1_000, max: 100_000 }),
    }),
  });
  return raw.map((r) => build(r, staffCount));
}

// ---------------------------------------------------------------------------------------------------------------

interface Timed {
  ev: Omit<ScenarioEvent, 'key'>;
  deliverAt: number;
  dup: boolean;
  seq: number;
}

function build(r: Raw, staffCount: number): Scenario {
  const days = r.days;
  const startDay = addDays('2026-01-05', r.startOffset);
  const T0 = shanghaiMidnight(startDay);
  const T1 = T0 + days * DAY - 1;
  const dayStart = (d: number) => T0 + (d % days) * DAY;
  const dayIndexOf = (t: number) => Math.floor((t - T0) / DAY);
  const staff = Array.from({ length: staffCount }, (_, i) => ({ userId: `u${i + 1}`, department: i < Math.ceil(staffCount / 2) ? 1 : 2 }));
  const channels = Array.from({ length: r.channelCount }, (_, i) => ({ id: `c${i + 1}`, state: `st${i + 1}` }));
  const bursts = r.bursts.map((b) => dayStart(b.day) + b.sec).sort((a, b) => a - b);

  const timed: Timed[] = [];
  let seq = 0;
  const emit = (ev: Omit<ScenarioEvent, 'key'>, lag: number, dup: boolean): boolean => {
    if (ev.at < T0 || ev.at > T1) return false;
    timed.push({ ev, deliverAt: ev.at + lag, dup, seq: seq++ });
    return true;
  };
  // Seconds at which each follow has an event (messages avoid them: see the report on "open at that moment").
  const followSeconds = new Map<string, Set<number>>();
  const mark = (userId: string, ext: string, at: number) => {
    const k = `${userId}|${ext}`;
    if (!followSeconds.has(k)) followSeconds.set(k, new Set());
    followSeconds.get(k)!.add(at);
  };

  /**
   * One follow's periods from `first`, each after the previous one's deletion. Returns the seconds its periods
   * started and, if the last period is still open at the end, when it became active (null if pending).
   */
  function follow(userId: string, ext: string, first: number, plans: PeriodPlan[]): { starts: number[]; open: { activeSince: number | null } | null } {
    const starts: number[] = [];
    let t = first;
    let open: { activeSince: number | null } | null = null;
    for (const p of plans) {
      const state = p.channel === null ? undefined : channels[p.channel % channels.length]!.state;
      const withState = (ev: Omit<ScenarioEvent, 'key'>) => (state === undefined ? ev : { ...ev, state });
      let confirmAt = p.kind === 'half-confirmed' ? t + p.confirmDelay : null;
      const act = p.kind === 'add' ? t : (confirmAt ?? t);
      let endAt: number | null = null;
      if (p.end) {
        const startIdx = dayIndexOf(t);
        const after = p.end.after;
        if (after === 'same-second') endAt = act;
        else if (after === 'same-day') {
          const dayEnd = T0 + (dayIndexOf(act) + 1) * DAY - 1;
          endAt = act < dayEnd ? act + 1 + (p.end.sec % (dayEnd - act)) : act + 1;
        } else if (after === 'burst') endAt = bursts.find((b) => b > act) ?? act + 1 + (p.end.sec % 3600);
        else {
          const k = after === 'd1' ? 1 : after === 'd7' ? 7 : after === 'd8' ? 8 : p.end.laterDays;
          endAt = T0 + (startIdx + k) * DAY + p.end.sec;
          if (endAt <= t) endAt = t + 1;
        }
        // Deleted before the member confirmed: the confirmation never comes.
        if (confirmAt !== null && endAt < confirmAt) confirmAt = null;
      }
      const change = p.kind === 'add' ? 'add_external_contact' : 'add_half_external_contact';
      if (!emit(withState({ at: t, change, userId, externalUserId: ext }), p.lags[0]!, p.dups[0]!)) break;
      starts.push(t);
      mark(userId, ext, t);
      const confirmed =
        confirmAt !== null && emit(withState({ at: confirmAt, change: 'add_external_contact', userId, externalUserId: ext }), p.lags[1]!, p.dups[1]!);
      if (confirmed) mark(userId, ext, confirmAt!);
      const ended =
        endAt !== null &&
        emit({ at: endAt, change: p.end!.by === 'staff' ? 'del_external_contact' : 'del_follow_user', userId, externalUserId: ext }, p.lags[2]!, p.dups[2]!);
      if (!ended) {
        open = { activeSince: p.kind === 'add' ? t : confirmed ? confirmAt : null };
        break;
      }
      mark(userId, ext, endAt!);
      t = endAt! + p.reAddGap;
    }
    return { starts, open };
  }

  const orders: Scenario['orders'] = [];
  const reimports: Scenario['orders'] = [];
  const messages: Scenario['messages'] = [];
  const pendingMessages: Array<{ staff: string; customer: string; at: number; ms: number; fromCustomer: boolean }> = [];
  let orderSeq = 0;

  r.customers.forEach((c, i) => {
    const ext = `e${i + 1}`;
    const p = c.staff % staffCount;
    const primary = staff[p]!.userId;
    const first = c.start.burst !== null ? bursts[c.start.burst % bursts.length]! : dayStart(c.start.day) + c.start.sec;
    const main = follow(primary, ext, first, c.periods);
    let secondUser: string | null = null;
    if (c.second && staffCount > 1) {
      secondUser = staff[(p + 1 + (c.second.shift % (staffCount - 1))) % staffCount]!.userId;
      // A second member's follow never starts in the same second as one of the first member's periods, so
      // "the customer's first period" (docs/metrics.md#4-orders-and-attribution-订单归因) is never a tie.
      let at = dayStart(c.second.day) + c.second.sec;
      while (main.starts.includes(at)) at += 1;
      follow(secondUser, ext, at, [c.second.period]);
    }
    if (c.transfer && main.open && main.open.activeSince !== null) {
      // 在职继承: the takeover gets an add without State, the handover member a deletion, in the same second.
      const takeover = staff.find((s) => s.userId !== primary && s.userId !== secondUser);
      const at = main.open.activeSince + c.transfer.after;
      if (takeover && at <= T1) {
        emit({ at, change: 'add_external_contact', userId: takeover.userId, externalUserId: ext }, c.transfer.lag, false);
        emit({ at, change: 'del_external_contact', userId: primary, externalUserId: ext, source: 'DELETE_BY_TRANSFER' }, 0, false);
        mark(takeover.userId, ext, at);
        mark(primary, ext, at);
      }
    }
    for (const o of c.orders) {
      const orderId = `o${++orderSeq}`;
      const paidAt = dayStart(o.day) + o.sec;
      const channelId = o.channel === null ? undefined : channels[o.channel % channels.length]!.id;
      const who =
        o.ident === 'phone'
          ? { phone: `1390000${String(i + 1).padStart(4, '0')}` }
          : o.ident === 'both'
            ? { externalUserId: ext, phone: `1390000${String(i + 1).padStart(4, '0')}` }
            : { externalUserId: ext };
      orders.push({ orderId, ...who, amount: o.amount, paidAt, ...(channelId ? { channelId } : {}) });
      // The same order id imported again later with other data: ignored.
      if (o.reimport) reimports.push({ orderId, ...who, amount: o.reimport.amount, paidAt: dayStart(o.reimport.day) + o.sec });
    }
    for (const m of c.messages) {
      const candidates = [primary, secondUser ?? primary, staff[m.who % staffCount]!.userId];
      pendingMessages.push({
        staff: candidates[m.who % 3]!,
        customer: ext,
        at: dayStart(m.day) + m.sec,
        ms: m.ms,
        fromCustomer: m.fromCustomer || m.who % 3 === 2,
      });
    }
  });

  // Stray deletions of follows that never existed (customer ids nobody added) and transfer_fail events.
  for (const s of r.strays) {
    const userId = staff[s.staff % staffCount]!.userId;
    const ext = s.kind === 'transfer_fail' && r.customers.length > 0 ? `e${(s.customer % r.customers.length) + 1}` : `x${(s.customer % 3) + 1}`;
    emit({ at: dayStart(s.day) + s.sec, change: s.kind, userId, externalUserId: ext }, 0, false);
  }

  for (const o of r.extraOrders) {
    const channelId = o.channel === null ? undefined : channels[o.channel % channels.length]!.id;
    const who = o.who === 'stray' ? { externalUserId: `x${(o.sec % 3) + 1}` } : { phone: `1370000${String(o.sec % 10_000).padStart(4, '0')}` };
    orders.push({ orderId: `o${++orderSeq}`, ...who, amount: o.amount, paidAt: dayStart(o.day) + o.sec, ...(channelId ? { channelId } : {}) });
  }

  // Delivery order: by delivery time (event time + lag); a duplicate is delivered again a little later.
  const deliveries: Array<{ ev: ScenarioEvent; deliverAt: number; seq: number }> = [];
  timed.forEach((t, i) => {
    const key = `k${i + 1}`;
    deliveries.push({ ev: { key, ...t.ev }, deliverAt: t.deliverAt, seq: t.seq });
    if (t.dup) deliveries.push({ ev: { key, ...t.ev }, deliverAt: t.deliverAt + 5 + (t.seq % 300), seq: t.seq + 0.5 });
  });
  deliveries.sort((a, b) => a.deliverAt - b.deliverAt || a.seq - b.seq);

  // Messages never fall in a second in which their follow has an event (see the report).
  let msgSeq = 0;
  for (const m of pendingMessages.sort((a, b) => a.at - b.at || a.ms - b.ms)) {
    const taken = followSeconds.get(`${m.staff}|${m.customer}`) ?? new Set<number>();
    let at = m.at;
    while (taken.has(at)) at = at + 1 > T1 ? T0 + ((at + 7 - T0) % (T1 - T0)) : at + 1;
    messages.push({ id: `m${++msgSeq}`, atMs: at * 1000 + m.ms, staff: m.staff, customer: m.customer, fromCustomer: m.fromCustomer });
  }

  const audit: Scenario['audit'] = [];
  const auditDups: Scenario['audit'] = [];
  r.audit.forEach((a, i) => {
    const row = {
      key: `a${i + 1}`,
      at: dayStart(a.day) + a.sec,
      staff: staff[a.staff % staffCount]!.userId,
      type: a.type,
      ...(a.type === 'sensitive_word' ? {} : { amountFen: a.amount }),
    };
    audit.push(row);
    if (a.dup) auditDups.push({ ...row });
  });

  const spend: Scenario['spend'] = [];
  const overwrites: Scenario['spend'] = [];
  for (const s of r.spend) {
    const channelId = channels[s.channel % channels.length]!.id;
    const d = addDays(startDay, s.day % days);
    spend.push({ channelId, day: d, amount: s.amount });
    if (s.overwrite !== null) overwrites.push({ channelId, day: d, amount: s.overwrite });
  }

  const behaviour: Scenario['behaviour'] = {};
  staff.forEach((m, si) => {
    behaviour[m.userId] = {};
    for (let d = 0; d < days; d++) {
      const b = r.behaviour[d * staffCount + si];
      if (!b) continue;
      // WeCom gives reply_percentage and avg_reply_time only when there were chats.
      behaviour[m.userId]![addDays(startDay, d)] =
        b.chats === 0
          ? { chatCount: 0, messageCount: b.extraMessages }
          : {
              chatCount: b.chats,
              messageCount: b.chats + b.extraMessages,
              replyPercentage: b.pctHundredths / 100,
              ...(b.noAvg ? {} : { avgReplyMinutes: b.avgMinutes }),
            };
    }
  });

  return {
    corpId: `corp${r.startOffset}`,
    startDay,
    days,
    staff,
    channels,
    events: deliveries.map((d) => d.ev),
    messages,
    audit: [...audit, ...auditDups],
    orders: [...orders, ...reimports],
    spend: [...spend, ...overwrites],
    rfm: r.rfm,
    behaviour,
  };
}
