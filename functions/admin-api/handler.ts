// Admin API: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { makeDocumentClient, makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { makeSecretBox, queueEnv, queueUrlsFrom, secretsEnv, storageEnv } from '../../shared/config/runtime';
import { DynamoApiKeyStore } from '../../shared/db/api-key-repository';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoEventLog } from '../../shared/db/event-log-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { logger } from '../../shared/observability';
import { makeAdminApi } from './routes';

const env = loadEnv(
  storageEnv.and(queueEnv).and(secretsEnv).and(z.object({ ADMIN_API_KEY_HASH: optionalMatching(/^[0-9a-f]{64}$/) })),
);
const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });

const api = makeAdminApi({
  tenants: new DynamoTenantStore(doc, env.TABLE_NAME),
  apiKeys: new DynamoApiKeyStore(doc, env.TABLE_NAME),
  secrets: makeSecretBox(env),
  customers: new DynamoFollowStore(doc, env.TABLE_NAME),
  auditLog: new DynamoAuditLog(doc, env.TABLE_NAME),
  eventLog: new DynamoEventLog(doc, env.TABLE_NAME),
  queues: new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env)),
  superAdminKeyHash: env.ADMIN_API_KEY_HASH,
  now: () => new Date(),
  nowSeconds: () => Math.floor(Date.now() / 1000),
});

export const handler = middy(api).use(injectLambdaContext(logger, { resetKeys: true })).use(httpErrorHandler());
