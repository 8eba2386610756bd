// The composition root of functions that call WeCom: configuration, the DynamoDB clients, every store on
// the table (table-stores.ts), the secret box, tenants, the WeCom client (DynamoDB token cache + per-tenant
// rate budget; a WeComError metric per errcode answer), the JS-SDK ticket cache on the same token store, the idempotency store, the clock and a real
// sleep. Built once per container, on the handler's first invocation (shared/config/on-first-call.ts: importing a
// handler reads no environment); the handler picks what its use case needs.
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import * as z from 'zod';
import { systemClock } from '../clock';
import { loadEnv } from '../config/env';
import { makeSecretBox, secretsEnv, storageEnv } from '../config/runtime';
import { cloudWatchMetrics } from '../observability';
import { DynamoTokenStore } from '../db/token-repository';
import type { TenantStore } from '../tenants/tenant';
import { createWecomClient } from '../wecom/client';
import { createJsapiTickets } from '../wecom/jsapi-tickets';
import { createRateBudget } from '../wecom/rate-budget';
import { makeDocumentClient, makeDynamoClient } from './clients';
import { tableStores } from './table-stores';
import { CachedTenantStore, TENANT_CACHE_TTL_MS } from '../tenants/cached-tenants';

/** Tenant records cached per container for `ttlMs` (TENANT_CACHE_TTL_MS; 0 = not cached). */
function cachedTenants<S extends { tenants: TenantStore }>(stores: S, ttlMs: number): S {
  return ttlMs > 0 ? { ...stores, tenants: new CachedTenantStore(stores.tenants, { ttlMs }) } : stores;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One WeComError (namespace Siyu, dimension errcode) per errcode ≠ 0 answer: its own EMF record, so the
 *  consumers' per-concern metrics keep their dimensions. The dashboard graphs it by code. */
export function countWecomError(errcode: number): void {
  const m = cloudWatchMetrics.singleMetric();
  m.addDimension('errcode', String(errcode));
  m.addMetric('WeComError', MetricUnit.Count, 1);
}

export function wecomDeps() {
  const env = loadEnv(
    storageEnv
      .and(secretsEnv)
      .and(z.object({ IDEMPOTENCY_TABLE_NAME: z.string().min(1), WECOM_API_BASE: z.url(), TENANT_CACHE_TTL_MS: z.coerce.number().int().min(0).optional() })),
  );
  const ddb = makeDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const doc = makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const secrets = makeSecretBox(env);
  // Tenant records cached in the container (30 s; the container's own puts at once): shared/tenants/cached-tenants.ts.
  const stores = cachedTenants(tableStores(doc, env.TABLE_NAME), env.TENANT_CACHE_TTL_MS ?? TENANT_CACHE_TTL_MS);
  const tokens = new DynamoTokenStore(doc, env.TABLE_NAME, secrets);
  const wecom = createWecomClient({
    baseUrl: env.WECOM_API_BASE,
    tokens,
    budget: createRateBudget({ store: stores.rateBudget }),
    onErrcode: countWecomError,
  });
  return {
    stores,
    clock: systemClock,
    secrets,
    tenants: stores.tenants,
    wecom,
    /** JS-SDK tickets, cached beside the access tokens (same store, same refresh rules). */
    jsapiTickets: createJsapiTickets({ wecom, store: tokens }),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: ddb }),
  };
}
