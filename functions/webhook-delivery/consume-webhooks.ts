// The webhook queue's SQS batch: each record through handleWebhookRecord; records to retry (or unreadable,
// or whose handling threw) are reported as batch item failures (ReportBatchItemFailures), the rest deleted.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { handleWebhookRecord, type WebhookDeliveryDeps } from './deliver-webhook';

export async function consumeWebhooks(
  deps: WebhookDeliveryDeps,
  event: SQSEvent,
  onError: (message: string, fields: Record<string, unknown>) => void = () => undefined,
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const r of event.Records) {
    try {
      const outcome = await handleWebhookRecord(deps, {
        body: r.body,
        receiptHandle: r.receiptHandle,
        receiveCount: Number(r.attributes.ApproximateReceiveCount) || 1,
      });
      if (outcome === 'retry') batchItemFailures.push({ itemIdentifier: r.messageId });
    } catch (e) {
      // Never the URL's secret or the body: the message id and the error only.
      onError('webhook record failed', { messageId: r.messageId, error: (e as Error).message });
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}
