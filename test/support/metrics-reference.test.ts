// The reference model of docs/metrics.md on small hand-computed cases, and invariants over generated scenarios.
import fc from 'fast-check';
import { addDays, shanghaiMidnight } from '../../shared/events/time';
import {
  CHANNEL_ADDITIVE,
  STAFF_ADDITIVE,
  TENANT,
  UNATTRIBUTED,
  fen,
  monthDays,
  periodsOf,
  rate,
  referenceMetrics,
  transitionsOf,
  weekDays,
} from './metrics-reference';
import { type ChangeType, type Scenario, scenarioArb } from './metrics-scenario';

const D0 = '2026-03-02'; // a Monday
const day = (n: number) => addDays(D0, n);
const at = (n: number, hms = '10:00:00') => Date.parse(`${day(n)}T${hms}+08:00`) / 1000;

let seq = 0;
const ev = (n: number, hms: string, change: ChangeType, userId: string, externalUserId: string, state?: string): Scenario['events'][number] => ({
  key: `k${++seq}`,
  at: at(n, hms),
  change,
  userId,
  externalUserId,
  ...(state === undefined ? {} : { state }),
});
const HALF = 'add_half_external_contact';
const ADD = 'add_external_contact';
const BY_CUSTOMER = 'del_follow_user';
const BY_STAFF = 'del_external_contact';

function scenario(part: Partial<Scenario>): Scenario {
  return {
    corpId: 'corp1',
    startDay: D0,
    days: 45,
    staff: [
      { userId: 'u1', department: 1 },
      { userId: 'u2', department: 1 },
      { userId: 'u3', department: 2 },
    ],
    channels: [
      { id: 'c1', state: 'st1' },
      { id: 'c2', state: 'st2' },
    ],
    events: [],
    messages: [],
    audit: [],
    orders: [],
    spend: [],
    rfm: { recentDays: 7, frequentOrders: 2, monetaryFen: 10_000 },
    behaviour: {},
    ...part,
  };
}
const follow = (r: ReturnType<typeof referenceMetrics>, n: number, dim: string) => {
  const row = r.daily(day(n))[dim]!;
  const { newCustomers, unconfirmed, passRate, lostByStaff, lostByCustomer, netGrowth, totalCustomers } = row;
  return { newCustomers, unconfirmed, passRate, lostByStaff, lostByCustomer, netGrowth, totalCustomers };
};

describe('rounding (docs/metrics.md#1-basics-基本约定)', () => {
  it('rates have 6 decimals and are null over 0; fen rounds half away from zero', () => {
    expect(rate(2, 3)).toBe(0.666667);
    expect(rate(-17, 30)).toBe(-0.566667);
    expect(rate(1, 0)).toBeNull();
    expect(fen(1001, 2)).toBe(501);
    expect(fen(-1001, 2)).toBe(-501);
    expect(fen(13_001, 3)).toBe(4334);
    expect(fen(5, 0)).toBeNull();
  });
});

