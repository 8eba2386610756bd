// The inheritance planner (transfer.ts): refused items with reasons, round-robin successors, ≤100 ids per call,
// the 90-natural-day window over ledger months, WeCom's result statuses.
import type { LedgerMonth } from './quota';
import { callsOf, countIn90Days, monthsOfNinetyDays, planTransfer, resultOf, transferStatusOf, type PlanInput } from './transfer';

const base: PlanInput = {
  kind: 'onjob',
  from: 'zhangsan',
  to: ['lisi'],
  customers: [],
  groups: [],
  followed: new Set(),
  owned: new Set(),
  customerCount90: () => 0,
  groupCount90: () => 0,
  ownerGroupsToday: 0,
};

describe('planTransfer', () => {
  it('refuses a customer the source does not follow (not_followed) and a third on-job transfer in 90 days (limit_90_days)', () => {
    const items = planTransfer({
      ...base,
      customers: ['c1', 'c2', 'c3'],
      followed: new Set(['c1', 'c3']),
      customerCount90: (id) => (id === 'c3' ? 2 : 1),
    });
    expect(items).toEqual([
      { target: 'customer', id: 'c1', to: 'lisi', status: 'pending' },
      { target: 'customer', id: 'c2', to: '', status: 'refused', reason: 'not_followed' },
      { target: 'customer', id: 'c3', to: '', status: 'refused', reason: 'limit_90_days' },
    ]);
  });

  it('has no 90-day limit for a resigned member', () => {
    const items = planTransfer({ ...base, kind: 'resigned', customers: ['c1'], followed: new Set(['c1']), customerCount90: () => 5 });
    expect(items[0]).toMatchObject({ status: 'pending' });
  });

  it('spreads accepted customers and groups round-robin over the successors', () => {
    const items = planTransfer({
      ...base,
      to: ['a', 'b'],
      customers: ['c1', 'c2', 'c3'],
      followed: new Set(['c1', 'c2', 'c3']),
      groups: ['g1', 'g2'],
      owned: new Set(['g1', 'g2']),
    });
    expect(items.map((i) => `${i.id}>${i.to}`)).toEqual(['c1>a', 'c2>b', 'c3>a', 'g1>a', 'g2>b']);
  });

  it('refuses groups not owned, over the owner’s 300 per day, or transferred twice on the job in 90 days', () => {
    const items = planTransfer({
      ...base,
      groups: ['g1', 'g2', 'g3', 'g4'],
      owned: new Set(['g2', 'g3', 'g4']),
      groupCount90: (id) => (id === 'g2' ? 2 : 0),
      ownerGroupsToday: 299,
    });
    expect(items.map((i) => [i.id, i.status, i.reason])).toEqual([
      ['g1', 'refused', 'group_not_owned'],
      ['g2', 'refused', 'group_limit_90_days'],
      ['g3', 'pending', undefined],
      ['g4', 'refused', 'group_daily_limit'],
    ]);
  });
});

describe('callsOf', () => {
  it('splits pending items into calls of at most 100 ids per target and successor', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `c${i}`);
    const items = planTransfer({ ...base, customers: ids, followed: new Set(ids) });
    expect(callsOf(items).map((c) => c.ids.length)).toEqual([100, 100, 50]);
  });
});

describe('90 natural days', () => {
  it('counts the days from day-89 to day, across months', () => {
    expect(monthsOfNinetyDays('2026-03-10')).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    const months: LedgerMonth[] = [
      { month: '2025-12', total: 2, days: { 10: 1, 11: 1 }, sends: new Set<string>() },
      { month: '2026-03', total: 1, days: { 10: 1 }, sends: new Set<string>() },
    ];
    // 2025-12-10 is day-90 (outside), 2025-12-11 day-89 (inside).
    expect(countIn90Days('2026-03-10', months)).toBe(2);
  });
});

describe('results', () => {
  it('maps WeCom statuses 1–5 and derives the transfer status', () => {
    expect([1, 2, 3, 4, 5].map(resultOf)).toEqual([
      { status: 'done' },
      { status: 'waiting' },
      { status: 'failed', reason: 'customer_refused' },
      { status: 'failed', reason: 'customer_limit_exceed' },
      { status: 'failed', reason: 'no_transfer_record' },
    ]);
    expect(transferStatusOf([{ target: 'customer', id: 'a', to: '', status: 'refused' }])).toBe('done');
    expect(transferStatusOf([{ target: 'customer', id: 'a', to: 'b', status: 'pending' }])).toBe('pending');
    expect(transferStatusOf([{ target: 'customer', id: 'a', to: 'b', status: 'waiting' }])).toBe('running');
  });
});
