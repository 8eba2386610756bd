// Child process of bench/callback-keys-memory.bench.ts (run with --expose-gc, so that RSS is measured
// after a full collection and in a process that did nothing else): the callback's CachedCallbackKeys on
// DynamoDB Local (or, with CK_STORE=memory, an in-memory store that knows no corp) asked for `CK_IDS`
// distinct unknown corp ids, `CK_CONCURRENCY` at a time, as a flood of forged callbacks would. Prints one
// JSON line.
import { randomUUID } from 'node:crypto';
import { makeDocumentClient } from '../shared/aws/clients';
import { DynamoTenantStore } from '../shared/db/tenant-repository';
import { LocalSecretBox } from '../shared/secrets/local-secret-box';
import { CachedCallbackKeys } from '../shared/tenants/callback-keys';
import type { TenantStore } from '../shared/tenants/tenant';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const MB = 1024 * 1024;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage();
};

const ids = Number(process.env.CK_IDS ?? 20_000);
const concurrency = Number(process.env.CK_CONCURRENCY ?? 20);
const inMemory = process.env.CK_STORE === 'memory';
const doc = makeDocumentClient({ endpoint: process.env.CK_DYNAMODB_ENDPOINT });
const nobody: TenantStore = { get: async () => undefined, put: async () => undefined };
const store = inMemory ? nobody : new DynamoTenantStore(doc, process.env.CK_TABLE!);
const keys = new CachedCallbackKeys(store, new LocalSecretBox(Buffer.alloc(32, 7).toString('base64')));
/** `n` gets of fresh random corp ids, `concurrency` at a time (ids made on the fly: nothing else is retained). */
async function flood(n: number): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < n) {
      sent++;
      await keys.get(`ww${randomUUID().replace(/-/g, '').slice(0, 16)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

// Warm up (SDK client, connection pool, code paths), then measure from a collected baseline.
await flood(500);
const before = await settle();
const started = performance.now();
await flood(ids);
const seconds = (performance.now() - started) / 1000;
const beforeGc = process.memoryUsage();
const after = await settle();
const size = (keys as { size?: unknown }).size;
console.log(
  JSON.stringify({
    ids,
    store: inMemory ? 'in-memory' : 'DynamoDB Local',
    rssNoGcMb: beforeGc.rss / MB,
    rssBeforeMb: before.rss / MB,
    rssAfterMb: after.rss / MB,
    heapBeforeMb: before.heapUsed / MB,
    heapAfterMb: after.heapUsed / MB,
    seconds,
    held: size ?? 'not reported',
  }),
);
doc.destroy();
