// Ids of webhook events and deliveries. Both start with a 13-digit epoch-ms time, so they sort by time and an
// event's stored key (keys.webhookEvent) follows from its id. Derived ids (from a source key) are stable, so
// a redelivered queue message records and sends the same event once.
import { createHash, randomBytes } from 'node:crypto';

const ms13 = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(13, '0');
const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** `ev<ms><16 hex>`: from the source key when given, else random. */
export const webhookEventId = (occurredAt: number, sourceKey?: string): string =>
  `ev${ms13(occurredAt)}${sourceKey === undefined ? randomBytes(8).toString('hex') : hash(sourceKey)}`;

export function eventTimeOf(eventId: string): number | undefined {
  const m = /^ev(\d{13})[0-9a-f]{16}$/.exec(eventId);
  return m ? Number(m[1]) : undefined;
}

/** The first delivery of an event to a subscription (stable); a replay's deliveries are new (`replayed`). */
export const webhookDeliveryId = (at: number, eventId: string, subscriptionId: string, replayed = false): string =>
  `dl${ms13(at)}${replayed ? randomBytes(8).toString('hex') : hash(`${eventId}#${subscriptionId}`)}`;

/** The signing secret shown once: `whsec_` and 32 random bytes. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export const newWebhookId = (): string => `wh${randomBytes(6).toString('hex')}`;