describe('follow transitions (docs/metrics.md#2-a-follows-life-关系的生命周期) and the follow figures (docs/metrics.md#3-daily-figures-每日指标)', () => {
  it('a half add and its confirmation are ONE new customer; unconfirmed and passRate as of each day', () => {
    const r = referenceMetrics(
      scenario({
        events: [
          ev(0, '09:00:00', HALF, 'u1', 'e1', 'st1'), // confirmed the same day
          ev(0, '09:30:00', ADD, 'u1', 'e1', 'st1'),
          ev(0, '10:00:00', HALF, 'u1', 'e2', 'st1'), // confirmed the next day
          ev(1, '08:00:00', ADD, 'u1', 'e2', 'st1'),
          ev(0, '11:00:00', HALF, 'u2', 'e3'), // never confirmed
          ev(0, '12:00:00', ADD, 'u2', 'e4', 'st2'), // a direct add
          ev(0, '13:00:00', HALF, 'u3', 'e5'), // deleted while pending: stays unconfirmed
          ev(0, '14:00:00', BY_CUSTOMER, 'u3', 'e5'),
        ],
      }),
    );
    expect(follow(r, 0, TENANT)).toEqual({
      newCustomers: 5,
      unconfirmed: 3,
      passRate: 0.4,
      lostByStaff: 0,
      lostByCustomer: 1,
      netGrowth: 4,
      totalCustomers: 4,
    });
    expect(follow(r, 0, 'channel#c1')).toEqual({
      newCustomers: 2,
      unconfirmed: 1,
      passRate: 0.5,
      lostByStaff: 0,
      lostByCustomer: 0,
      netGrowth: 2,
      totalCustomers: 2,
    });
    expect(follow(r, 0, UNATTRIBUTED)).toMatchObject({ newCustomers: 2, unconfirmed: 2, passRate: 0, totalCustomers: 1 });
    expect(follow(r, 0, 'staff#u2')).toMatchObject({ newCustomers: 2, unconfirmed: 1, totalCustomers: 2 });
    // The next day's confirmation is no new customer; nothing new: passRate null.
    expect(follow(r, 1, TENANT)).toEqual({
      newCustomers: 0,
      unconfirmed: 0,
      passRate: null,
      lostByStaff: 0,
      lostByCustomer: 0,
      netGrowth: 0,
      totalCustomers: 4,
    });
    expect(follow(r, 0, 'staff#u3')).toEqual({
      newCustomers: 1,
      unconfirmed: 1,
      passRate: 0,
      lostByStaff: 0,
      lostByCustomer: 1,
      netGrowth: 0,
      totalCustomers: 0,
    });
    expect(r.periods().map((p) => [p.externalUserId, p.start.change, p.confirm?.change ?? null])).toEqual([
      ['e1', HALF, ADD],
      ['e2', HALF, ADD],
      ['e3', HALF, null],
      ['e4', ADD, null],
      ['e5', HALF, null],
    ]);
  });

  it('a deletion in the same second as its add (delivered first) is one new and one lost', () => {
    const add = ev(2, '10:00:00', ADD, 'u1', 'e1', 'st1');
    const del = ev(2, '10:00:00', BY_CUSTOMER, 'u1', 'e1');
    const r = referenceMetrics(scenario({ events: [del, add] }));
    const expected = { newCustomers: 1, unconfirmed: 0, passRate: 1, lostByStaff: 0, lostByCustomer: 1, netGrowth: 0, totalCustomers: 0 };
    expect(follow(r, 2, TENANT)).toEqual(expected);
    expect(follow(r, 2, 'channel#c1')).toEqual(expected);
    expect(follow(r, 2, 'staff#u1')).toEqual(expected);
    expect(transitionsOf([del, add]).map((t) => t.kind)).toEqual(['new', 'lost']);
  });

  it('a re-add after a deletion is a second period, with its own channel', () => {
    const r = referenceMetrics(
      scenario({
        events: [
          ev(0, '10:00:00', ADD, 'u1', 'e1', 'st1'),
          ev(0, '12:00:00', BY_STAFF, 'u1', 'e1'),
          ev(0, '15:00:00', ADD, 'u1', 'e1', 'st2'),
          ev(3, '09:00:00', BY_CUSTOMER, 'u1', 'e1'),
        ],
      }),
    );
    expect(r.periods().map((p) => [p.channel, p.startDay, p.endDay])).toEqual([
      ['c1', day(0), day(0)],
      ['c2', day(0), day(3)],
    ]);
    expect(follow(r, 0, TENANT)).toMatchObject({ newCustomers: 2, lostByStaff: 1, netGrowth: 1, totalCustomers: 1 });
    expect(follow(r, 0, 'channel#c1')).toMatchObject({ newCustomers: 1, lostByStaff: 1, totalCustomers: 0 });
    expect(follow(r, 0, 'channel#c2')).toMatchObject({ newCustomers: 1, lostByStaff: 0, totalCustomers: 1 });
    expect(follow(r, 3, 'channel#c2')).toMatchObject({ lostByCustomer: 1, netGrowth: -1, totalCustomers: 0 });
  });

  it('a duplicate delivery (same key) counts once; a repeated add under another key changes nothing', () => {
    const add = ev(0, '10:00:00', ADD, 'u1', 'e1', 'st1');
    const events = [add, { ...add }, ev(0, '11:00:00', ADD, 'u1', 'e1', 'st2'), ev(0, '11:30:00', HALF, 'u1', 'e1')];
    expect(transitionsOf(events).map((t) => t.kind)).toEqual(['new', 'unchanged', 'unchanged']);
    const r = referenceMetrics(scenario({ events }));
    expect(follow(r, 0, TENANT)).toMatchObject({ newCustomers: 1, totalCustomers: 1 });
    expect(follow(r, 0, 'channel#c1')).toMatchObject({ newCustomers: 1, totalCustomers: 1 });
    expect(follow(r, 0, 'channel#c2')).toMatchObject({ newCustomers: 0, totalCustomers: 0 });
  });

  it('a deletion delivered before its add (a later day) counts on its own day', () => {
    const add = ev(0, '10:00:00', ADD, 'u1', 'e1');
    const del = ev(1, '10:00:00', BY_STAFF, 'u1', 'e1');
    const stray = ev(1, '11:00:00', BY_STAFF, 'u2', 'x1'); // a follow that never existed: harmless
    const r = referenceMetrics(scenario({ events: [del, stray, add] }));
    expect(follow(r, 0, TENANT)).toMatchObject({ newCustomers: 1, lostByStaff: 0, totalCustomers: 1 });
    expect(follow(r, 1, TENANT)).toMatchObject({ newCustomers: 0, lostByStaff: 1, netGrowth: -1, totalCustomers: 0 });
    expect(follow(r, 1, 'staff#u2')).toMatchObject({ lostByStaff: 0, totalCustomers: 0 });
  });

  it('a transfer is an add for the new member and a loss for the old one; transfer_fail changes nothing', () => {
    const events = [
      ev(0, '10:00:00', ADD, 'u1', 'e1', 'st1'),
      ev(2, '10:00:00', 'transfer_fail', 'u3', 'e1'),
      ev(3, '10:00:00', ADD, 'u2', 'e1'),
      ev(3, '10:00:00', BY_STAFF, 'u1', 'e1'),
    ];
    const r = referenceMetrics(scenario({ events, orders: [{ orderId: 'o1', externalUserId: 'e1', amount: 900, paidAt: at(5) }] }));
    expect(follow(r, 2, TENANT)).toMatchObject({ newCustomers: 0, lostByStaff: 0, totalCustomers: 1 });
    expect(follow(r, 3, TENANT)).toMatchObject({ newCustomers: 1, lostByStaff: 1, netGrowth: 0, totalCustomers: 1 });
    expect(follow(r, 3, 'staff#u1')).toMatchObject({ newCustomers: 0, lostByStaff: 1, totalCustomers: 0 });
    expect(follow(r, 3, 'staff#u2')).toMatchObject({ newCustomers: 1, lostByStaff: 0, totalCustomers: 1 });
    // The takeover's add has no State: that period is unattributed; the customer's first period stays c1.
    expect(follow(r, 3, 'channel#c1')).toMatchObject({ lostByStaff: 1, totalCustomers: 0 });
    expect(follow(r, 3, UNATTRIBUTED)).toMatchObject({ newCustomers: 1, totalCustomers: 1 });
    expect(r.daily(day(5))['channel#c1']).toMatchObject({ orders: 1, gmv: 900, payingCustomers: 1 });
  });

  it('a deletion WeCom marks DELETE_BY_TRANSFER is transferred out, not lost; the follow still ends', () => {
    const events = [
      ev(0, '10:00:00', ADD, 'u1', 'e1', 'st1'),
      ev(3, '10:00:00', ADD, 'u2', 'e1'),
      { ...ev(3, '10:00:00', BY_STAFF, 'u1', 'e1'), source: 'DELETE_BY_TRANSFER' as const },
    ];
    const r = referenceMetrics(scenario({ events }));
    expect(r.daily(day(3))[TENANT]).toMatchObject({ newCustomers: 1, lostByStaff: 0, transferredOut: 1, netGrowth: 0, totalCustomers: 1 });
    expect(r.daily(day(3))['staff#u1']).toMatchObject({ lostByStaff: 0, transferredOut: 1, netGrowth: -1, totalCustomers: 0 });
    expect(r.daily(day(3))['channel#c1']).toMatchObject({ lostByStaff: 0, transferredOut: 1, totalCustomers: 0 });
  });
});

