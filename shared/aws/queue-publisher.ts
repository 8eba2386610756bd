// Sends queue messages to the concern queues (SQS). Message attributes carry the keys for tracing; inside Lambda the
// X-Ray trace header goes along as the AWSTraceHeader system attribute, so the consumer's trace continues the sender's.
// sqsQueuesFromEnv builds the publisher from the queue URLs in the environment (the composition root's).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { loadEnv } from '../config/env';
import { queueEnv, queueUrlsFrom } from '../config/runtime';
import { makeSqsClient } from './clients';
import type { Concern } from '../domain/fanout';
import type { QueuePublisher } from '../events/ports';
import type { QueueMessage } from '../events/queue-message.schema';

/**
 * The AWSTraceHeader of a send: the invocation's X-Ray header (`_X_AMZN_TRACE_ID`, set by Lambda per invocation) cut
 * to the Root, Parent and Sampled fields SQS accepts; none outside Lambda (tests, the local stack).
 */
export function traceHeaderOf(env: string | undefined): string | undefined {
  if (!env) return undefined;
  const fields = env.split(';').filter((f) => /^(Root|Parent|Sampled)=[^;=]+$/.test(f.trim()));
  return fields.some((f) => f.startsWith('Root=')) ? fields.join(';') : undefined;
}

export class SqsQueuePublisher implements QueuePublisher {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrls: Readonly<Record<Concern, string>>,
  ) {}

  async publish(concern: Concern, message: QueueMessage): Promise<void> {
    const url = this.queueUrls[concern];
    const traceHeader = traceHeaderOf(process.env._X_AMZN_TRACE_ID);
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: JSON.stringify(message),
        // FIFO queues (the archive): one ordered group per tenant, deduplicated by event key.
        ...(url.endsWith('.fifo') ? { MessageGroupId: message.corpId, MessageDeduplicationId: message.eventKey } : {}),
        MessageAttributes: {
          eventKey: { DataType: 'String', StringValue: message.eventKey },
          eventType: { DataType: 'String', StringValue: message.type },
          corpId: { DataType: 'String', StringValue: message.corpId },
        },
        ...(traceHeader ? { MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: traceHeader } } } : {}),
      }),
    );
  }
}

export function sqsQueuesFromEnv(): SqsQueuePublisher {
  const env = loadEnv(queueEnv);
  return new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env));
}
