// Memory of the callback's tenant-key cache under a flood of unknown corp ids (anyone can send a callback
// for any corp id): a child process (bench/callback-keys-memory.child.ts, --expose-gc) asks
// CachedCallbackKeys on DynamoDB Local for 20,000 distinct unknown corp ids and reports RSS and heap after
// a full collection, before and after; then 200,000 ids against an in-memory store, to show the trend
// (a bounded cache stays flat, an unbounded one grows with the ids). Target: the heap retained after a full
// GC grows by less than 10 MB in both (RSS is reported too, but the allocator keeps freed pages, so it
// mixes retention with transient peaks). BENCH_CK_IDS and BENCH_CK_MANY tune the numbers of ids.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { makeDynamoClient } from '../shared/aws/clients';
import { startDynamo } from '../scripts/local/emulators';
import { createTables } from '../scripts/local/resources';
import { table, verdict, type BenchModule } from './harness';

const IDS = Number(process.env.BENCH_CK_IDS ?? 20_000);
const MANY = Number(process.env.BENCH_CK_MANY ?? 200_000);
const TARGET_MB = 10;
const TABLE = 'siyu-bench-callback-keys';

interface ChildResult {
  ids: number;
  store: string;
  rssNoGcMb: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  seconds: number;
  held: unknown;
}

function runChild(endpoint: string, ids: number, store: 'dynamodb' | 'memory'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'callback-keys-memory.child.ts')], {
      env: { ...process.env, CK_DYNAMODB_ENDPOINT: endpoint, CK_TABLE: TABLE, CK_IDS: String(ids), CK_STORE: store },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) return reject(new Error(`child exited ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

export const benchmark: BenchModule = {
  title: `Callback key cache memory after ${IDS.toLocaleString('en')} unknown corp ids`,
  async run() {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const dynamo = await startDynamo();
    try {
      const raw = makeDynamoClient({ endpoint: dynamo.endpoint });
      await createTables(raw, { tableName: TABLE, idempotencyTableName: `${TABLE}-idem`, queuePrefix: 'unused' });
      raw.destroy();
      const rows = [await runChild(dynamo.endpoint, IDS, 'dynamodb'), await runChild(dynamo.endpoint, MANY, 'memory')].map((r) => {
        const heapGrowth = r.heapAfterMb - r.heapBeforeMb;
        return [
          r.ids,
          r.store,
          r.rssBeforeMb,
          r.rssNoGcMb,
          r.rssAfterMb,
          r.rssAfterMb - r.rssBeforeMb,
          heapGrowth,
          JSON.stringify(r.held),
          r.seconds,
          verdict(heapGrowth < TARGET_MB),
        ];
      });
      return [
        table(
          [
            'unknown corp ids',
            'store',
            'RSS before (MB)',
            'RSS right after (MB)',
            'RSS after GC (MB)',
            'RSS growth (MB)',
            'heap growth (MB)',
            'entries held',
            'time (s)',
            `target: heap growth < ${TARGET_MB} MB`,
          ],
          rows,
        ),
        '',
        '"Before" and "after GC" follow a forced full GC in a child process that does only this; "right after" is before that GC.',
      ].join('\n');
    } finally {
      await dynamo.stop();
    }
  },
};
