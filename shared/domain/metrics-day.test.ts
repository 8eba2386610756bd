// The day's arithmetic (docs/metrics.md) on hand-made facts: the defects an independent check found in the
// rollup, one test each, and the invariants every run checks.
import { encodeFollowEvent, decodeFollowEvent, type FollowEvent } from './follow-periods';
import { cohortContributions, dayFacts, dayRows, nextStocks, violations, type DayInput, type DayOrder } from './metrics-day';
import { cohortView, type DailyMetrics, type Stocks } from './metrics';
import type { FollowView } from './relationship';
import { shanghaiMidnight } from '../events/time';

const D = '2026-11-10';
const T = shanghaiMidnight(D);
const ev = (at: number, rank: 1 | 2 | 3 | 4, state?: string): FollowEvent =>
  decodeFollowEvent(encodeFollowEvent({ at, rank, key: `k${at}-${rank}`, ...(state ? { state } : {}) }))!;
const follow = (userId: string, externalUserId: string, history: FollowEvent[]): FollowView => ({
  userId,
  externalUserId,
  status: 'active',
  state: null,
  addedAt: null,
  changedAt: 0,
  tags: [],
  remark: null,
  history,
});
const channels = new Map([
  ['st-a', 'A'],
  ['st-b', 'B'],
]);

function input(o: Partial<DayInput> & { follows?: Map<string, FollowView[]> }): DayInput {
  const follows = o.follows ?? new Map();
  return {
    day: D,
    channelOfState: channels,
    touched: o.touched ?? new Set(follows.keys()),
    follows,
    messages: [],
    audit: [],
    orders: [],
    ordersOfBuyers: new Map(),
    spend: new Map(),
    ...o,
  };
}
const rowsOf = (i: DayInput, previous: Stocks = {}) => {
  const facts = dayFacts(i);
  return dayRows({
    day: D,
    facts,
    stocks: nextStocks(previous, facts.flows),
    channels: ['A', 'B'],
    staff: ['u1', 'u2'],
    kpis: new Map(),
    spend: i.spend,
    cohorts: new Map(),
    gaps: [],
  });
};
const row = (rows: DailyMetrics[], dim: string) => rows.find((r) => r.dimension === dim)!;

