// Local stand-in for Lambda's SQS event source mapping: long-polls a queue and invokes the consumer
// with an SQS event, then deletes what succeeded (ReportBatchItemFailures semantics). Failed records are
// made visible again after a short delay, so local retries — and the DLQ after maxReceiveCount — happen
// within seconds instead of the queue's production visibility timeout.
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  /** Invokes the consumer; resolves with its batch response, rejects when the invocation failed. */
  invoke: (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  batchSize?: number;
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

export function startPoller(o: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const out = await o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: o.queueUrl,
            MaxNumberOfMessages: o.batchSize ?? 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = out.Messages ?? [];
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
        if (done.length > 0) {
          await o.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: o.queueUrl,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          );
        }
        if (failed.length > 0) {
          await o.sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: o.queueUrl,
              Entries: failed.map((m, i) => ({
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
