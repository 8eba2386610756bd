// Callback ack latency on the local stack (npm start's stack: serverless-offline, DynamoDB Local, fauxqs)
// under a steady load of distinct add_external_contact events, and — for every fifth event — how soon the
// relationship consumer has applied it (read from DynamoDB Local directly, so the measurement adds no
// load to the functions). Skipped with BENCH_SKIP_STACK=1.
import { randomUUID } from 'node:crypto';
import { freePort } from '../scripts/local/emulators';
import { startLocalStack } from '../scripts/local/stack';
import { makeDocumentClient } from '../shared/aws/clients';
import { DynamoFollowStore } from '../shared/db/follow-repository';
import { decodeAesKey } from '../shared/wecom/crypto';
import { addExternalContactXml, callbackQueryString, signedCallback } from '../simulator/callbacks';
import { DEMO_TENANT } from '../simulator/demo-tenant';
import { table, type BenchModule } from './harness';

const RATE = Number(process.env.BENCH_RATE ?? 20); // requests per second
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

export const stackLatencyBench: BenchModule = {
  title: `Local stack: callback ack latency at ${RATE} req/s for ${SECONDS} s`,
  async run() {
    if (process.env.BENCH_SKIP_STACK === '1') return '_skipped (BENCH_SKIP_STACK=1)_';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const stack = await startLocalStack({ port: await freePort(), simulatorPort: 0, adminApiKey: 'bench' });
    try {
      const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
      const acks: number[] = [];
      const applied: number[] = [];
      const statuses = new Map<number, number>();
      const pending: Array<Promise<void>> = [];
      const doc = makeDocumentClient({ endpoint: stack.dynamoEndpoint });
      const follows = new DynamoFollowStore(doc, 'siyu-local');
      let sampled = 0;
      const send = async () => {
        const ext = `wm${randomUUID().replace(/-/g, '')}`;
        const xml = addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext });
        const cb = signedCallback({ corpId: DEMO_TENANT.corpId, token: DEMO_TENANT.token, aesKey, xml });
        const t0 = performance.now();
        const res = await fetch(`${stack.url}/wecom/${DEMO_TENANT.corpId}/callback?${callbackQueryString(cb.query)}`, { method: 'POST', body: cb.body });
        await res.text();
        acks.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (sampled++ % 5 !== 0) return;
        for (let i = 0; i < 500; i++) {
          if ((await follows.followsOfCustomer(DEMO_TENANT.corpId, ext)).length > 0) {
            applied.push(performance.now() - t0);
            return;
          }
          await new Promise((r2) => setTimeout(r2, 10));
        }
      };
      for (let i = 0; i < 5; i++) await send(); // warm the functions
      acks.length = 0;
      applied.length = 0;
      statuses.clear();
      const total = RATE * SECONDS;
      const start = performance.now();
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(send());
      }
      await Promise.all(pending);
      const row = (name: string, xs: number[]) => [name, xs.length, pct(xs, 50), pct(xs, 95), pct(xs, 99), Math.max(...xs)];
      return [
        table(['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'], [row('callback → 200', acks), row('callback → relationship applied (every 5th; 10 ms polling)', applied)]),
        '',
        `Statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}.`,
      ].join('\n');
    } finally {
      await stack.stop();
    }
  },
};
