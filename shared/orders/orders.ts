// Orders and channel spend (imported through the admin API) as the rollup and the import see them.
// Pure: the customer order summary and how one more order changes it. Adapter: shared/db/order-repository.ts.
import type { RfmClass } from '../domain/metrics';

export interface Order {
  orderId: string;
  /** Null when the order names a phone number no customer is known by (kept for GMV only). */
  externalUserId: string | null;
  phone?: string | undefined;
  amount: number;
  /** Unix seconds. */
  paidAt: number;
  day: string;
  /** The channel the order is attributed to: the order's own, else the customer's first channel. */
  channelId: string | null;
  /** The Shanghai day the customer was first added (their cohort), when known. */
  cohortDay: string | null;
  importedAt: number;
}

/** A customer's orders in summary: enough for conversion, repurchase and RFM without reading every order. */
export interface OrderSummary {
  externalUserId: string;
  orders: number;
  totalFen: number;
  firstPaidAt: number;
  /** The second-earliest payment: the day the customer became a repeat buyer. */
  secondPaidAt: number | null;
  lastPaidAt: number;
  cohortDay: string | null;
  channelId: string | null;
  version: number;
  rfm?: RfmClass | undefined;
  rfmAsOf?: string | undefined;
}

/** The summary after one more order (the order is new: the store guarantees it is counted once). */
export function withOrder(s: OrderSummary | undefined, o: Order & { externalUserId: string }): OrderSummary {
  if (!s) {
    return {
      externalUserId: o.externalUserId,
      orders: 1,
      totalFen: o.amount,
      firstPaidAt: o.paidAt,
      secondPaidAt: null,
      lastPaidAt: o.paidAt,
      cohortDay: o.cohortDay,
      channelId: o.channelId,
      version: 1,
    };
  }
  const times = [s.firstPaidAt, ...(s.secondPaidAt === null ? [] : [s.secondPaidAt]), o.paidAt].sort((a, b) => a - b);
  return {
    ...s,
    orders: s.orders + 1,
    totalFen: s.totalFen + o.amount,
    firstPaidAt: times[0]!,
    secondPaidAt: times[1] ?? null,
    lastPaidAt: Math.max(s.lastPaidAt, o.paidAt),
    version: s.version + 1,
  };
}

export interface OrderStore {
  /**
   * Records a new order with the customer's new summary (when the order has a customer) and the buyers
   * counters, atomically; 'exists' when the order id is known, 'conflict' when the summary changed meanwhile.
   */
  record(corpId: string, order: Order, summary: OrderSummary | undefined, previous: OrderSummary | undefined): Promise<'recorded' | 'exists' | 'conflict'>;
  summaries(corpId: string, externalUserIds: readonly string[]): Promise<Map<string, OrderSummary>>;
  ordersOfDay(corpId: string, day: string): Promise<Order[]>;
  /** Sets a customer's RFM class as of `day` unless a later day already classified them. */
  setRfm(corpId: string, externalUserId: string, cls: RfmClass, day: string): Promise<void>;
  rfmCount(corpId: string, cls: RfmClass): Promise<number>;
  rfmMembers(corpId: string, cls: RfmClass, limit: number, cursor?: string): Promise<{ items: OrderSummary[]; cursor?: string | undefined }>;
  buyers(corpId: string, dimension: string): Promise<{ payers: number; repeaters: number }>;
}

export interface SpendStore {
  put(corpId: string, channelId: string, day: string, amount: number, at: number): Promise<void>;
  get(corpId: string, channelId: string, day: string): Promise<number>;
}
