// Admin API: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { adminStores } from '../../shared/aws/admin-stores';
import { customerStores } from '../../shared/customers/stores';
import { makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { wecomContext } from '../../shared/aws/wecom-context';
import { systemClock } from '../../shared/clock';
import { loadEnv, optionalMatching } from '../../shared/config/env';
import { queueEnv, queueUrlsFrom } from '../../shared/config/runtime';
import { httpErrorHandler } from '../../shared/http/error-handler';
import { logger } from '../../shared/observability';
import { DynamoGroupCodeStore, DynamoGroupWelcomeTemplateStore } from '../../shared/db/group-code-repository';
import { DynamoGroupStore } from '../../shared/db/group-repository';
import { jobRunners, scheduleStores } from '../../shared/aws/jobs-context';
import { makeAdminApi } from './routes';

const env = loadEnv(queueEnv.and(z.object({ ADMIN_API_KEY_HASH: optionalMatching(/^[0-9a-f]{64}$/) })));
const { doc, tableName, ...ctx } = wecomContext();

const api = makeAdminApi({
  ...ctx,
  ...adminStores(doc, tableName),
  ...customerStores(doc, tableName),
  groups: new DynamoGroupStore(doc, tableName),
  groupCodes: new DynamoGroupCodeStore(doc, tableName),
  groupWelcomeTemplates: new DynamoGroupWelcomeTemplateStore(doc, tableName),
  queues: new SqsQueuePublisher(makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined }), queueUrlsFrom(env)),
  ...scheduleStores(doc, tableName),
  jobs: jobRunners(),
  superAdminKeyHash: env.ADMIN_API_KEY_HASH,
  clock: systemClock,
});

export const handler = middy(api).use(injectLambdaContext(logger, { resetKeys: true })).use(httpErrorHandler());