describe('orders and attribution (docs/metrics.md#4-orders-and-attribution-订单归因)', () => {
  const events = [
    ev(1, '10:00:00', ADD, 'u1', 'e1', 'st1'),
    ev(1, '11:00:00', ADD, 'u1', 'e2'), // no channel
    ev(1, '12:00:00', ADD, 'u1', 'e3'), // first period unattributed …
    ev(2, '12:00:00', ADD, 'u2', 'e3', 'st1'), // … a later one with c1 does not change that
  ];
  const orders: Scenario['orders'] = [
    { orderId: 'o1', externalUserId: 'e1', amount: 1000, paidAt: at(3), channelId: 'c2' }, // names c2
    { orderId: 'o2', externalUserId: 'e1', amount: 2000, paidAt: at(3, '11:00:00') }, // e1's first period: c1
    { orderId: 'o3', externalUserId: 'e1', amount: 4000, paidAt: at(1, '09:59:59') }, // before any period: none
    { orderId: 'o4', externalUserId: 'e2', amount: 8000, paidAt: at(3) }, // period without channel: none
    { orderId: 'o5', phone: '13900000001', amount: 16_000, paidAt: at(3) }, // phone only, no channel
    { orderId: 'o6', phone: '13900000002', amount: 32_000, paidAt: at(3), channelId: 'c2' }, // phone only, c2
    { orderId: 'o7', externalUserId: 'e3', amount: 64_000, paidAt: at(3) }, // first period unattributed
    { orderId: 'o2', externalUserId: 'e1', amount: 99_999, paidAt: at(3) }, // duplicate id: ignored
  ];
  const r = referenceMetrics(scenario({ events, orders }));

  it('attributes each order by the one rule', () => {
    expect(Object.fromEntries(r.orders(day(3)).map((o) => [o.order.orderId, o.dim]))).toEqual({
      o1: 'channel#c2',
      o2: 'channel#c1',
      o3: UNATTRIBUTED,
      o4: UNATTRIBUTED,
      o5: UNATTRIBUTED,
      o6: 'channel#c2',
      o7: UNATTRIBUTED,
    });
  });

  it('counts orders, GMV and paying customers per row; phone-only orders are no paying customer', () => {
    const rows = r.daily(day(3));
    const money = (dim: string) => ({ orders: rows[dim]!.orders, gmv: rows[dim]!.gmv, payingCustomers: rows[dim]!.payingCustomers });
    expect(money(TENANT)).toEqual({ orders: 6, gmv: 1000 + 2000 + 8000 + 16_000 + 32_000 + 64_000, payingCustomers: 3 });
    expect(money('channel#c1')).toEqual({ orders: 1, gmv: 2000, payingCustomers: 1 });
    expect(money('channel#c2')).toEqual({ orders: 2, gmv: 33_000, payingCustomers: 1 });
    expect(money(UNATTRIBUTED)).toEqual({ orders: 3, gmv: 88_000, payingCustomers: 2 });
    expect(money('staff#u1')).toEqual({ orders: null, gmv: null, payingCustomers: null });
    expect(r.daily(day(1))[UNATTRIBUTED]).toMatchObject({ orders: 1, gmv: 4000, payingCustomers: 1 });
  });

  it('conversion and repurchase use the buyers of the row by the day end', () => {
    const rows = r.daily(day(3));
    // tenant: buyers e1, e2, e3 of 4 follows; e1 has 3 orders.
    expect(rows[TENANT]).toMatchObject({ totalCustomers: 4, conversionRate: 0.75, repurchaseRate: rate(1, 3) });
    // c1: e1 (o2) over 2 follows (e1, e3 via u2).
    expect(rows['channel#c1']).toMatchObject({ totalCustomers: 2, conversionRate: 0.5, repurchaseRate: 0 });
    // c2 has buyers but no follows.
    expect(rows['channel#c2']).toMatchObject({ totalCustomers: 0, conversionRate: null, repurchaseRate: 0 });
    // unattributed: e1 (o3), e2, e3 over e2 and e3's u1 follow.
    expect(rows[UNATTRIBUTED]).toMatchObject({ totalCustomers: 2, conversionRate: 1.5, repurchaseRate: 0 });
    expect(rows['staff#u1']).toMatchObject({ conversionRate: null, repurchaseRate: null });
  });

  it('channels + unattributed = tenant for the additive figures, and staff rows = tenant for the follow figures', () => {
    for (let n = 0; n < 5; n++) {
      const rows = r.daily(day(n));
      for (const f of CHANNEL_ADDITIVE)
        expect(['channel#c1', 'channel#c2', UNATTRIBUTED].reduce((sum, d) => sum + (rows[d]![f] ?? 0), 0)).toBe(rows[TENANT]![f]);
      for (const f of STAFF_ADDITIVE) expect(['staff#u1', 'staff#u2', 'staff#u3'].reduce((sum, d) => sum + rows[d]![f], 0)).toBe(rows[TENANT]![f]);
    }
  });
});

