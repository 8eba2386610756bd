// Greeting consumer: wiring only.
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { materialBlobsFromEnv } from '../../shared/aws/s3-blob-store';
import { sleep, wecomDeps } from '../../shared/aws/wecom-deps';
import { cloudWatchMetrics, lambdaObservability } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { sendWelcome } from './send-welcome';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = {
    ...ctx,
    blobs: materialBlobsFromEnv(),
    channels: stores.channels,
    audit: stores.auditLog,
    follows: stores.follows,
    customers: stores.customerRecords,
    materials: stores.materials,
    count: (metric: string) => cloudWatchMetrics.addMetric(metric, MetricUnit.Count, 1),
    sleep,
  };

  const consume = makeSqsConsumer({
    concern: 'greeting',
    handle: (message) => sendWelcome(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
