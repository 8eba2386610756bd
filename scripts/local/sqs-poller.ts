// Local stand-in for Lambda's SQS event source mapping: long-polls a queue and invokes the consumer
// with an SQS event, then deletes what succeeded (ReportBatchItemFailures semantics). Failed records are
// made visible again after a short delay, so local retries — and the DLQ after maxReceiveCount — happen
// within seconds instead of the queue's production visibility timeout. Batching follows the function's event
// source settings (serverless.yml): with a batching window the poller keeps receiving (10 per request, SQS's
// limit) until the batch is full or the window since the first message has passed, as Lambda does; deletes
// and visibility changes go in requests of at most 10 entries.
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  /** Invokes the consumer; resolves with its batch response, rejects when the invocation failed. */
  invoke: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** Records per invocation (default 10). */
  batchSize?: number;
  /** Seconds to keep gathering a batch after its first message (maximumBatchingWindow; default 0). */
  batchingWindowSeconds?: number;
  retryDelaySeconds?: number;
  /** Batches in flight at once, like Lambda's concurrent invocations from one event source (default 1: on a
   *  2-core machine more loops only add CPU contention; measured with bench/ack-latency.bench.ts). */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

export function toSqsEvent(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { stringValue: v.StringValue, dataType: v.DataType ?? 'String', stringListValues: [], binaryListValues: [] },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: queueArn.split(':')[3] ?? 'local',
    })),
  };
}

/** SQS's limit on messages per ReceiveMessage and entries per batch request. */
const SQS_BATCH_LIMIT = 10;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function startPoller(o: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const batchSize = o.batchSize ?? SQS_BATCH_LIMIT;
  const windowMs = (o.batchingWindowSeconds ?? 0) * 1000;
  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const out = await o.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: o.queueUrl,
        MaxNumberOfMessages: Math.min(max, SQS_BATCH_LIMIT),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return out.Messages ?? [];
  };
  /** One batch: what the first (long-polling) receive returns, then more until full or the window has passed. */
  const gather = async (): Promise<Message[]> => {
    const messages = await receive(batchSize, 1);
    if (messages.length === 0 || windowMs === 0) return messages;
    const until = Date.now() + windowMs;
    while (running && messages.length < batchSize) {
      const left = until - Date.now();
      if (left <= 0) break;
      const more = await receive(batchSize - messages.length, left >= 1000 ? 1 : 0);
      messages.push(...more);
      if (more.length === 0 && left < 1000) await new Promise((r) => setTimeout(r, Math.min(left, 100)));
    }
    return messages;
  };
  const loop = async () => {
    while (running) {
      try {
        const messages = await gather();
        if (messages.length === 0) continue;
        let failedIds: Set<string>;
        try {
          const res = await o.invoke(toSqsEvent(messages, o.queueArn));
          failedIds = new Set((res?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        } catch (e) {
          o.onError?.(e);
          failedIds = new Set(messages.map((m) => m.MessageId!));
        }
        const done = messages.filter((m) => !failedIds.has(m.MessageId!));
        const failed = messages.filter((m) => failedIds.has(m.MessageId!));
        for (const part of chunks(done, SQS_BATCH_LIMIT)) {
          await o.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: o.queueUrl,
              Entries: part.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
        for (const part of chunks(failed, SQS_BATCH_LIMIT)) {
          await o.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: o.queueUrl,
              Entries: part.map((m, i) => ({
                Id: String(i),
                ReceiptHandle: m.ReceiptHandle!,
                VisibilityTimeout: o.retryDelaySeconds ?? 2,
              })),
            }),
          );
        }
      } catch (e) {
        if (!running) break;
        o.onError?.(e);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const loops = Array.from({ length: o.concurrency ?? 1 }, () => loop());
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}
