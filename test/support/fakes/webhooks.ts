// Fake of the webhook port (~ shared/webhooks/webhook-message.ts QueueWebhookPublisher): records every publish
// with the event id the queue publisher would give it, so a test can check a fact was published once (a
// republished fact with a stable source key has the same id, which the consumer records and sends once).
import { webhookEventId } from '../../../shared/webhooks/ids';
import type { WebhookPublisher } from '../../../shared/webhooks/webhook';
import type { WebhookEventType } from '../../../shared/domain/webhooks';

export interface PublishedWebhook {
  corpId: string;
  id: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
  occurredAt: number;
  sourceKey?: string | undefined;
}

export class RecordingWebhookPublisher implements WebhookPublisher {
  readonly sent: PublishedWebhook[] = [];

  async publish(corpId: string, type: WebhookEventType, data: Record<string, unknown>, o: { occurredAt: number; sourceKey?: string }): Promise<void> {
    const id = webhookEventId(o.occurredAt, o.sourceKey === undefined ? undefined : `${type}#${o.sourceKey}`);
    this.sent.push({ corpId, id, type, data: structuredClone(data), occurredAt: o.occurredAt, sourceKey: o.sourceKey });
  }

  /** The distinct events (by id) of a type, as the webhook consumer keeps them. */
  events(type: WebhookEventType): PublishedWebhook[] {
    const seen = new Map<string, PublishedWebhook>();
    for (const e of this.sent) if (e.type === type && !seen.has(e.id)) seen.set(e.id, e);
    return [...seen.values()];
  }
}
