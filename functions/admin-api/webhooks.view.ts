// What the webhook routes answer: a subscription (never its secret), the secret once (create, rotate), the
// delivery log and a replay's count.
import * as z from 'zod';
import { WEBHOOK_EVENT_TYPES } from '../../shared/domain/webhooks';

export const webhookView = z.strictObject({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const webhookListView = z.strictObject({ items: z.array(webhookView) });

/** The signing secret, shown once: on create and on rotate. */
const secretField = z.string().describe('签名密钥，仅此一次返回 / the signing secret, shown only this once');
export const webhookCreatedView = webhookView.extend({ secret: secretField });
export const webhookSecretView = z.strictObject({ id: z.string(), secret: secretField });

export const webhookDeliveryView = z.strictObject({
  id: z.string().describe('X-Siyu-Delivery'),
  eventId: z.string(),
  eventType: z.enum(WEBHOOK_EVENT_TYPES),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'skipped']),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  snippet: z.string().nullable().describe('响应体或错误的前 200 个字符 / first 200 characters of the response body or error'),
  replay: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export const webhookDeliveriesView = z.strictObject({ items: z.array(webhookDeliveryView) });

export const webhookReplayView = z.strictObject({ events: z.number().int(), enqueued: z.number().int() });
