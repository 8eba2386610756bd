// Operation-log append cost on DynamoDB Local: one append (consistent head read + a two-item
// TransactWrite) one after another, and bursts of concurrent appends of one tenant (each conflict
// re-reads the head and retries), with the transactions each burst needed. The chain is verified after
// each burst. No target: an admin write adds one append; the numbers say what it costs and how a burst
// of writes of one tenant degrades.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { verifyOperationLog } from '../functions/admin-api/operation-log';
import { makeDocumentClient, makeDynamoClient } from '../shared/aws/clients';
import { DynamoOperationLog } from '../shared/db/operation-log-repository';
import type { OperationDraft } from '../shared/oplog/entry';
import { startDynamo } from '../scripts/local/emulators';
import { createTables } from '../scripts/local/resources';
import { table, type BenchModule } from './harness';

const TABLE = 'siyu-bench-oplog';
const SEQUENTIAL = 200;
const BURSTS = [1, 4, 8, 16] as const;

const draft = (corpId: string, i: number): OperationDraft => ({
  corpId,
  actor: { keyId: 'bench0000001', role: 'admin', userId: 'zhangsan' },
  route: 'PATCH /admin/v1/tenants/{corpId}/channels/{id}',
  target: { id: `ch${i}` },
  status: 200,
  source: 'resource',
  diff: { name: { from: `门店码 ${i}`, to: `门店码 ${i + 1}` }, staff: { from: ['zhangsan'], to: ['lisi', 'wangwu'] }, updatedAt: { from: 'a', to: 'b' } },
});

/** A document client that counts TransactWrite calls. */
function counting(doc: DynamoDBDocumentClient) {
  const tally = { transactions: 0 };
  const proxy = new Proxy(doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (cmd: { constructor: { name: string } }) => {
        if (cmd.constructor.name === 'TransactWriteCommand') tally.transactions++;
        return target.send(cmd as never);
      };
    },
  });
  return { doc: proxy, tally };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

export const benchmark: BenchModule = {
  title: 'Operation log append on DynamoDB Local',
  async run() {
    const dynamo = await startDynamo();
    const ddb = makeDynamoClient({ endpoint: dynamo.endpoint, region: 'local' });
    try {
      await createTables(ddb, { tableName: TABLE, idempotencyTableName: `${TABLE}-idem`, queuePrefix: 'unused' });
      const { doc, tally } = counting(makeDocumentClient({ endpoint: dynamo.endpoint, region: 'local' }));
      const log = new DynamoOperationLog(doc, TABLE);
      const corpId = `wwbench${randomUUID().replace(/-/g, '').slice(0, 10)}`;
      for (let i = 0; i < 20; i++) await log.append(draft(corpId, i), Date.now()); // warm-up
      const times: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i++) {
        const t = performance.now();
        await log.append(draft(corpId, i), Date.now());
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const rows: Array<Array<string | number>> = [[`sequential ×${SEQUENTIAL}`, pct(times, 50), pct(times, 99), '1.00']];
      for (const n of BURSTS) {
        const burstCorp = `wwburst${randomUUID().replace(/-/g, '').slice(0, 10)}`;
        const before = tally.transactions;
        const t = performance.now();
        const latencies = await Promise.all(
          Array.from({ length: n }, async (_, i) => {
            const s = performance.now();
            await log.append(draft(burstCorp, i), Date.now());
            return performance.now() - s;
          }),
        );
        const wall = performance.now() - t;
        const verdict = await verifyOperationLog({ operationLog: log }, burstCorp);
        if (!verdict.ok || verdict.entries !== n) throw new Error(`burst of ${n}: chain broken: ${JSON.stringify(verdict)}`);
        latencies.sort((a, b) => a - b);
        rows.push([`burst of ${n} (wall ${wall.toFixed(0)} ms)`, pct(latencies, 50), pct(latencies, 99), ((tally.transactions - before) / n).toFixed(2)]);
      }
      return table(['appends of one tenant', 'p50 ms', 'p99 (max) ms', 'transactions per append'], rows);
    } finally {
      ddb.destroy();
      await dynamo.stop();
    }
  },
};
