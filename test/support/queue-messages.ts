// Builders of queue messages and SQS events for consumer tests.
// queueMessage() gives the typed message of its type (default add_external_contact). The event gets the
// callback envelope a real one has (ToUserName, CreateTime, MsgType, Event/ChangeType) under the given
// fields, so it also passes the consumer's parse. A `type` that is only a `string` yields the untyped
// message, as the event log stores it.
import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { carries, type Concern } from '../../shared/domain/fanout';
import type { MessageFor, QueueEventType, QueueMessage, QueueMessageOf } from '../../shared/events/queue-message.schema';
import { readQueueMessage } from '../../shared/events/read-queue-message';

type Over = Partial<Omit<QueueMessage, 'type' | 'event'>> & { event?: Record<string, unknown> };

/** The envelope WeCom puts on a callback of this type (archive messages have their own shape: none). */
function envelopeOf(type: string, corpId: string, occurredAt: number): Record<string, unknown> {
  if (type.startsWith('archive.')) return {};
  const base = { ToUserName: corpId, CreateTime: occurredAt };
  if (type.startsWith('msg.')) return { ...base, MsgType: type.slice('msg.'.length) };
  const [event, change] = type.split('.');
  return { ...base, MsgType: 'event', Event: event, ...(change ? { ChangeType: change } : {}) };
}

export function queueMessage<T extends QueueEventType = 'change_external_contact.add_external_contact'>(over?: Over & { type?: T }): QueueMessageOf<T>;
export function queueMessage(over: Over & { type: string }): QueueMessage;
export function queueMessage(over: Over & { type?: string } = {}): QueueMessage {
  const corpId = over.corpId ?? 'wwtestcorp';
  const type = over.type ?? 'change_external_contact.add_external_contact';
  const occurredAt = over.occurredAt ?? 1_700_000_000;
  return {
    v: 1,
    corpId,
    type,
    occurredAt,
    receivedAt: over.receivedAt ?? 1_700_000_000_500,
    eventKey:
      over.eventKey ??
      createHash('sha256')
        .update(JSON.stringify([over, randomUUID()]))
        .digest('hex'),
    event: { ...envelopeOf(type, corpId, occurredAt), ...over.event },
  };
}

/** A message as `concern`'s consumer receives it: read at the boundary (throws unless its queue carries it). */
export function messageFor<C extends Concern>(concern: C, message: unknown): MessageFor<C> {
  const typed = readQueueMessage(JSON.parse(JSON.stringify(message)));
  if (!carries(concern, typed.type)) throw new Error(`the ${concern} queue does not carry ${typed.type}`);
  return typed as MessageFor<C>;
}

export function sqsEvent(bodies: Array<QueueMessage | string>): SQSEvent {
  return {
    Records: bodies.map((b, i) => ({
      messageId: `m-${i}-${randomUUID()}`,
      receiptHandle: `rh-${i}`,
      body: typeof b === 'string' ? b : JSON.stringify(b),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:ap-east-1:000000000000:test',
      awsRegion: 'ap-east-1',
    })),
  };
}
