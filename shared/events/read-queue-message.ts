// Reading a queue message at the queue boundary: the envelope, then the event against the schema of its
// type. What comes out is the typed message (QueueMessageOf its type); anything else is a ValidationError.
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
