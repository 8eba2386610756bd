// The composition root shared by functions that call WeCom: configuration, DynamoDB clients, the secret
// box, the WeCom client (DynamoDB token cache + per-tenant budget), tenants and the idempotency store.
// Built once per container, at module scope of the handler.
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { z } from 'zod';
import { loadEnv } from '../config/env';
import { makeSecretBox, secretsEnv, storageEnv } from '../config/runtime';
import { DynamoRateBudgetStore } from '../db/rate-budget-repository';
import { DynamoTenantStore } from '../db/tenant-repository';
import { DynamoTokenStore } from '../db/token-repository';
import { createWecomClient } from '../wecom/client';
import { createRateBudget } from '../wecom/rate-budget';
import { makeDocumentClient, makeDynamoClient } from './clients';

export function wecomContext() {
  const env = loadEnv(storageEnv.and(secretsEnv).and(z.object({ IDEMPOTENCY_TABLE_NAME: z.string().min(1), WECOM_API_BASE: z.url() })));
  const ddb = makeDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const secrets = makeSecretBox(env);
  return {
    tableName: env.TABLE_NAME,
    doc,
    secrets,
    tenants: new DynamoTenantStore(doc, env.TABLE_NAME),
    wecom: createWecomClient({
      baseUrl: env.WECOM_API_BASE,
      tokens: new DynamoTokenStore(doc, env.TABLE_NAME, secrets),
      budget: createRateBudget({ store: new DynamoRateBudgetStore(doc, env.TABLE_NAME) }),
    }),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: ddb }),
  };
}
