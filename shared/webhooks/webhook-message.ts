// The messages on the webhook queue, in the envelope every queue uses (queue-message.schema.ts):
// `webhook.event` (a fact to fan out to the tenant's subscriptions) and `webhook.delivery` (one send to one
// subscription, retried with backoff). QueueWebhookPublisher is the port the fact-establishing code calls.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../clock';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../domain/webhooks';
import type { QueuePublisher } from '../events/ports';
import { queueMessageSchema, type QueueMessage } from '../events/queue-message.schema';
import { webhookEventId } from './ids';
import type { WebhookEvent, WebhookPublisher } from './webhook';

export const webhookEventMessage = z.object({
  id: z.string(),
  type: z.enum(WEBHOOK_EVENT_TYPES),
  occurredAt: z.number().int().nonnegative(),
  data: z.record(z.string(), z.unknown()),
});
export const webhookDeliveryMessage = z.object({ subscriptionId: z.string(), deliveryId: z.string(), eventId: z.string() });

export type WebhookQueueMessage =
  | { kind: 'event'; corpId: string; event: z.output<typeof webhookEventMessage> }
  | { kind: 'delivery'; corpId: string; delivery: z.output<typeof webhookDeliveryMessage> };

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function eventQueueMessage(e: WebhookEvent, now: number): QueueMessage {
  return {
    v: 1,
    eventKey: sha(`webhook.event#${e.corpId}#${e.id}`),
    corpId: e.corpId,
    type: 'webhook.event',
    occurredAt: e.occurredAt,
    receivedAt: now,
    event: { id: e.id, type: e.type, occurredAt: e.occurredAt, data: e.data },
  };
}

export function deliveryQueueMessage(corpId: string, d: z.output<typeof webhookDeliveryMessage>, now: number): QueueMessage {
  return { v: 1, eventKey: sha(`webhook.delivery#${corpId}#${d.deliveryId}`), corpId, type: 'webhook.delivery', occurredAt: now, receivedAt: now, event: d };
}

/** Reads a webhook queue body; throws on anything else (the record then goes to the DLQ). */
export function readWebhookMessage(body: string): WebhookQueueMessage {
  const env = queueMessageSchema.parse(JSON.parse(body));
  if (env.type === 'webhook.event') return { kind: 'event', corpId: env.corpId, event: webhookEventMessage.parse(env.event) };
  if (env.type === 'webhook.delivery') return { kind: 'delivery', corpId: env.corpId, delivery: webhookDeliveryMessage.parse(env.event) };
  throw new Error(`not a webhook message: ${env.type}`);
}

/** The webhook port over the concern queues: one message per fact; the consumer fans it out. */
export class QueueWebhookPublisher implements WebhookPublisher {
  constructor(
    private readonly queues: QueuePublisher,
    private readonly clock: Clock,
  ) {}

  async publish(corpId: string, type: WebhookEventType, data: Record<string, unknown>, o: { occurredAt: number; sourceKey?: string }): Promise<void> {
    const event: WebhookEvent = {
      corpId,
      id: webhookEventId(o.occurredAt, o.sourceKey === undefined ? undefined : `${type}#${o.sourceKey}`),
      type,
      occurredAt: o.occurredAt,
      data,
    };
    await this.queues.publish('webhook', eventQueueMessage(event, this.clock.now()));
  }
}
