// The metrics and order store fakes keep the Dynamo adapters' semantics the rollup and the import rely on
// (shared/db/metrics-repository.ts, order-repository.ts): re-runs replace exactly what a day wrote, the
// dirty marker keeps the earliest day and settles only over what was read, an order counts once and its
// summary only over the version read, RFM classes never go back in time, class pages carry cursors.
import type { CohortContribution, DailyMetrics } from '../../../shared/domain/metrics';
import type { Order, OrderSummary } from '../../../shared/orders/orders';
import { InMemoryMetricsStore, InMemoryOrderStore } from './metrics';

const C = 'wwfakemetrics001';
const row = (day: string, dimension: string) => ({ day, dimension, newCustomers: 1 }) as unknown as DailyMetrics;
const contribution = (dimension: string, cohortDay: string, eventDay: string): CohortContribution & { dimension: string } => ({
  dimension,
  cohortDay,
  eventDay,
  added: 1,
  lost: 0,
  revenue: 0,
  spend: 0,
});

describe('InMemoryMetricsStore', () => {
  it("replaces a day's rows: dimensions no longer computed are removed; reads by kind in dimension order", async () => {
    const m = new InMemoryMetricsStore();
    await m.replaceDay(
      C,
      '2026-11-01',
      [row('2026-11-01', 'tenant'), row('2026-11-01', 'staff#b'), row('2026-11-01', 'staff#a'), row('2026-11-01', 'channel#x')],
      { total: { total: 1 } } as never,
    );
    await m.replaceDay(C, '2026-11-02', [row('2026-11-02', 'staff#c')], {});
    expect((await m.daily(C, ['2026-11-02', '2026-11-01'], 'staff')).map((r) => `${r.day} ${r.dimension}`)).toEqual([
      '2026-11-02 staff#c',
      '2026-11-01 staff#a',
      '2026-11-01 staff#b',
    ]);
    await m.replaceDay(C, '2026-11-01', [row('2026-11-01', 'tenant')], {});
    expect(await m.daily(C, ['2026-11-01'], 'staff')).toEqual([]);
    expect((await m.daily(C, ['2026-11-01'], 'tenant')).map((r) => r.dimension)).toEqual(['tenant']);
    expect(await m.stocks(C, '2026-11-01')).toEqual({});
    expect(await m.daily('wwother', ['2026-11-01'], 'tenant')).toEqual([]);
  });

  it("replaces a day's cohort contributions, leaving other days' alone; reads a cohort range in order", async () => {
    const m = new InMemoryMetricsStore();
    await m.replaceContributions(C, '2026-11-08', [contribution('tenant', '2026-11-01', '2026-11-08'), contribution('tenant', '2026-11-07', '2026-11-08')]);
    await m.replaceContributions(C, '2026-11-09', [contribution('tenant', '2026-11-01', '2026-11-09')]);
    expect((await m.contributions(C, 'tenant', '2026-11-01', '2026-11-07')).map((c) => `${c.cohortDay}#${c.eventDay}`)).toEqual([
      '2026-11-01#2026-11-08',
      '2026-11-01#2026-11-09',
      '2026-11-07#2026-11-08',
    ]);
    await m.replaceContributions(C, '2026-11-08', [contribution('tenant', '2026-11-07', '2026-11-08')]);
    expect((await m.contributions(C, 'tenant', '2026-11-01', '2026-11-01')).map((c) => c.eventDay)).toEqual(['2026-11-09']);
  });

  it('keeps the earliest dirty day and settles only over the day it read', async () => {
    const m = new InMemoryMetricsStore();
    await m.markDirty(C, '2026-11-05');
    await m.markDirty(C, '2026-11-07');
    expect(await m.dirtyFrom(C)).toBe('2026-11-05');
    await m.markDirty(C, '2026-11-03');
    await m.settleDirty(C, '2026-11-05', undefined);
    expect(await m.dirtyFrom(C)).toBe('2026-11-03');
    await m.settleDirty(C, '2026-11-03', '2026-11-04');
    expect(await m.dirtyFrom(C)).toBe('2026-11-04');
    await m.settleDirty(C, '2026-11-04', undefined);
    expect(await m.dirtyFrom(C)).toBeUndefined();
  });
});

describe('InMemoryOrderStore', () => {
  const order = (orderId: string, ext: string | null, paidAt = 1_790_000_000, day = '2026-09-22'): Order => ({
    orderId,
    externalUserId: ext,
    amount: 100,
    paidAt,
    day,
    channelId: null,
    importedAt: 0,
  });
  const summary = (ext: string, version: number): OrderSummary => ({
    externalUserId: ext,
    orders: version,
    totalFen: 100 * version,
    firstPaidAt: 1,
    secondPaidAt: null,
    lastPaidAt: 1,
    version,
  });

  it("records an order once ('exists' first) and its summary only over the version read ('conflict'), writing nothing otherwise", async () => {
    const o = new InMemoryOrderStore();
    expect(await o.record(C, order('o1', 'wm1'), summary('wm1', 1), undefined)).toBe('recorded');
    expect(await o.record(C, order('o1', 'wm1'), summary('wm1', 2), summary('wm1', 1))).toBe('exists');
    expect(await o.record(C, order('o2', 'wm1'), summary('wm1', 2), undefined)).toBe('conflict');
    expect(await o.record(C, order('o2', 'wm1'), summary('wm1', 2), summary('wm1', 7))).toBe('conflict');
    expect(o.all(C).map((x) => x.orderId)).toEqual(['o1']);
    expect(await o.record(C, order('o2', 'wm1'), summary('wm1', 2), summary('wm1', 1))).toBe('recorded');
    expect((await o.summaries(C, ['wm1', 'wm1', 'wmnone'])).get('wm1')?.version).toBe(2);
    expect(await o.record(C, order('o3', null), undefined, undefined)).toBe('recorded');
    expect((await o.ordersOfDay(C, '2026-09-22')).map((x) => x.orderId)).toEqual(['o1', 'o2', 'o3']);
  });

  it('classes a customer unless a later day did; counts and pages a class with cursors', async () => {
    const o = new InMemoryOrderStore();
    for (const ext of ['wmc', 'wma', 'wmb']) await o.record(C, order(`o-${ext}`, ext), summary(ext, 1), undefined);
    await o.setRfm(C, 'wmnone', 'A', '2026-11-01');
    for (const ext of ['wmc', 'wma', 'wmb']) await o.setRfm(C, ext, 'F', '2026-11-02');
    await o.setRfm(C, 'wmb', 'A', '2026-11-01');
    await o.setRfm(C, 'wmc', 'E', '2026-11-02');
    expect([await o.rfmCount(C, 'F'), await o.rfmCount(C, 'E'), await o.rfmCount(C, 'A')]).toEqual([2, 1, 0]);
    const first = await o.rfmMembers(C, 'F', 1);
    expect(first.items.map((s) => s.externalUserId)).toEqual(['wma']);
    const second = await o.rfmMembers(C, 'F', 1, first.cursor);
    expect(second.items.map((s) => s.externalUserId)).toEqual(['wmb']);
    expect((await o.rfmMembers(C, 'F', 1, second.cursor)).items).toEqual([]);
    expect(await o.classified(C)).toEqual(['wmc', 'wma', 'wmb']);
  });
});
