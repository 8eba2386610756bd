// Outbound webhooks: what is stored (subscriptions, recorded events, deliveries) and the ports the use cases
// depend on. Adapters: shared/db/webhook-repository.ts (stores), shared/webhooks/http-target.ts (HTTP + SSRF).
import type { WebhookEventType } from '../domain/webhooks';

export interface WebhookSubscription {
  corpId: string;
  id: string;
  url: string;
  events: WebhookEventType[];
  description?: string | undefined;
  enabled: boolean;
  /** The signing secret, encrypted with the tenant's context (shared/secrets); never logged or returned. */
  secretCipher: string;
  createdAt: string;
  updatedAt: string;
}

/** One fact, as recorded for delivery and replay (kept 30 days). */
export interface WebhookEvent {
  corpId: string;
  id: string;
  type: WebhookEventType;
  /** Epoch ms. */
  occurredAt: number;
  data: Record<string, unknown>;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed' | 'skipped';

export interface WebhookDelivery {
  corpId: string;
  subscriptionId: string;
  /** X-Siyu-Delivery: one per (event, subscription) send; a replay makes new ones. */
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  /** Of the last attempt. */
  responseCode?: number | undefined;
  durationMs?: number | undefined;
  /** At most 200 characters of the last response body or the connection error. */
  snippet?: string | undefined;
  replay?: boolean | undefined;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookStore {
  putSubscription(s: WebhookSubscription): Promise<void>;
  getSubscription(corpId: string, id: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(corpId: string): Promise<WebhookSubscription[]>;
  deleteSubscription(corpId: string, id: string): Promise<void>;
  /** Conditional put: false when the event was already recorded. */
  recordEvent(e: WebhookEvent): Promise<boolean>;
  getEvent(corpId: string, id: string): Promise<WebhookEvent | undefined>;
  /** Events with from ≤ occurredAt < to, oldest first, at most `limit`. */
  eventsBetween(corpId: string, from: number, to: number, limit: number): Promise<WebhookEvent[]>;
  /** Conditional put: false when the delivery exists. */
  createDelivery(d: WebhookDelivery): Promise<boolean>;
  getDelivery(corpId: string, subscriptionId: string, id: string): Promise<WebhookDelivery | undefined>;
  updateDelivery(d: WebhookDelivery): Promise<void>;
  /** Newest first. */
  listDeliveries(corpId: string, subscriptionId: string, limit: number): Promise<WebhookDelivery[]>;
}

/** What a consumer or use case that establishes a fact calls: one small port, backed by the webhook queue. */
export interface WebhookPublisher {
  /** `sourceKey` (e.g. the callback's event key) makes the event id stable, so a redelivered source publishes once. */
  publish(corpId: string, type: WebhookEventType, data: Record<string, unknown>, o: { occurredAt: number; sourceKey?: string }): Promise<void>;
}

export interface PostResult {
  status: number;
  durationMs: number;
  snippet: string;
}

/** Posts one delivery to the subscriber, connecting only to an address the SSRF guard allowed. */
export interface WebhookPoster {
  /** Resolves with the response (any status); rejects on a refused target, a timeout or a network error. */
  post(url: string, headers: Record<string, string>, body: string): Promise<PostResult>;
}

/** Checks a subscription URL at subscribe time: undefined when allowed, else the reason code. */
export interface WebhookTargetCheck {
  problem(url: string): Promise<string | undefined>;
}
