// Greeting consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { z } from 'zod';
import { makeDocumentClient, makeDynamoClient } from '../../shared/aws/clients';
import { loadEnv } from '../../shared/config/env';
import { makeSecretBox, secretsEnv, storageEnv } from '../../shared/config/runtime';
import { DynamoRateBudgetStore } from '../../shared/db/rate-budget-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { DynamoTokenStore } from '../../shared/db/token-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { createWecomClient } from '../../shared/wecom/client';
import { createRateBudget } from '../../shared/wecom/rate-budget';
import { sendWelcome } from './send-welcome';

const env = loadEnv(storageEnv.and(secretsEnv).and(z.object({ IDEMPOTENCY_TABLE_NAME: z.string().min(1), WECOM_API_BASE: z.url() })));
const ddb = makeDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT });
const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });
const secrets = makeSecretBox(env);
const wecom = createWecomClient({
  baseUrl: env.WECOM_API_BASE,
  tokens: new DynamoTokenStore(doc, env.TABLE_NAME, secrets),
  budget: createRateBudget({ store: new DynamoRateBudgetStore(doc, env.TABLE_NAME) }),
});
const deps = { tenants: new DynamoTenantStore(doc, env.TABLE_NAME), secrets, wecom, nowMs: Date.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

const consume = makeSqsConsumer({
  concern: 'greeting',
  handle: (message) => sendWelcome(deps, message),
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: ddb }),
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