describe('totals, retention and cohorts (docs/metrics.md#3-daily-figures-每日指标, docs/metrics.md#5-cohorts-同期群)', () => {
  // Three c1 follows on day 0; one lost on day 7 (inside D7), one on day 8, one stays. Spend on day 0 is set twice.
  const events = [
    ev(0, '09:00:00', ADD, 'u1', 'e1', 'st1'),
    ev(0, '10:00:00', HALF, 'u2', 'e2', 'st1'),
    ev(0, '10:05:00', ADD, 'u2', 'e2', 'st1'),
    ev(0, '11:00:00', ADD, 'u3', 'e3', 'st1'),
    ev(7, '23:59:59', BY_CUSTOMER, 'u1', 'e1'),
    ev(8, '00:00:00', BY_STAFF, 'u2', 'e2'),
    ev(2, '10:00:00', ADD, 'u1', 'e4', 'st1'), // another day's cohort
  ];
  const orders: Scenario['orders'] = [
    { orderId: 'o1', externalUserId: 'e1', amount: 5000, paidAt: at(0, '09:30:00') },
    { orderId: 'o2', externalUserId: 'e1', amount: 7000, paidAt: at(10) },
    { orderId: 'o3', externalUserId: 'e1', amount: 9000, paidAt: at(31, '00:00:00') }, // after D30
    { orderId: 'o4', externalUserId: 'e2', amount: 1001, paidAt: at(30, '23:59:59') }, // last second of D30
    { orderId: 'o5', externalUserId: 'e3', amount: 3000, paidAt: at(4), channelId: 'c2' }, // another channel
    { orderId: 'o6', externalUserId: 'e4', amount: 500, paidAt: at(3) },
  ];
  const spend = [
    { channelId: 'c1', day: day(0), amount: 10_000 },
    { channelId: 'c2', day: day(0), amount: 777 },
    { channelId: 'c1', day: day(0), amount: 30_000 }, // overwrites
    { channelId: 'c1', day: day(2), amount: 2000 },
  ];
  const r = referenceMetrics(scenario({ events, orders, spend }));

  it('each total is the previous total plus the net growth', () => {
    let previous = { [TENANT]: 0, 'channel#c1': 0, 'staff#u2': 0 } as Record<string, number>;
    const totals: number[] = [];
    for (let n = 0; n < 10; n++) {
      const rows = r.daily(day(n));
      for (const dim of Object.keys(previous)) expect(rows[dim]!.totalCustomers).toBe(previous[dim]! + rows[dim]!.netGrowth);
      previous = Object.fromEntries(Object.keys(previous).map((d) => [d, rows[d]!.totalCustomers]));
      totals.push(rows[TENANT]!.totalCustomers);
    }
    expect(totals).toEqual([3, 3, 4, 4, 4, 4, 4, 3, 2, 2]);
  });

  it('D7 and D30 retention of the day-0 cohort', () => {
    expect(r.daily(day(7))['channel#c1']!.retentionD7).toBe(rate(2, 3)); // e1 lost on D7
    expect(r.daily(day(7))['staff#u1']!.retentionD7).toBe(0);
    expect(r.daily(day(8))['channel#c1']!.retentionD7).toBeNull(); // day 1 has no cohort
    expect(r.daily(day(9))['channel#c1']!.retentionD7).toBe(1); // day 2's cohort: e4
    expect(r.daily(day(30))[TENANT]!.retentionD30).toBe(rate(1, 3));
    const c = r.cohort('channel#c1', day(0), day(30));
    expect(c.retention).toEqual({ d1: 1, d7: rate(2, 3), d30: rate(1, 3), d60: null, d90: null, d180: null });
    expect(r.cohort('channel#c1', day(0), day(6)).retention.d7).toBeNull();
  });

  it('cohort revenue, LTV, CAC (overwritten spend), LTV/CAC and ROI at D30', () => {
    expect(r.cohort('channel#c1', day(0), day(29)).revenue.d30).toBeNull();
    const c = r.cohort('channel#c1', day(0), day(31));
    expect({ size: c.size, spend: c.spend, cac: c.cac }).toEqual({ size: 3, spend: 30_000, cac: 10_000 });
    expect(c.revenue).toMatchObject({ d1: 5000, d7: 5000, d30: 13_001 });
    expect(c.ltv.d30).toBe(4334); // 13 001 / 3 = 4333.67
    expect(c.ltvToCac.d30).toBe(0.433367); // 13 001 / 30 000
    expect(c.roi.d30).toBe(-0.566633); // (13 001 − 30 000) / 30 000
    // The daily row of day 30 carries the same D30 figures for the channel.
    expect(r.daily(day(30))['channel#c1']).toMatchObject({ spend: 0, cac: null, ltvD30: 4334, ltvToCacD30: 0.433367, roiD30: -0.566633 });
    // Day 0's D30 cohort is day −30: no periods, no spend.
    expect(r.daily(day(0))['channel#c1']).toMatchObject({ spend: 30_000, cac: 10_000, ltvD30: null, ltvToCacD30: null, roiD30: null });
    // Tenant cohort: every order of the day-0 customers, whatever the channel (o5 too); no spend.
    const t = r.cohort(TENANT, day(0), day(31));
    expect({ size: t.size, spend: t.spend, revenue: t.revenue.d30, ltv: t.ltv.d30, roi: t.roi.d30 }).toEqual({
      size: 3,
      spend: null,
      revenue: 16_001,
      ltv: 5334,
      roi: null,
    });
    // Staff cohorts have retention but no money.
    const s = r.cohort('staff#u1', day(0), day(31));
    expect({ size: s.size, retention: s.retention.d7, revenue: s.revenue.d30, spend: s.spend }).toEqual({ size: 1, retention: 0, revenue: null, spend: null });
  });

  it('a week cohort sums its days and is reached when its last day is', () => {
    const w = weekDays(D0);
    expect(r.cohort('channel#c1', w, day(12)).retention.d7).toBeNull(); // D7 of the last day (6) is day 13
    const c = r.cohort('channel#c1', w, day(13));
    expect({ size: c.size, spend: c.spend, cac: c.cac, d7: c.retention.d7 }).toEqual({ size: 4, spend: 32_000, cac: 8000, d7: 0.75 });
    expect(c.revenue.d7).toBe(5500); // o1 (e1, day 0) + o6 (e4, day 2 + 1)
    expect(c.roi.d7).toBe(rate(5500 - 32_000, 32_000));
    expect(weekDays(D0)[6]).toBe('2026-03-08');
    expect(monthDays('2026-02-14')).toHaveLength(28);
    expect(r.cohort('channel#c1', monthDays(D0), day(40)).size).toBe(4);
  });
});

