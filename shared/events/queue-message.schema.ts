// The body of every message on a concern queue: the validated event plus its metadata.
// `queueMessageSchema` is the envelope as the event log stores it and the publisher sends it (any type:
// the log also keeps types no queue takes). A consumer reads the typed message instead: the envelope,
// and the event checked against the schema of its type (`queueEventSchemaOf`), so `type` tells the
// event's fields apart (QueueMessageOf<T>, and MessageFor<C> for what a concern's queue carries).
import * as z from 'zod';
import { archiveMessageSchema } from '../archive/archive-message';
import type { ArchiveEventType, Concern, QueueTypeOf } from '../domain/fanout';
import { eventSchemas, type EventOf, type KnownEventType } from '../wecom/event.schema';

export const queueMessageSchema = z.object({
  v: z.literal(1),
  eventKey: z.string().regex(/^[0-9a-f]{64}$/),
  corpId: z.string().min(1).max(64),
  type: z.string().min(1).max(200),
  occurredAt: z.number().int().nonnegative(),
  receivedAt: z.number().int().nonnegative(),
  event: z.record(z.string(), z.unknown()),
});

export type QueueMessage = z.infer<typeof queueMessageSchema>;

/** Every event type a queue message can have: a callback type with a schema, or an archive type. */
export type QueueEventType = KnownEventType | ArchiveEventType;

/**
 * The callback schemas as their output travels on a queue: the same fields, with CreateTime already
 * the number that parsing the callback made of it. Each one's output type is the callback schema's.
 */
const callbackEventSchemas = Object.fromEntries(
  Object.entries(eventSchemas).map(([type, schema]) => [type, (schema as z.ZodObject).extend({ CreateTime: z.number().int().nonnegative() })]),
) as unknown as { [T in KnownEventType]: z.ZodType<EventOf<T>> };

/** An archive message as the puller wraps it (shared/archive/archive-message.ts): the SDK's seq added. */
const archiveEventSchema = archiveMessageSchema.extend({ seq: z.number().int().nonnegative().optional() });
export type ArchiveQueueEvent = z.infer<typeof archiveEventSchema>;

export type QueueEventOf<T extends QueueEventType> = T extends KnownEventType ? EventOf<T> : ArchiveQueueEvent;

/** The schema of the event of a queue message of this type; undefined for a type no queue carries. */
export function queueEventSchemaOf(type: string): z.ZodType<QueueEventOf<QueueEventType>> | undefined {
  if (Object.hasOwn(callbackEventSchemas, type)) return callbackEventSchemas[type as KnownEventType];
  return type.startsWith('archive.') ? archiveEventSchema : undefined;
}

type Envelope = Omit<QueueMessage, 'type' | 'event'>;

/** A queue message of type T (a union of messages for a union of types, told apart by `type`). */
export type QueueMessageOf<T extends QueueEventType> = T extends unknown ? Envelope & { type: T; event: QueueEventOf<T> } : never;

/** Any typed queue message. */
export type TypedQueueMessage = QueueMessageOf<QueueEventType>;

/** What a concern's queue carries, by the fan-out table: what its consumer is handed. */
export type MessageFor<C extends Concern> = QueueMessageOf<QueueTypeOf<C> & QueueEventType>;
