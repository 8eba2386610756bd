// Reading a queue message at the queue boundary: the envelope, then the event against the schema of its
// type. What comes out is the typed message (QueueMessageOf its type); anything else is a ValidationError.
// And narrowing a typed message by the family of its type.
import { ValidationError } from '../errors';
import { queueEventSchemaOf, queueMessageSchema, type TypedQueueMessage } from './queue-message.schema';

export function readQueueMessage(json: unknown): TypedQueueMessage {
  const parsed = queueMessageSchema.safeParse(json);
  if (!parsed.success) throw new ValidationError('queue message does not match its schema', { details: parsed.error.issues });
  const schema = queueEventSchemaOf(parsed.data.type);
  if (!schema) throw new ValidationError('queue message has a type no queue carries', { details: { type: parsed.data.type } });
  const event = schema.safeParse(parsed.data.event);
  if (!event.success) throw new ValidationError('queue message does not match its schema', { details: event.error.issues });
  return { ...parsed.data, event: event.data } as TypedQueueMessage;
}

/** Narrows a message to the types under a prefix, e.g. `change_contact.`. */
export function isOfFamily<M extends { type: string }, P extends string>(m: M, prefix: P): m is Extract<M, { type: `${P}${string}` }> {
  return m.type.startsWith(prefix);
}
