// Admin API: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { channelContext } from '../../shared/aws/channel-context';
import { wecomContext } from '../../shared/aws/wecom-context';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { queueEnv, queueUrlsFrom } from '../../shared/config/runtime';
import { DynamoApiKeyStore } from '../../shared/db/api-key-repository';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoEventLog } from '../../shared/db/event-log-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { DynamoKeywordRuleStore } from '../../shared/db/keyword-rule-repository';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { logger } from '../../shared/observability';
import { makeAdminApi } from './routes';

const env = loadEnv(queueEnv.and(z.object({ ADMIN_API_KEY_HASH: optionalMatching(/^[0-9a-f]{64}$/) })));
const { doc, tableName, ...ctx } = wecomContext();

const api = makeAdminApi({
  ...ctx,
  apiKeys: new DynamoApiKeyStore(doc, tableName),
  ...channelContext(doc, tableName),
  customers: new DynamoFollowStore(doc, tableName),
  auditLog: new DynamoAuditLog(doc, tableName),
  keywordRules: new DynamoKeywordRuleStore(doc, tableName),
  eventLog: new DynamoEventLog(doc, tableName),
  queues: new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env)),
  superAdminKeyHash: env.ADMIN_API_KEY_HASH,
  now: () => new Date(),
  nowSeconds: () => Math.floor(Date.now() / 1000),
});

export const handler = middy(api).use(injectLambdaContext(logger, { resetKeys: true })).use(httpErrorHandler());
