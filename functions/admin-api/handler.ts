// Admin API: wiring only.
import middy from '@middy/core';
import * as z from 'zod';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { materialBlobsFromEnv } from '../../shared/aws/s3-blob-store';
import { sleep, wecomDeps } from '../../shared/aws/wecom-deps';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { lambdaObservability, requestLog } from '../../shared/observability';
import { allowPrivateTargets, webhookTargetCheck } from '../../shared/webhooks/http-target';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { jobRunners } from './job-runners';
import { withOpenApi } from './openapi/serve';
import { makeAdminApi, ROUTES } from './routes';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const env = loadEnv(z.object({ ADMIN_API_KEY_HASH: optionalMatching(/^[0-9a-f]{64}$/), SESSION_SECRET: optionalMatching(/^.{32,}$/) }));
  const { stores, ...ctx } = wecomDeps();
  const queues = sqsQueuesFromEnv();
  const deps = { ...ctx, ...stores, blobs: materialBlobsFromEnv(), queues, sleep, webhookEvents: new QueueWebhookPublisher(queues, ctx.clock) };

  // GET /admin/v1/openapi.json answers without a key; everything else goes through the dispatcher.
  const api = withOpenApi(
    makeAdminApi({
      ...deps,
      jobs: jobRunners(deps),
      superAdminKeyHash: env.ADMIN_API_KEY_HASH,
      sessionKey: env.SESSION_SECRET,
      webhookTargets: webhookTargetCheck({ allowPrivate: allowPrivateTargets() }),
      log: requestLog,
    }),
    ROUTES,
  );

  return middy(api).use(lambdaObservability()).use(httpErrorHandler());
});