describe('one day of metrics', () => {
  it('counts a half add and its confirmation as one new customer (it counted two)', () => {
    const rows = rowsOf(input({ follows: new Map([['c1', [follow('u1', 'c1', [ev(T + 100, 1, 'st-a'), ev(T + 900, 2, 'st-a')])]]]) }));
    expect(row(rows, 'tenant')).toMatchObject({ newCustomers: 1, unconfirmed: 0, passRate: 1, totalCustomers: 1 });
    expect(row(rows, 'channel#A')).toMatchObject({ newCustomers: 1, totalCustomers: 1 });
  });

  it('leaves a half add unconfirmed when the confirmation comes on a later day', () => {
    const rows = rowsOf(input({ follows: new Map([['c1', [follow('u1', 'c1', [ev(T + 100, 1, 'st-a'), ev(T + 90_000, 2, 'st-a')])]]]) }));
    expect(row(rows, 'tenant')).toMatchObject({ newCustomers: 1, unconfirmed: 1, passRate: 0 });
  });

  it('gives channel and staff rows their totals, interaction and (channels) conversion (they were null)', () => {
    const i = input({
      follows: new Map([
        ['c1', [follow('u1', 'c1', [ev(T + 100, 2, 'st-a')])]],
        ['c2', [follow('u2', 'c2', [ev(T + 200, 2, 'st-b')])]],
      ]),
      messages: [{ atMs: (T + 300) * 1000, staff: 'u1', customer: 'c1', fromCustomer: true }],
      orders: [{ orderId: 'o1', externalUserId: 'c1', amount: 500, paidAt: T + 400, channelId: null }],
      ordersOfBuyers: new Map([['c1', [{ orderId: 'o1', externalUserId: 'c1', amount: 500, paidAt: T + 400, channelId: null }]]]),
    });
    const rows = rowsOf(i);
    expect(row(rows, 'channel#A')).toMatchObject({ totalCustomers: 1, activeCustomers: 1, interactionRate: 1, conversionRate: 1, repurchaseRate: 0 });
    expect(row(rows, 'channel#B')).toMatchObject({ totalCustomers: 1, activeCustomers: 0, interactionRate: 0, conversionRate: 0 });
    expect(row(rows, 'staff#u1')).toMatchObject({ totalCustomers: 1, interactionRate: 1, conversionRate: null, orders: null });
  });

  it('attributes every order figure by one rule, and channels + unattributed = tenant (GMV did not add up)', () => {
    // c1 came through B; their order names A. c9 is phone-only.
    const o1: DayOrder = { orderId: 'o1', externalUserId: 'c1', amount: 1_000, paidAt: T + 500, channelId: 'A' };
    const o2: DayOrder = { orderId: 'o2', externalUserId: null, amount: 700, paidAt: T + 600, channelId: null };
    const rows = rowsOf(
      input({
        follows: new Map([['c1', [follow('u1', 'c1', [ev(T - 86_400 * 3, 2, 'st-b')])]]]),
        touched: new Set(),
        orders: [o1, o2],
        ordersOfBuyers: new Map([['c1', [o1]]]),
      }),
      {
        tenant: { customers: 1, payers: 0, repeaters: 0 },
        'staff#u1': { customers: 1, payers: 0, repeaters: 0 },
        'channel#B': { customers: 1, payers: 0, repeaters: 0 },
      },
    );
    expect(row(rows, 'channel#A')).toMatchObject({ gmv: 1_000, orders: 1, payingCustomers: 1, conversionRate: null });
    expect(row(rows, 'channel#B')).toMatchObject({ gmv: 0, payingCustomers: 0, conversionRate: 0 });
    expect(row(rows, 'channel#unattributed')).toMatchObject({ gmv: 700, orders: 1, payingCustomers: 0 });
    expect(row(rows, 'tenant')).toMatchObject({ gmv: 1_700, orders: 2, payingCustomers: 1, conversionRate: 1 });
    expect(
      violations(rows, {
        tenant: { customers: 1, payers: 0, repeaters: 0 },
        'staff#u1': { customers: 1, payers: 0, repeaters: 0 },
        'channel#B': { customers: 1, payers: 0, repeaters: 0 },
      }),
    ).toEqual([]);
  });

  it('makes a customer a payer on the day of their first order, whatever was imported later (conversion moved on re-runs)', () => {
    const first: DayOrder = { orderId: 'o1', externalUserId: 'c1', amount: 100, paidAt: T - 86_400, channelId: null };
    const today: DayOrder = { orderId: 'o2', externalUserId: 'c1', amount: 100, paidAt: T + 10, channelId: null };
    const later: DayOrder = { orderId: 'o3', externalUserId: 'c1', amount: 100, paidAt: T + 86_400 * 5, channelId: null };
    const facts = dayFacts(
      input({
        follows: new Map([['c1', [follow('u1', 'c1', [ev(T - 86_400 * 2, 2)])]]]),
        touched: new Set(),
        orders: [today],
        ordersOfBuyers: new Map([['c1', [first, today, later]]]),
      }),
    );
    // c1 became a payer yesterday; today they become a repeater; the order of day +5 changes nothing today.
    expect(facts.flows.get('tenant')).toEqual({ customers: 0, payers: 0, repeaters: 1 });
  });

  it('reports a broken sum instead of writing silently', () => {
    const rows = rowsOf(input({ follows: new Map([['c1', [follow('u1', 'c1', [ev(T + 100, 2, 'st-a')])]]]) }));
    const broken = rows.map((r) => (r.dimension === 'channel#A' ? { ...r, newCustomers: 2 } : r));
    expect(violations(broken, {})).toEqual(expect.arrayContaining([expect.stringMatching(/^newCustomers: channels \+ unattributed = 2, tenant = 1/)]));
    expect(violations(rows, {})).toEqual([]);
  });

  it('computes a cohort from its own customers: retention, revenue, LTV/CAC and a true ROI', () => {
    const c = cohortContributions({
      cohortDay: D,
      asOf: '2026-12-10',
      channelOfState: channels,
      touched: new Set(['c1', 'c2']),
      follows: new Map([
        ['c1', [follow('u1', 'c1', [ev(T + 100, 2, 'st-a')])]],
        ['c2', [follow('u1', 'c2', [ev(T + 200, 2, 'st-a'), ev(T + 86_400 * 3, 4)])]],
      ]),
      // c1 paid 3,000 on D+2 and 9,000 on D+40 (after D30); an order before the add is in no cohort.
      ordersOf: new Map([
        [
          'c1',
          [
            { orderId: 'o0', externalUserId: 'c1', amount: 50, paidAt: T + 50, channelId: null },
            { orderId: 'o1', externalUserId: 'c1', amount: 3_000, paidAt: T + 86_400 * 2, channelId: null },
            { orderId: 'o2', externalUserId: 'c1', amount: 9_000, paidAt: T + 86_400 * 40, channelId: null },
          ],
        ],
      ]),
      spend: new Map([['A', 2_000]]),
    });
    const v = cohortView([D], c.get('channel#A')!, '2026-12-10', 30);
    expect(v).toMatchObject({ size: 2, spend: 2_000, cac: 1_000, retention: 0.5, ltv: { d30: 1_500 }, ltvToCac: { d30: 1.5 }, roi: { d30: 0.5 } });
    expect(cohortView([D], c.get('staff#u1')!, '2026-12-10', 7).retention).toBe(0.5);
  });

  it('a transfer is transferred out of the handover member and in to the takeover, never a staff deletion (lost)', () => {
    const moved: FollowEvent = { ...ev(T + 600, 4), transfer: true };
    const follows = new Map([['c1', [follow('u1', 'c1', [ev(T - 86_400, 2, 'st-a'), moved]), follow('u2', 'c1', [ev(T + 600, 2)])]]]);
    const audit = [
      {
        corpId: 'w',
        eventKey: 'transfer#t1#customer#c1',
        type: 'customer_transferred' as const,
        at: T + 600,
        staff: 'u2',
        customer: 'c1',
        detail: { handover: 'u1' },
        alert: false,
      },
    ];
    const before: Stocks = {
      tenant: { customers: 1, payers: 0, repeaters: 0 },
      'staff#u1': { customers: 1, payers: 0, repeaters: 0 },
      'channel#A': { customers: 1, payers: 0, repeaters: 0 },
    };
    const rows = rowsOf(input({ follows, audit }), before);
    expect(row(rows, 'staff#u1')).toMatchObject({ lostByStaff: 0, transferredOut: 1, transferredIn: 0, netGrowth: -1, totalCustomers: 0 });
    expect(row(rows, 'staff#u2')).toMatchObject({ newCustomers: 1, lostByStaff: 0, transferredOut: 0, transferredIn: 1, netGrowth: 1, totalCustomers: 1 });
    expect(row(rows, 'tenant')).toMatchObject({ newCustomers: 1, lostByStaff: 0, transferredOut: 1, transferredIn: 1, netGrowth: 0, totalCustomers: 1 });
    expect(row(rows, 'channel#A')).toMatchObject({ lostByStaff: 0, transferredOut: 1, transferredIn: null, netGrowth: -1 });
    expect(violations(rows, before)).toEqual([]);
  });

  it('broadcast tasks count on the acceptance day, completion and reach on each member’s send day, from the stored delivery', () => {
    const broadcasts = [
      // Accepted two days before D: u1 sent on D (reaching 3), u2 the day before (not D's), u3 never.
      {
        target: 'customers' as const,
        acceptedAt: T - 2 * 86_400,
        staff: [
          { userid: 'u1', sent: true, sendTime: T + 3_600, reached: 3 },
          { userid: 'u2', sent: true, sendTime: T - 3_600, reached: 5 },
          { userid: 'u3', sent: false, reached: 0 },
        ],
      },
      // Accepted on D: two members asked; u2 sent on D; a group broadcast reaches chats, not customers.
      {
        target: 'groups' as const,
        acceptedAt: T + 600,
        staff: [
          { userid: 'u1', sent: false },
          { userid: 'u2', sent: true, sendTime: T + 86_399, reached: 4 },
        ],
      },
      // Accepted on D, u1 sent just after D's end: its send is the next day's.
      { target: 'customers' as const, acceptedAt: T + 7_200, staff: [{ userid: 'u1', sent: true, sendTime: T + 86_400, reached: 2 }] },
    ];
    const rows = rowsOf(input({ broadcasts }));
    expect(row(rows, 'staff#u1')).toMatchObject({ broadcastTasks: 2, broadcastTasksDone: 1, broadcastReached: 3 });
    expect(row(rows, 'staff#u2')).toMatchObject({ broadcastTasks: 1, broadcastTasksDone: 1, broadcastReached: 0 });
    expect(row(rows, 'tenant')).toMatchObject({ broadcastTasks: 3, broadcastTasksDone: 2, broadcastReached: 3 });
    expect(row(rows, 'channel#A')).toMatchObject({ broadcastTasks: null, broadcastTasksDone: null, broadcastReached: null });
    // The next day counts u1's late send and nothing twice.
    const next = dayFacts({ ...input({ broadcasts }), day: '2026-11-11' }).counters.get('tenant')!;
    expect(next).toMatchObject({ broadcastTasks: 0, broadcastTasksDone: 1, broadcastReached: 2 });
  });

  it('a member WeCom marks sent without a send time is done on the acceptance day', () => {
    const broadcasts = [{ target: 'customers' as const, acceptedAt: T + 60, staff: [{ userid: 'u1', sent: true, reached: 1 }] }];
    expect(row(rowsOf(input({ broadcasts })), 'staff#u1')).toMatchObject({ broadcastTasks: 1, broadcastTasksDone: 1, broadcastReached: 1 });
  });
});
