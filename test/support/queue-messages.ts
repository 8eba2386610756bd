// Builders of queue messages and SQS events for consumer tests.
import { createHash, randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import type { QueueMessage } from '../../shared/events/queue-message.schema';

export function queueMessage(over: Partial<QueueMessage> & { event?: Record<string, unknown> } = {}): QueueMessage {
  const event = over.event ?? {};
  return {
    v: 1,
    corpId: over.corpId ?? 'wwtestcorp',
    type: over.type ?? 'change_external_contact.add_external_contact',
    occurredAt: over.occurredAt ?? 1_700_000_000,
    receivedAt: over.receivedAt ?? 1_700_000_000_500,
    eventKey: over.eventKey ?? createHash('sha256').update(JSON.stringify([over, randomUUID()])).digest('hex'),
    event,
  };
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
