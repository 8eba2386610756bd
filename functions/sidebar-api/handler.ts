// Sidebar API: wiring only.
import middy from '@middy/core';
import * as z from 'zod';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { materialBlobsFromEnv } from '../../shared/aws/s3-blob-store';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { lambdaObservability, requestLog } from '../../shared/observability';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { trustedDomainOf } from '../../shared/wecom/trusted-domain';
import { makeSidebarApi } from './api';
import { parseJssdkUrls } from './config-route';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const env = loadEnv(
    z.object({
      ADMIN_API_KEY_HASH: optionalMatching(/^[0-9a-f]{64}$/),
      SESSION_SECRET: optionalMatching(/^.{32,}$/),
      PUBLIC_BASE_URL: z.union([z.url(), z.literal('')]).optional(),
      WECOM_JSSDK_URLS: z.string().optional(),
    }),
  );
  const { stores, tenants, secrets, clock, wecom, jsapiTickets } = wecomDeps();

  const api = makeSidebarApi({
    ...stores,
    tenants,
    secrets,
    clock,
    webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), clock),
    wecom,
    blobs: materialBlobsFromEnv(),
    tickets: jsapiTickets,
    trustedDomain: env.PUBLIC_BASE_URL ? trustedDomainOf(env.PUBLIC_BASE_URL) : undefined,
    superAdminKeyHash: env.ADMIN_API_KEY_HASH,
    sessionKey: env.SESSION_SECRET,
    jssdkScripts: parseJssdkUrls(env.WECOM_JSSDK_URLS),
    log: requestLog,
  });

  return middy(api).use(lambdaObservability()).use(httpErrorHandler());
});
