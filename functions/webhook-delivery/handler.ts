// Webhook delivery consumer: wiring only.
import middy from '@middy/core';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import { makeSqsClient } from '../../shared/aws/clients';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { concernQueueEnv } from '../../shared/domain/fanout';
import { lambdaObservability, logger } from '../../shared/observability';
import { allowPrivateTargets, webhookPoster } from '../../shared/webhooks/http-target';
import { consumeWebhooks } from './consume-webhooks';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, clock, secrets } = wecomDeps();
  const sqs = makeSqsClient({ endpoint: process.env.SQS_ENDPOINT });
  const queueUrl = String(process.env[concernQueueEnv('webhook')]);
  const deps = {
    webhooks: stores.webhooks,
    secrets,
    clock,
    queues: sqsQueuesFromEnv(),
    poster: webhookPoster({ allowPrivate: allowPrivateTargets() }),
    delay: async (receiptHandle: string, seconds: number) => {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    },
  };

  return middy((event: Parameters<typeof consumeWebhooks>[1]) => consumeWebhooks(deps, event, (message, fields) => logger.warn(message, fields))).use(
    lambdaObservability(),
  );
});
