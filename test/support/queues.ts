// Per-test queues on the SQS emulator and a way to read everything that is on them.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { createQueues } from '../../scripts/local/resources';

export async function testQueues(sqs: SQSClient, prefix: string) {
  return createQueues(sqs, { tableName: 'unused', idempotencyTableName: 'unused', queuePrefix: prefix });
}

/** Receives and deletes every message currently visible on a queue; returns the parsed bodies. */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<Array<Record<string, unknown>>> {
  const bodies: Array<Record<string, unknown>> = [];
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const msgs = out.Messages ?? [];
    if (msgs.length === 0) return bodies;
    for (const m of msgs) bodies.push(JSON.parse(m.Body ?? '{}') as Record<string, unknown>);
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: msgs.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
}
