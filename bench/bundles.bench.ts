// Bundle size (gzip) and load time per function: a fresh `node` importing the bundle (module-scope init:
// config validation, SDK clients) minus a fresh `node` doing nothing. Median of 7.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CONCERNS, concernQueueEnv } from '../shared/domain/fanout';
import { table, type BenchModule } from './harness';

const env = {
  PATH: process.env.PATH ?? '',
  TABLE_NAME: 'siyu-bench',
  IDEMPOTENCY_TABLE_NAME: 'siyu-bench-idempotency',
  LOCAL_SECRET_KEY: randomBytes(32).toString('base64'),
  AWS_REGION: 'ap-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), `http://127.0.0.1:1/000000000000/${c}`])),
};

function wallMs(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const bundlesBench: BenchModule = {
  title: 'Bundle size and load time per function',
  async run() {
    // @ts-expect-error esbuild.config.mjs is plain JavaScript
    const { build, BUDGET_GZIP_BYTES } = (await import('../esbuild.config.mjs')) as {
      build(): Promise<Array<{ fn: string; file: string; bytes: number; gzipBytes: number }>>;
      BUDGET_GZIP_BYTES: number;
    };
    const sizes = await build();
    const baseline = median(Array.from({ length: 7 }, () => wallMs(['-e', ''])));
    const rows = sizes.map((s) => {
      const load = median(Array.from({ length: 7 }, () => wallMs(['--input-type=module', '-e', `await import(${JSON.stringify(s.file)})`])));
      return [s.fn, (s.bytes / 1024).toFixed(0), (s.gzipBytes / 1024).toFixed(0), (load - baseline).toFixed(1)];
    });
    return [
      table(['function', 'KiB', 'KiB gzip', 'load ms (minus bare node)'], rows),
      '',
      `Budget: ${BUDGET_GZIP_BYTES / 1024} KiB gzip per function; bare \`node\` start: ${baseline.toFixed(1)} ms.`,
    ].join('\n');
  },
};
