// Fakes of the metrics-side stores:
// - InMemoryMetricsStore ~ shared/db/metrics-repository.ts: a day holds one row per dimension and its
//   stocks; replaceDay() overwrites the rows it is given and removes the day's rows of dimensions it no
//   longer computes; replaceContributions() writes (dimension, cohortDay, eventDay) items and removes those
//   the day's earlier run wrote and this one did not; daily() reads the days in the order given, each day's
//   rows in sort-key (dimension) order, by kind prefix; contributions() in (cohortDay, eventDay) order;
//   markDirty() keeps the earliest day; settleDirty() applies only while the marker still says `was`.
// - InMemoryOrderStore ~ shared/db/order-repository.ts: record() is the transaction: 'exists' when the order
//   id is known (checked first), 'conflict' when the summary is not the `previous` one given (version) or,
//   with no previous, already exists; nothing is written unless both hold. ordersOfDay() by (paidAt,
//   orderId); setRfm() only on an existing summary and unless a later day classified it; the RFM index is
//   read in external user id order, rfmMembers() pages with the adapter's cursor (a full page carries one,
//   as a Query that stopped at its Limit does); classified() class by class (RFM_CLASSES order).
// The spend store fake is InMemorySpendStore in ./outreach.ts.
import { decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import type { MetricsStore } from '../../../shared/db/metrics-repository';
import {
  RFM_CLASSES,
  type CohortContribution,
  type DailyMetrics,
  type DimensionKind,
  type RfmClass,
  type RfmThresholds,
  type Stocks,
} from '../../../shared/domain/metrics';
import type { Order, OrderStore, OrderSummary } from '../../../shared/orders/orders';
import { copy } from './common';

const byKey =
  <T>(key: (v: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export class InMemoryMetricsStore implements MetricsStore {
  /** corp\nday -> dimension -> row */
  private readonly days = new Map<string, Map<string, DailyMetrics>>();
  private readonly stocksOf = new Map<string, Stocks>();
  /** corp\ndimension -> cohortDay#eventDay -> contribution */
  private readonly cohorts = new Map<string, Map<string, CohortContribution>>();
  /** corp\nday -> `dimension|cohortDay` written by the day's last run */
  private readonly manifests = new Map<string, string[]>();
  private readonly settingsOf = new Map<string, { rfm: RfmThresholds; updatedAt: number }>();
  private readonly rfmStates = new Map<string, { asOf: string; thresholdsAt: number }>();
  private readonly dirty = new Map<string, string>();

  async replaceContributions(corpId: string, day: string, rows: ReadonlyArray<CohortContribution & { dimension: string }>): Promise<void> {
    const written = rows.map((r) => `${r.dimension}|${r.cohortDay}`);
    for (const { dimension, ...r } of rows) {
      const part = this.cohorts.get(`${corpId}\n${dimension}`) ?? new Map<string, CohortContribution>();
      part.set(`${r.cohortDay}#${r.eventDay}`, copy(r));
      this.cohorts.set(`${corpId}\n${dimension}`, part);
    }
    const keep = new Set(written);
    for (const k of this.manifests.get(`${corpId}\n${day}`) ?? []) {
      if (keep.has(k)) continue;
      const cut = k.lastIndexOf('|');
      this.cohorts.get(`${corpId}\n${k.slice(0, cut)}`)?.delete(`${k.slice(cut + 1)}#${day}`);
    }
    this.manifests.set(`${corpId}\n${day}`, written);
  }

  async replaceDay(corpId: string, day: string, rows: readonly DailyMetrics[], stocks: Stocks): Promise<void> {
    this.days.set(`${corpId}\n${day}`, new Map(rows.map((r) => [r.dimension, copy(r)])));
    this.stocksOf.set(`${corpId}\n${day}`, copy(stocks));
  }

  async daily(corpId: string, days: readonly string[], kind: DimensionKind): Promise<DailyMetrics[]> {
    const prefix = kind === 'tenant' ? 'tenant' : `${kind}#`;
    return days.flatMap((day) =>
      [...(this.days.get(`${corpId}\n${day}`)?.values() ?? [])]
        .filter((r) => r.dimension.startsWith(prefix))
        .sort(byKey((r) => r.dimension))
        .map(copy),
    );
  }

  async stocks(corpId: string, day: string): Promise<Stocks | undefined> {
    const s = this.stocksOf.get(`${corpId}\n${day}`);
    return s ? copy(s) : undefined;
  }

  async putStocks(corpId: string, day: string, stocks: Stocks): Promise<void> {
    this.stocksOf.set(`${corpId}\n${day}`, copy(stocks));
  }

  async contributions(corpId: string, dimension: string, fromCohortDay: string, toCohortDay: string): Promise<CohortContribution[]> {
    return [...(this.cohorts.get(`${corpId}\n${dimension}`) ?? new Map<string, CohortContribution>()).entries()]
      .filter(([sk]) => sk >= `${fromCohortDay}#` && sk <= `${toCohortDay}#~`)
      .sort(byKey(([sk]) => sk))
      .map(([, c]) => copy(c));
  }

  async settings(corpId: string) {
    const s = this.settingsOf.get(corpId);
    return s ? copy(s) : {};
  }

  async putSettings(corpId: string, settings: { rfm: RfmThresholds }, at: number): Promise<void> {
    this.settingsOf.set(corpId, { rfm: copy(settings.rfm), updatedAt: at });
  }

  async rfmState(corpId: string) {
    const s = this.rfmStates.get(corpId);
    return s ? { ...s } : {};
  }

  async putRfmState(corpId: string, state: { asOf: string; thresholdsAt: number }): Promise<void> {
    this.rfmStates.set(corpId, { ...state });
  }

  async markDirty(corpId: string, day: string): Promise<void> {
    const from = this.dirty.get(corpId);
    if (from === undefined || from > day) this.dirty.set(corpId, day);
  }

  async dirtyFrom(corpId: string): Promise<string | undefined> {
    return this.dirty.get(corpId);
  }

  async settleDirty(corpId: string, was: string, next: string | undefined): Promise<void> {
    if (this.dirty.get(corpId) !== was) return;
    if (next === undefined) this.dirty.delete(corpId);
    else this.dirty.set(corpId, next);
  }

  /** The days of a tenant that have rows (test inspection), in day order. */
  rolledUpDays(corpId: string): string[] {
    return [...this.days.keys()]
      .filter((k) => k.startsWith(`${corpId}\n`))
      .map((k) => k.slice(corpId.length + 1))
      .sort();
  }
}

export class InMemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly summariesOf = new Map<string, OrderSummary>();

  async record(corpId: string, order: Order, summary: OrderSummary | undefined, previous: OrderSummary | undefined) {
    if (this.orders.has(`${corpId}\n${order.orderId}`)) return 'exists' as const;
    const withSummary = summary !== undefined && Boolean(order.externalUserId);
    if (withSummary) {
      const stored = this.summariesOf.get(`${corpId}\n${order.externalUserId}`);
      if (previous ? stored?.version !== previous.version : stored !== undefined) return 'conflict' as const;
    }
    this.orders.set(`${corpId}\n${order.orderId}`, copy(order));
    if (withSummary) this.summariesOf.set(`${corpId}\n${order.externalUserId}`, copy(summary));
    return 'recorded' as const;
  }

  async summaries(corpId: string, externalUserIds: readonly string[]): Promise<Map<string, OrderSummary>> {
    const out = new Map<string, OrderSummary>();
    for (const e of new Set(externalUserIds)) {
      const s = this.summariesOf.get(`${corpId}\n${e}`);
      if (s) out.set(e, copy(s));
    }
    return out;
  }

  async ordersOfDay(corpId: string, day: string): Promise<Order[]> {
    return [...this.orders.entries()]
      .filter(([k, o]) => k.startsWith(`${corpId}\n`) && o.day === day)
      .map(([, o]) => o)
      .sort(byKey((o) => `${String(o.paidAt).padStart(10, '0')}#${o.orderId}`))
      .map(copy);
  }

  async setRfm(corpId: string, externalUserId: string, cls: RfmClass, day: string): Promise<void> {
    const s = this.summariesOf.get(`${corpId}\n${externalUserId}`);
    if (!s || (s.rfmAsOf !== undefined && s.rfmAsOf > day)) return;
    s.rfm = cls;
    s.rfmAsOf = day;
  }

  private inClass(corpId: string, cls: RfmClass): OrderSummary[] {
    return [...this.summariesOf.entries()]
      .filter(([k, s]) => k.startsWith(`${corpId}\n`) && s.rfm === cls)
      .map(([, s]) => s)
      .sort(byKey((s) => s.externalUserId));
  }

  async rfmCount(corpId: string, cls: RfmClass): Promise<number> {
    return this.inClass(corpId, cls).length;
  }

  async rfmMembers(corpId: string, cls: RfmClass, limit: number, cursor?: string) {
    const after = cursor ? decodeCursor('rfm', cursor).a : undefined;
    const rest = this.inClass(corpId, cls).filter((s) => after === undefined || s.externalUserId > after);
    const items = rest.slice(0, limit).map(copy);
    const last = items[items.length - 1];
    return { items, ...(items.length === limit && last ? { cursor: encodeCursor('rfm', { a: last.externalUserId }) } : {}) };
  }

  async classified(corpId: string): Promise<string[]> {
    return RFM_CLASSES.flatMap((cls) => this.inClass(corpId, cls).map((s) => s.externalUserId));
  }

  /** Every order of a tenant (test inspection), by order id. */
  all(corpId: string): Order[] {
    return [...this.orders.entries()]
      .filter(([k]) => k.startsWith(`${corpId}\n`))
      .map(([, o]) => copy(o))
      .sort(byKey((o) => o.orderId));
  }
}
