// WeCom callback: wiring only. Dependencies are built once per container.
import middy from '@middy/core';
import { systemClock } from '../../shared/clock';
import { makeDocumentClient } from '../../shared/aws/clients';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { tableStores } from '../../shared/aws/table-stores';
import { loadEnv } from '../../shared/config/env';
import { makeSecretBox, secretsEnv, storageEnv } from '../../shared/config/runtime';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { lambdaObservability, requestLog } from '../../shared/observability';
import { CachedCallbackKeys } from '../../shared/tenants/callback-keys';
import { makeRouteCallback } from './route-callback';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const env = loadEnv(storageEnv.and(secretsEnv));
  const stores = tableStores(makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT }), env.TABLE_NAME);

  const route = makeRouteCallback({
    keys: new CachedCallbackKeys(stores.tenants, makeSecretBox(env)),
    eventLog: stores.eventLog,
    queues: sqsQueuesFromEnv(),
    clock: systemClock,
    log: requestLog,
  });

  return middy(route).use(lambdaObservability()).use(httpErrorHandler());
});