describe('messages, audit and behaviour (docs/metrics.md#3-daily-figures-每日指标)', () => {
  it('active customers per row, interaction rate', () => {
    const events = [ev(0, '09:00:00', ADD, 'u1', 'e1', 'st1'), ev(0, '12:00:00', BY_CUSTOMER, 'u1', 'e1'), ev(0, '09:00:00', ADD, 'u2', 'e2')];
    const msg = (id: string, hms: string, staff: string, customer: string, fromCustomer = true) => ({
      id,
      atMs: at(0, hms) * 1000 + 250,
      staff,
      customer,
      fromCustomer,
    });
    const messages = [
      msg('m1', '10:00:00', 'u1', 'e1'), // c1 period open
      msg('m2', '13:00:00', 'u1', 'e1'), // after the deletion: unattributed
      msg('m3', '10:00:00', 'u2', 'e2', false), // staff wrote: not an active customer
      msg('m4', '11:00:00', 'u2', 'e1'), // to a member who does not follow e1: unattributed
    ];
    const rows = referenceMetrics(scenario({ events, messages })).daily(day(0));
    const active = (d: string) => [rows[d]!.activeCustomers, rows[d]!.interactionRate];
    expect(active(TENANT)).toEqual([1, 1]); // e1 of 1 remaining follow
    expect(active('channel#c1')).toEqual([1, null]);
    expect(active(UNATTRIBUTED)).toEqual([1, 1]);
    expect(active('staff#u1')).toEqual([1, null]);
    expect(active('staff#u2')).toEqual([1, 1]);
  });

  it('audit rows count once per key; behaviour is summed and weighted by chats, missing members are gaps', () => {
    const auditRow = { key: 'a1', at: at(0), staff: 'u1', type: 'red_packet' as const, amountFen: 888 };
    const audit = [
      auditRow,
      { ...auditRow },
      { key: 'a2', at: at(0), staff: 'u2', type: 'transfer' as const, amountFen: 5000 },
      { key: 'a3', at: at(0), staff: 'u2', type: 'sensitive_word' as const },
    ];
    const behaviour = {
      u1: { [day(0)]: { chatCount: 10, messageCount: 40, replyPercentage: 50, avgReplyMinutes: 4 } },
      u2: { [day(0)]: { chatCount: 30, messageCount: 35, replyPercentage: 100, avgReplyMinutes: 1 } },
    };
    const rows = referenceMetrics(scenario({ audit, behaviour })).daily(day(0));
    expect(rows[TENANT]).toMatchObject({
      redPacketCount: 1,
      redPacketAmount: 888,
      transferAmount: 5000,
      sensitiveHits: 1,
      contactedCustomers: 40,
      messagesSent: 75,
      replyRate: 0.875,
    });
    // Weighted by replied chats (5 and 30): (5·240 + 30·60) / 35 s, not the mean of 240 and 60.
    expect(rows[TENANT]!.avgReplySeconds).toBe(Math.round(3000 / 35));
    expect(rows[TENANT]!.gaps).toEqual([{ source: 'behaviour_data', staff: 'u3' }]);
    expect(rows['staff#u1']).toMatchObject({ redPacketCount: 1, transferAmount: 0, replyRate: 0.5, avgReplySeconds: 240, gaps: [] });
    expect(rows['staff#u3']).toMatchObject({ contactedCustomers: null, replyRate: null, gaps: [{ source: 'behaviour_data', staff: 'u3' }] });
    expect(rows['channel#c1']).toMatchObject({ redPacketCount: null, contactedCustomers: null, gaps: [] });
  });
});

