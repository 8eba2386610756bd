// The webhook queue's consumer logic. A `webhook.event` is recorded (for the delivery log and replay) and fanned
// out: one delivery row and one `webhook.delivery` message per enabled subscription to its type. A delivery
// is POSTed, signed (docs/manual.md#webhook-推送): 2xx = delivered; otherwise the message is made visible again
// after the backoff of its attempt (10 s, 1 min, 5 min, 30 min) and, after the last attempt, marked failed and
// left to the queue's redrive into the DLQ. The attempt number is SQS's receive count, so it matches maxReceiveCount.
import type { Clock } from '../../shared/clock';
import { WEBHOOK_MAX_ATTEMPTS, webhookRetryDelay } from '../../shared/domain/webhooks';
import type { QueuePublisher } from '../../shared/events/ports';
import type { SecretBox } from '../../shared/secrets/secret-box';
import { webhookDeliveryId } from '../../shared/webhooks/ids';
import { webhookSignature } from '../../shared/webhooks/signature';
import { deliveryQueueMessage, readWebhookMessage, type WebhookQueueMessage } from '../../shared/webhooks/webhook-message';
import type { PostResult, WebhookDelivery, WebhookPoster, WebhookStore } from '../../shared/webhooks/webhook';

export interface WebhookDeliveryDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  poster: WebhookPoster;
  queues: QueuePublisher;
  clock: Clock;
  /** Makes a received message visible again after `seconds` (SQS ChangeMessageVisibility). */
  delay(receiptHandle: string, seconds: number): Promise<void>;
  /** Seconds before attempt 2, 3, … (default WEBHOOK_BACKOFF_SECONDS). */
  backoff?: readonly number[];
  maxAttempts?: number;
}

export interface ReceivedRecord {
  body: string;
  receiptHandle: string;
  /** SQS ApproximateReceiveCount: this attempt's number. */
  receiveCount: number;
}

/** `done`: delete the message; `retry`: report it failed (it comes back after its delay, or goes to the DLQ). */
export type RecordOutcome = 'done' | 'retry';

export async function handleWebhookRecord(deps: WebhookDeliveryDeps, record: ReceivedRecord): Promise<RecordOutcome> {
  const message = readWebhookMessage(record.body);
  if (message.kind === 'event') {
    await fanOut(deps, message, record.receiveCount > 1);
    return 'done';
  }
  return deliver(deps, message, record);
}

async function fanOut(deps: WebhookDeliveryDeps, m: Extract<WebhookQueueMessage, { kind: 'event' }>, redelivered: boolean): Promise<void> {
  const event = { corpId: m.corpId, ...m.event };
  await deps.webhooks.recordEvent(event);
  const subscribers = (await deps.webhooks.listSubscriptions(m.corpId)).filter((s) => s.enabled && s.events.includes(event.type));
  const now = new Date(deps.clock.now()).toISOString();
  for (const s of subscribers) {
    const id = webhookDeliveryId(event.occurredAt, event.id, s.id);
    const created = await deps.webhooks.createDelivery({
      corpId: m.corpId,
      subscriptionId: s.id,
      id,
      eventId: event.id,
      eventType: event.type,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    });
    // The same event again (a source published twice): its deliveries are already on their way. Only a
    // redelivered event message (an earlier fan-out that failed midway) re-sends what was never tried.
    const existing = created || !redelivered ? undefined : await deps.webhooks.getDelivery(m.corpId, s.id, id);
    if (created || (existing?.status === 'pending' && existing.attempts === 0)) {
      await deps.queues.publish('webhook', deliveryQueueMessage(m.corpId, { subscriptionId: s.id, deliveryId: id, eventId: event.id }, deps.clock.now()));
    }
  }
}

/** The JSON body a receiver gets. */
export function deliveryBody(corpId: string, e: { id: string; type: string; occurredAt: number; data: Record<string, unknown> }): string {
  return JSON.stringify({ id: e.id, type: e.type, corpId, occurredAt: new Date(e.occurredAt).toISOString(), data: e.data });
}

async function deliver(deps: WebhookDeliveryDeps, m: Extract<WebhookQueueMessage, { kind: 'delivery' }>, record: ReceivedRecord): Promise<RecordOutcome> {
  const { subscriptionId, deliveryId, eventId } = m.delivery;
  const d = await deps.webhooks.getDelivery(m.corpId, subscriptionId, deliveryId);
  if (!d || d.status === 'delivered' || d.status === 'failed' || d.status === 'skipped') return 'done';
  const sub = await deps.webhooks.getSubscription(m.corpId, subscriptionId);
  const event = await deps.webhooks.getEvent(m.corpId, eventId);
  const save = (patch: Partial<WebhookDelivery>) => deps.webhooks.updateDelivery({ ...d, ...patch, updatedAt: new Date(deps.clock.now()).toISOString() });
  if (!sub || !sub.enabled || !event) {
    await save({ status: 'skipped', snippet: !event ? 'event expired' : 'subscription deleted or disabled' });
    return 'done';
  }
  const attempt = Math.max(record.receiveCount, d.attempts + 1);
  const secret = await deps.secrets.decrypt(sub.secretCipher, { tenantId: m.corpId });
  const body = deliveryBody(m.corpId, event);
  const timestamp = Math.floor(deps.clock.now() / 1000);
  let result: PostResult | undefined;
  let error: string | undefined;
  try {
    result = await deps.poster.post(
      sub.url,
      {
        'X-Siyu-Timestamp': String(timestamp),
        'X-Siyu-Signature': webhookSignature(secret, timestamp, body),
        'X-Siyu-Event': event.type,
        'X-Siyu-Delivery': deliveryId,
      },
      body,
    );
  } catch (e) {
    error = (e as Error).message.slice(0, 200);
  }
  const outcome = { attempts: attempt, responseCode: result?.status, durationMs: result?.durationMs, snippet: result ? result.snippet : error };
  if (result && result.status >= 200 && result.status < 300) {
    await save({ ...outcome, status: 'delivered' });
    return 'done';
  }
  if (attempt >= (deps.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS)) {
    await save({ ...outcome, status: 'failed' });
    // Visible again at once: the next receive exceeds maxReceiveCount, and SQS moves it to the DLQ.
    await deps.delay(record.receiptHandle, 0);
    return 'retry';
  }
  await save({ ...outcome, status: 'retrying' });
  await deps.delay(record.receiptHandle, webhookRetryDelay(attempt, deps.backoff));
  return 'retry';
}
