// The local event source mapping against an in-memory queue: batches as Lambda forms them (batch size, batching
// window), deletes and visibility changes in requests SQS accepts (≤ 10 entries), failures made visible again.
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startPoller } from './sqs-poller';

/** A queue that answers the three requests the poller sends, refusing what SQS refuses (more than 10 per request). */
class MemoryQueue {
  visible: Message[] = [];
  deleted: string[] = [];
  madeVisible: string[] = [];
  requests: string[] = [];
  private n = 0;

  add(count: number): void {
    for (let i = 0; i < count; i++) {
      const id = `m${++this.n}`;
      this.visible.push({ MessageId: id, ReceiptHandle: `rh-${id}`, Body: '{}' });
    }
  }

  readonly client = {
    send: async (command: unknown): Promise<unknown> => {
      if (command instanceof ReceiveMessageCommand) {
        this.requests.push('receive');
        const max = command.input.MaxNumberOfMessages ?? 1;
        if (max > 10) throw new Error('MaxNumberOfMessages above 10');
        if (this.visible.length === 0 && (command.input.WaitTimeSeconds ?? 0) > 0) await new Promise((r) => setTimeout(r, 20));
        return { Messages: this.visible.splice(0, max) };
      }
      if (command instanceof DeleteMessageBatchCommand) {
        this.requests.push('delete');
        const entries = command.input.Entries ?? [];
        if (entries.length > 10) throw new Error('TooManyEntriesInBatchRequest');
        this.deleted.push(...entries.map((e) => e.ReceiptHandle!.slice(3)));
        return {};
      }
      if (command instanceof ChangeMessageVisibilityBatchCommand) {
        this.requests.push('visibility');
        const entries = command.input.Entries ?? [];
        if (entries.length > 10) throw new Error('TooManyEntriesInBatchRequest');
        this.madeVisible.push(...entries.map((e) => e.ReceiptHandle!.slice(3)));
        return {};
      }
      throw new Error(`unexpected request ${(command as object).constructor.name}`);
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

function poll(queue: MemoryQueue, o: { batchSize?: number; batchingWindowSeconds?: number; fail?: (id: string) => boolean }) {
  const batches: string[][] = [];
  const poller = startPoller({
    sqs: queue.client as unknown as SQSClient,
    queueUrl: 'http://local/q',
    queueArn: 'arn:aws:sqs:ap-east-1:000000000000:q',
    ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
    ...(o.batchingWindowSeconds !== undefined ? { batchingWindowSeconds: o.batchingWindowSeconds } : {}),
    invoke: async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const ids = event.Records.map((r) => r.messageId);
      batches.push(ids);
      return { batchItemFailures: ids.filter((id) => o.fail?.(id)).map((itemIdentifier) => ({ itemIdentifier })) };
    },
  });
  return { batches, poller };
}

test('without a window each invocation gets what one receive returns (at most 10)', async () => {
  const queue = new MemoryQueue();
  queue.add(25);
  const { batches, poller } = poll(queue, {});
  await until(() => queue.deleted.length === 25);
  await poller.stop();
  expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
});

test('with a window, messages that arrive inside it join the batch up to the batch size; deletes go 10 at a time', async () => {
  const queue = new MemoryQueue();
  queue.add(5);
  const { batches, poller } = poll(queue, { batchSize: 30, batchingWindowSeconds: 5 });
  setTimeout(() => queue.add(40), 100);
  await until(() => queue.deleted.length === 45);
  await poller.stop();
  // The first batch is full (30) long before the 5 s window ends; the rest forms the next one.
  expect(batches.map((b) => b.length)).toEqual([30, 15]);
  expect(new Set(queue.deleted).size).toBe(45);
  expect(queue.requests.filter((r) => r === 'delete')).toHaveLength(5);
});

test('failed records of a large batch are made visible again, in requests of at most 10', async () => {
  const queue = new MemoryQueue();
  queue.add(24);
  const fail = (id: string) => Number(id.slice(1)) % 2 === 0;
  const { poller } = poll(queue, { batchSize: 24, batchingWindowSeconds: 1, fail });
  await until(() => queue.deleted.length + queue.madeVisible.length === 24);
  await poller.stop();
  expect(queue.madeVisible.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m${(i + 1) * 2}`).sort());
  expect(queue.deleted).toHaveLength(12);
});
