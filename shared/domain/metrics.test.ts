import { addBehaviour, cohortView, dailyMetrics, emptyCounters, emptyKpis, rfmClass, type CohortContribution } from './metrics';

const contribution = (cohortDay: string, eventDay: string, c: Partial<CohortContribution>): CohortContribution => ({
  cohortDay,
  eventDay,
  added: 0,
  lost: 0,
  revenue: 0,
  spend: 0,
  ...c,
});

describe('metrics', () => {
  it('weights reply rate and reply time by chats, not a mean of means', () => {
    const k = addBehaviour(addBehaviour(emptyKpis(), { chatCount: 10, messageCount: 40, replyPercentage: 80, avgReplyMinutes: 2 }), {
      chatCount: 30,
      messageCount: 60,
      replyPercentage: 50,
      avgReplyMinutes: 10,
    });
    const m = dailyMetrics({ day: '2026-10-01', dimension: 'tenant', counters: emptyCounters(), kpis: k, cohorts: {} });
    expect(m).toMatchObject({ contactedCustomers: 40, messagesSent: 100, replyRate: 0.575, avgReplySeconds: 433 });
  });

  it('leaves rates null where their denominator is zero, and ignores members without chats in the averages', () => {
    const k = addBehaviour(emptyKpis(), { chatCount: 0, messageCount: 0 });
    const m = dailyMetrics({ day: '2026-10-01', dimension: 'channel#x', counters: emptyCounters(), kpis: k, cohorts: {} });
    expect(m).toMatchObject({ passRate: null, replyRate: null, avgReplySeconds: null, interactionRate: null, cac: null, spend: 0, ltvD30: null, roiD30: null });
  });

  it('sums a cohort’s losses and revenue up to each offset, and nulls offsets not reached yet', () => {
    const rows = [
      contribution('2026-10-01', '2026-10-01', { added: 4, spend: 30_000 }),
      contribution('2026-10-01', '2026-10-04', { lost: 1 }),
      contribution('2026-10-01', '2026-10-05', { revenue: 12_000 }),
      contribution('2026-10-01', '2026-10-25', { revenue: 24_000, lost: 1 }),
    ];
    const v = cohortView(['2026-10-01'], rows, '2026-10-31', 30);
    expect(v).toMatchObject({ size: 4, spend: 30_000, cac: 7_500, retention: 0.5, ltv: { d30: 9_000, d90: null, d180: null } });
    expect(v.retentionAt).toEqual({ d1: 1, d7: 0.75, d30: 0.5, d60: null, d90: null, d180: null });
    expect(v.revenueAt).toMatchObject({ d1: 0, d7: 12_000, d30: 36_000 });
  });

  it('counts each day of a week’s cohort at its own offset', () => {
    const rows = [
      contribution('2026-10-05', '2026-10-05', { added: 1 }),
      contribution('2026-10-06', '2026-10-06', { added: 1 }),
      contribution('2026-10-06', '2026-10-14', { lost: 1 }), // D8 of the 6th: after its D7
    ];
    expect(cohortView(['2026-10-05', '2026-10-06'], rows, '2026-10-31').retentionAt.d7).toBe(1);
  });

  it.each([
    [{ orders: 3, totalFen: 200_000, lastPaidDay: '2026-10-20' }, 'A'],
    [{ orders: 1, totalFen: 200_000, lastPaidDay: '2026-10-20' }, 'B'],
    [{ orders: 3, totalFen: 200_000, lastPaidDay: '2026-08-01' }, 'C'],
    [{ orders: 1, totalFen: 200_000, lastPaidDay: '2026-08-01' }, 'D'],
    [{ orders: 3, totalFen: 1_000, lastPaidDay: '2026-10-20' }, 'E'],
    [{ orders: 1, totalFen: 1_000, lastPaidDay: '2026-10-20' }, 'F'],
    [{ orders: 3, totalFen: 1_000, lastPaidDay: '2026-08-01' }, 'G'],
    [{ orders: 1, totalFen: 1_000, lastPaidDay: '2026-08-01' }, 'H'],
  ] as const)('classifies %o as %s', (s, cls) => {
    expect(rfmClass(s, '2026-10-31')).toBe(cls);
  });

  it('uses the configured thresholds; R covers exactly recentDays calendar days, the day itself included', () => {
    const t = { recentDays: 7, frequentOrders: 5, monetaryFen: 500 };
    // 10-25 … 10-31 are the last 7 days of 10-31: 10-25 is R-high, 10-24 (the 8th day back) is not.
    expect(rfmClass({ orders: 5, totalFen: 500, lastPaidDay: '2026-10-25' }, '2026-10-31', t)).toBe('A');
    expect(rfmClass({ orders: 5, totalFen: 500, lastPaidDay: '2026-10-24' }, '2026-10-31', t)).toBe('C');
    expect(rfmClass({ orders: 5, totalFen: 500, lastPaidDay: '2026-10-31' }, '2026-10-31', { ...t, recentDays: 1 })).toBe('A');
  });
});
