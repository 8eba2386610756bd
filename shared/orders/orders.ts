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
  /** The channel the order itself names (the import's channelId); attribution is the rollup's (docs/metrics.md#4-orders-and-attribution-订单归因). */
  channelId: string | null;
  importedAt: number;
}

/** One order as a customer's summary keeps it. */
export interface OrderEntry {
  orderId: string;
  amount: number;
  paidAt: number;
  channelId: string | null;
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
  /** Every order of the customer (the rollup attributes each and finds first and second buyers per row). */
  history?: OrderEntry[] | undefined;
  version: number;
  rfm?: RfmClass | undefined;
  rfmAsOf?: string | undefined;
}

const entryOf = (o: Order): OrderEntry => ({ orderId: o.orderId, amount: o.amount, paidAt: o.paidAt, channelId: o.channelId });

/** A summary's orders; summaries written before histories were kept stand in their first and second payment. */
export function historyOfSummary(s: OrderSummary): OrderEntry[] {
  if (s.history) return s.history;
  const first = { orderId: `${s.externalUserId}#1`, amount: 0, paidAt: s.firstPaidAt, channelId: null };
  return s.secondPaidAt === null ? [first] : [first, { orderId: `${s.externalUserId}#2`, amount: 0, paidAt: s.secondPaidAt, channelId: null }];
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
      history: [entryOf(o)],
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
    history: [...(s.history ?? []), entryOf(o)],
    version: s.version + 1,
  };
}

export interface OrderStore {
  /**
   * Records a new order with the customer's new summary (when the order has a customer), atomically;
   * 'exists' when the order id is known, 'conflict' when the summary changed meanwhile.
   */
  record(corpId: string, order: Order, summary: OrderSummary | undefined, previous: OrderSummary | undefined): Promise<'recorded' | 'exists' | 'conflict'>;
  summaries(corpId: string, externalUserIds: readonly string[]): Promise<Map<string, OrderSummary>>;
  ordersOfDay(corpId: string, day: string): Promise<Order[]>;
  /** Sets a customer's RFM class as of `day` unless a later day already classified them. */
  setRfm(corpId: string, externalUserId: string, cls: RfmClass, day: string): Promise<void>;
  rfmCount(corpId: string, cls: RfmClass): Promise<number>;
  rfmMembers(corpId: string, cls: RfmClass, limit: number, cursor?: string): Promise<{ items: OrderSummary[]; cursor?: string | undefined }>;
  /** Every customer that has a class (all of them, across the classes): for a reclassification after new thresholds. */
  classified(corpId: string): Promise<string[]>;
}

export interface SpendStore {
  put(corpId: string, channelId: string, day: string, amount: number, at: number): Promise<void>;
  get(corpId: string, channelId: string, day: string): Promise<number>;
}