describe('RFM (docs/metrics.md#6-rfm)', () => {
  const asOf = 20;
  const o = (orderId: string, externalUserId: string, n: number, amount: number) => ({ orderId, externalUserId, amount, paidAt: at(n, '23:59:59') });
  const orders = [
    o('o1', 'a', asOf - 6, 5000), // recentDays − 1 days before: R high
    o('o2', 'b', asOf - 7, 20_000), // recentDays days before: not R; M high
    o('o3', 'c', asOf - 1, 6000), // repeat buyer: R F M
    o('o4', 'c', asOf, 6000),
    o('o5', 'd', asOf, 5000),
    o('o5', 'd', asOf, 50_000), // duplicate id: ignored, so d is not M high
    o('o6', 'e', asOf + 1, 50_000), // after the day: not yet a customer
    o('o7', 'f', asOf - 20, 1000),
    o('o8', 'f', asOf - 19, 1000), // F only
    { orderId: 'o9', phone: '13900000009', amount: 90_000, paidAt: at(asOf) }, // no customer
  ];
  it('classes customers with the window boundaries, frequency and money', () => {
    const r = referenceMetrics(scenario({ orders }));
    expect(r.rfm(day(asOf))).toEqual({ a: 'F', b: 'D', c: 'A', d: 'F', f: 'G' });
    expect(r.rfm(day(asOf + 1))).toMatchObject({ a: 'H', c: 'A', e: 'B' });
    expect(r.rfm(day(asOf), { recentDays: 1, frequentOrders: 1, monetaryFen: 1 })).toMatchObject({ a: 'C', c: 'A', d: 'A' });
    // The tenant row counts the duplicate order id once too.
    expect(r.daily(day(asOf))[TENANT]).toMatchObject({ orders: 3, gmv: 6000 + 5000 + 90_000 });
  });
});

