// Outbound webhook subscriptions (docs/manual.md#webhook-推送): create (the secret shown once), list, read,
// change, delete, rotate the secret, the delivery log, and replay of a window of recorded events.
// A URL is checked against the SSRF guard when it is set (shared/webhooks/http-target.ts), and again at
// every delivery.
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { WEBHOOK_EVENT_TYPES } from '../../shared/domain/webhooks';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { QueuePublisher } from '../../shared/events/ports';
import { msg } from '../../shared/i18n/messages';
import type { SecretBox } from '../../shared/secrets/secret-box';
import { newWebhookId, newWebhookSecret, webhookDeliveryId } from '../../shared/webhooks/ids';
import { deliveryQueueMessage } from '../../shared/webhooks/webhook-message';
import type { WebhookDelivery, WebhookStore, WebhookSubscription, WebhookTargetCheck } from '../../shared/webhooks/webhook';
import type { webhookDeliveryView, webhookView } from './webhooks.view';

export interface WebhookDeps {
  webhooks: WebhookStore;
  secrets: SecretBox;
  queues: QueuePublisher;
  clock: Clock;
  webhookTargets: WebhookTargetCheck;
}

/** Subscriptions per tenant. */
export const MAX_WEBHOOKS = 20;
/** A replay reaches at most this many events, over at most this many days (events are kept 30 days). */
export const MAX_REPLAY_EVENTS = 1000;
export const MAX_REPLAY_DAYS = 7;

const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((e) => new Set(e).size === e.length, 'each event type once');
const fields = {
  url: z.url().max(2000),
  events,
  description: z.string().max(200).optional(),
  enabled: z.boolean(),
};
export const webhookBody = z.strictObject({ ...fields, enabled: fields.enabled.default(true) });
export const webhookPatch = z.strictObject(fields).partial();
export const replayBody = z.strictObject({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

type View = z.output<typeof webhookView>;
const viewOf = (s: WebhookSubscription): View => ({
  id: s.id,
  url: s.url,
  events: s.events,
  description: s.description ?? null,
  enabled: s.enabled,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
const deliveryOf = (d: WebhookDelivery): z.output<typeof webhookDeliveryView> => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  responseCode: d.responseCode ?? null,
  durationMs: d.durationMs ?? null,
  snippet: d.snippet ?? null,
  replay: d.replay ?? false,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

async function checkTarget(deps: WebhookDeps, url: string): Promise<void> {
  const reason = await deps.webhookTargets.problem(url);
  if (reason) throw new ValidationError(msg('webhook_url_refused', { reason }), { details: { field: 'url', reason } });
}

async function existing(deps: WebhookDeps, corpId: string, id: string): Promise<WebhookSubscription> {
  const s = await deps.webhooks.getSubscription(corpId, id);
  if (!s) throw new NotFoundError(msg('unknown_webhook'));
  return s;
}

/** The subscription as the operation log records it (no secret). */
export async function readWebhook(deps: Pick<WebhookDeps, 'webhooks'>, corpId: string, id: string | undefined): Promise<View | undefined> {
  const s = id ? await deps.webhooks.getSubscription(corpId, id) : undefined;
  return s ? viewOf(s) : undefined;
}

export async function createWebhook(deps: WebhookDeps, corpId: string, input: z.output<typeof webhookBody>) {
  if ((await deps.webhooks.listSubscriptions(corpId)).length >= MAX_WEBHOOKS) throw new ValidationError(msg('webhook_limit', { max: MAX_WEBHOOKS }));
  await checkTarget(deps, input.url);
  const secret = newWebhookSecret();
  const now = new Date(deps.clock.now()).toISOString();
  const s: WebhookSubscription = {
    corpId,
    id: newWebhookId(),
    url: input.url,
    events: input.events,
    ...(input.description !== undefined ? { description: input.description } : {}),
    enabled: input.enabled,
    secretCipher: await deps.secrets.encrypt(secret, { tenantId: corpId }),
    createdAt: now,
    updatedAt: now,
  };
  await deps.webhooks.putSubscription(s);
  return { ...viewOf(s), secret };
}

export async function listWebhooks(deps: WebhookDeps, corpId: string) {
  const all = await deps.webhooks.listSubscriptions(corpId);
  return { items: all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(viewOf) };
}

export async function getWebhook(deps: WebhookDeps, corpId: string, id: string) {
  return viewOf(await existing(deps, corpId, id));
}

export async function updateWebhook(deps: WebhookDeps, corpId: string, id: string, patch: z.output<typeof webhookPatch>) {
  const s = await existing(deps, corpId, id);
  if (patch.url !== undefined) await checkTarget(deps, patch.url);
  const next: WebhookSubscription = {
    ...s,
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: patch.events } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    updatedAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.webhooks.putSubscription(next);
  return viewOf(next);
}

export async function deleteWebhook(deps: WebhookDeps, corpId: string, id: string) {
  const s = await existing(deps, corpId, id);
  await deps.webhooks.deleteSubscription(corpId, id);
  return viewOf(s);
}

/** A new secret: deliveries from now on are signed with it; the old one stops working at once. */
export async function rotateWebhookSecret(deps: WebhookDeps, corpId: string, id: string) {
  const s = await existing(deps, corpId, id);
  const secret = newWebhookSecret();
  await deps.webhooks.putSubscription({
    ...s,
    secretCipher: await deps.secrets.encrypt(secret, { tenantId: corpId }),
    updatedAt: new Date(deps.clock.now()).toISOString(),
  });
  return { id, secret };
}

export const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export async function listDeliveries(deps: WebhookDeps, corpId: string, id: string, q: z.output<typeof deliveriesQuery>) {
  await existing(deps, corpId, id);
  return { items: (await deps.webhooks.listDeliveries(corpId, id, q.limit)).map(deliveryOf) };
}

/**
 * Re-sends the recorded events of [from, to) this subscription takes (enabled or not at the time), as new
 * deliveries: new X-Siyu-Delivery ids (a replay is a deliberate second send), the same event `id` in the body
 * (receivers that must not apply an event twice dedupe on it).
 */
export async function replayWebhook(deps: WebhookDeps, corpId: string, id: string, body: z.output<typeof replayBody>) {
  const s = await existing(deps, corpId, id);
  if (!s.enabled) throw new ValidationError(msg('webhook_disabled'));
  const from = Date.parse(body.from);
  const to = Date.parse(body.to);
  if (!(from < to) || to - from > MAX_REPLAY_DAYS * 86_400_000) throw new ValidationError(msg('invalid_webhook_replay', { days: MAX_REPLAY_DAYS }));
  const found = await deps.webhooks.eventsBetween(corpId, from, to, MAX_REPLAY_EVENTS + 1);
  if (found.length > MAX_REPLAY_EVENTS) throw new ValidationError(msg('webhook_replay_too_large', { max: MAX_REPLAY_EVENTS }));
  const wanted = found.filter((e) => s.events.includes(e.type));
  const now = deps.clock.now();
  const at = new Date(now).toISOString();
  for (const e of wanted) {
    const deliveryId = webhookDeliveryId(now, e.id, s.id, true);
    await deps.webhooks.createDelivery({
      corpId,
      subscriptionId: s.id,
      id: deliveryId,
      eventId: e.id,
      eventType: e.type,
      status: 'pending',
      attempts: 0,
      replay: true,
      createdAt: at,
      updatedAt: at,
    });
    await deps.queues.publish('webhook', deliveryQueueMessage(corpId, { subscriptionId: s.id, deliveryId, eventId: e.id }, now));
  }
  return { events: found.length, enqueued: wanted.length };
}
