// WeCom callback: wiring only. Dependencies are built once per container.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { makeDocumentClient, makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { loadEnv } from '../../shared/config/env';
import { makeSecretBox, queueEnv, queueUrlsFrom, secretsEnv, storageEnv } from '../../shared/config/runtime';
import { DynamoEventLog } from '../../shared/db/event-log-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { logger } from '../../shared/observability';
import { CachedCallbackKeys } from '../../shared/tenants/callback-keys';
import { makeRouteCallback } from './route-callback';

const env = loadEnv(storageEnv.and(queueEnv).and(secretsEnv));
const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });

const route = makeRouteCallback({
  keys: new CachedCallbackKeys(new DynamoTenantStore(doc, env.TABLE_NAME), makeSecretBox(env)),
  eventLog: new DynamoEventLog(doc, env.TABLE_NAME),
  queues: new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env)),
  now: Date.now,
});

export const handler = middy(route).use(injectLambdaContext(logger, { resetKeys: true })).use(httpErrorHandler());