describe('generated scenarios', () => {
  const sample = fc.sample(scenarioArb(), { numRuns: 40, seed: 20260302 });

  it('are varied the way the brief asks', () => {
    const has = (f: (s: Scenario) => boolean) => sample.filter(f).length;
    const keysTwice = (s: Scenario) => new Set(s.events.map((e) => e.key)).size < s.events.length;
    const delBeforeAdd = (s: Scenario) =>
      s.events.some(
        (d, i) =>
          d.change.startsWith('del') &&
          s.events.slice(i + 1).some((a) => a.change === ADD && a.userId === d.userId && a.externalUserId === d.externalUserId && a.at <= d.at),
      );
    const sameSecondAddDel = (s: Scenario) =>
      s.events.some(
        (d) => d.change.startsWith('del') && s.events.some((a) => a.change.startsWith('add') && a.at === d.at && a.externalUserId === d.externalUserId),
      );
    const burst = (s: Scenario) =>
      s.events.some((a) =>
        s.events.some((b) => a.change.startsWith('add') && b.change.startsWith('add') && a.at === b.at && a.externalUserId !== b.externalUserId),
      );
    const confirmedLater = (s: Scenario) => periodsOf(s.events, s.channels).some((p) => p.confirm && p.confirm.at - p.start.at > 3600);
    const neverConfirmed = (s: Scenario) => periodsOf(s.events, s.channels).some((p) => p.start.change === HALF && !p.confirm);
    const reAdd = (s: Scenario) => {
      const ps = periodsOf(s.events, s.channels);
      return ps.some((p) => ps.some((q) => q !== p && q.userId === p.userId && q.externalUserId === p.externalUserId));
    };
    const twoStaff = (s: Scenario) =>
      periodsOf(s.events, s.channels).some((p, _, ps) => ps.some((q) => q.externalUserId === p.externalUserId && q.userId !== p.userId));
    const transfer = (s: Scenario) =>
      s.events.some(
        (a) =>
          a.change === ADD &&
          !a.state &&
          s.events.some((d) => d.change === BY_STAFF && d.at === a.at && d.externalUserId === a.externalUserId && d.userId !== a.userId),
      );
    const orderIdTwice = (s: Scenario) => new Set(s.orders.map((o) => o.orderId)).size < s.orders.length;
    const phoneOnly = (s: Scenario) => s.orders.some((o) => !o.externalUserId);
    const overwrite = (s: Scenario) => new Set(s.spend.map((e) => `${e.channelId}|${e.day}`)).size < s.spend.length;
    const missingBehaviour = (s: Scenario) => s.staff.some((m) => Object.keys(s.behaviour[m.userId] ?? {}).length < s.days);
    for (const [name, f] of Object.entries({
      keysTwice,
      delBeforeAdd,
      sameSecondAddDel,
      burst,
      confirmedLater,
      neverConfirmed,
      reAdd,
      twoStaff,
      transfer,
      orderIdTwice,
      phoneOnly,
      overwrite,
      missingBehaviour,
    })) {
      expect({ name, enough: has(f) >= 4 }).toEqual({ name, enough: true });
    }
    for (const s of sample) {
      const first = shanghaiMidnight(s.startDay);
      const last = first + s.days * 86_400 - 1;
      const times = [
        ...s.events.map((e) => e.at),
        ...s.messages.map((m) => Math.floor(m.atMs / 1000)),
        ...s.audit.map((a) => a.at),
        ...s.orders.map((o) => o.paidAt),
      ];
      expect(times.every((t) => t >= first && t <= last)).toBe(true);
      expect(s.days).toBeGreaterThanOrEqual(21);
      expect(s.days).toBeLessThanOrEqual(45);
    }
  });

  it('keep the invariants of docs/metrics.md#3-daily-figures-每日指标 and docs/metrics.md#7-checks-on-every-run-每次运行的自检 on every day', () => {
    fc.assert(
      fc.property(scenarioArb({ maxDays: 28, maxCustomers: 25 }), (s) => {
        const r = referenceMetrics(s);
        const channelDims = [...s.channels.map((c) => `channel#${c.id}`), UNATTRIBUTED];
        const staffDims = s.staff.map((m) => `staff#${m.userId}`);
        let previous: Record<string, number> | null = null;
        for (const d of r.days()) {
          const rows = r.daily(d);
          for (const f of CHANNEL_ADDITIVE) expect([f, channelDims.reduce((n, dim) => n + (rows[dim]![f] ?? 0), 0)]).toEqual([f, rows[TENANT]![f]]);
          for (const f of STAFF_ADDITIVE) expect([f, staffDims.reduce((n, dim) => n + rows[dim]![f], 0)]).toEqual([f, rows[TENANT]![f]]);
          for (const [dim, row] of Object.entries(rows)) {
            expect([dim, row.totalCustomers]).toEqual([dim, (previous?.[dim] ?? 0) + row.netGrowth]);
            expect(row.totalCustomers).toBeGreaterThanOrEqual(0);
            expect(row.unconfirmed).toBeLessThanOrEqual(row.newCustomers);
            for (const x of [row.passRate, row.retentionD7, row.retentionD30, row.repurchaseRate, row.replyRate])
              if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
          }
          previous = Object.fromEntries(Object.entries(rows).map(([dim, row]) => [dim, row.totalCustomers]));
        }
        // The last total is the number of follows active or pending after replaying every event.
        const finalState = new Map<string, string>();
        for (const t of transitionsOf(s.events)) finalState.set(`${t.event.userId}|${t.event.externalUserId}`, t.after);
        const open = [...finalState.values()].filter((x) => x === 'active' || x === 'pending').length;
        expect(previous![TENANT]).toBe(open);
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
