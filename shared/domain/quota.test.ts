import fc from 'fast-check';
import { countsOn, isoWeekDaysUpTo, ledgerMonthsFor, limitsOn, monthlyCap, planMassMessage, reserveCaps, WECOM_LIMITS } from './quota';

const none = { month: 0, week: 0, day: 0 };

describe('WeCom limits as dated configuration', () => {
  it('uses the row in force on the day', () => {
    expect(limitsOn('2022-06-01').massMessagesPerRecipientPerMonth).toBe(4);
    expect(limitsOn('2026-11-23').massMessagesPerRecipientPerMonth).toBe('days-in-month');
    expect(() => limitsOn('2010-01-01')).toThrow();
    expect(WECOM_LIMITS.map((l) => l.since)).toEqual([...WECOM_LIMITS.map((l) => l.since)].sort());
  });

  it('the monthly cap is the days of that month', () => {
    expect(monthlyCap('2026-02-10')).toBe(28);
    expect(monthlyCap('2028-02-10')).toBe(29);
    expect(monthlyCap('2026-11-23')).toBe(30);
    expect(monthlyCap('2026-12-01')).toBe(31);
  });
});

describe('planMassMessage', () => {
  it('uses ⌈N/10,000⌉ calls for N customers and never passes a cap; blocked ones are reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 35_000 }), fc.integer({ min: 0, max: 200 }), (n, nearCap) => {
        const recipients = Array.from({ length: n }, (_, i) => i);
        const plan = planMassMessage({
          day: '2026-11-23',
          kind: 'customers',
          recipients,
          countsOf: (r) => (r < nearCap ? { month: 30, week: 0, day: 0 } : { month: 29, week: 0, day: 0 }),
        });
        const sent = plan.batches.flat();
        const capped = Math.min(n, nearCap);
        return (
          plan.batches.length === Math.ceil((n - capped) / 10_000) &&
          plan.batches.every((b) => b.length <= 10_000 && b.length > 0) &&
          sent.length === n - capped &&
          plan.blocked.length === capped &&
          plan.blocked.every((b) => b.reason === 'monthly_cap' && b.recipient < nearCap)
        );
      }),
      { numRuns: 50 },
    );
  });

  it("applies the tenant's tighter weekly and daily settings, and groups' own per-call limit", () => {
    const plan = planMassMessage({
      day: '2026-11-23',
      kind: 'groups',
      recipients: ['a', 'b', 'c', 'a'],
      countsOf: (r) => ({ a: none, b: { month: 3, week: 1, day: 1 }, c: { month: 7, week: 7, day: 0 } })[r]!,
      tenant: { massMessagesPerRecipientPerWeek: 7, massMessagesPerRecipientPerDay: 1 },
    });
    expect(plan).toEqual({
      batches: [['a']],
      blocked: [
        { recipient: 'b', reason: 'daily_cap' },
        { recipient: 'c', reason: 'weekly_cap' },
      ],
    });
    const many = planMassMessage({ day: '2026-11-23', kind: 'groups', recipients: Array.from({ length: 4500 }, (_, i) => i), countsOf: () => none });
    expect(many.batches.map((b) => b.length)).toEqual([2000, 2000, 500]);
  });
});

describe('ledger arithmetic', () => {
  const month = (m: string, days: Record<number, number>) => ({
    month: m,
    total: Object.values(days).reduce((a, b) => a + b, 0),
    days,
    sends: new Set<string>(),
  });

  it('an ISO week runs Monday to the day, across a month edge', () => {
    expect(isoWeekDaysUpTo('2026-11-23')).toEqual(['2026-11-23']); // a Monday
    expect(isoWeekDaysUpTo('2026-12-02')).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
    expect(ledgerMonthsFor('2026-12-02')).toEqual(['2026-11', '2026-12']);
    expect(ledgerMonthsFor('2026-11-25')).toEqual(['2026-11']);
  });

  it('counts a month, the ISO week so far and the day from stored months', () => {
    const months = [month('2026-11', { 29: 1, 30: 2, 12: 4 }), month('2026-12', { 1: 1, 2: 3 })];
    expect(countsOn('2026-12-02', months)).toEqual({ month: 4, week: 6, day: 3 });
    expect(countsOn('2026-11-30', months)).toEqual({ month: 7, week: 2, day: 2 });
    expect(countsOn('2026-12-07', months)).toEqual({ month: 4, week: 0, day: 0 });
    expect(countsOn('2026-12-02', [])).toEqual({ month: 0, week: 0, day: 0 });
  });

  it("reserve caps: the month's days, and the tenant's daily setting", () => {
    expect(reserveCaps('2026-02-10')).toEqual({ month: 28, day: undefined });
    expect(reserveCaps('2022-02-10', { massMessagesPerRecipientPerDay: 1 })).toEqual({ month: 4, day: 1 });
  });
});
