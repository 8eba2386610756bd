// Bundle size (gzip) and cold load time per function. Sizes come from esbuild.config.mjs build() (the same
// build as `npm run build`). Load time: a fresh `node` importing the bundle (module evaluation; env validation
// and SDK clients come at the first invocation) minus a fresh `node -e ""`, median of 5, with and without --enable-source-maps
// (serverless.yml sets NODE_OPTIONS=--enable-source-maps on every function).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, table, verdict, type BenchModule } from './harness';

interface BundleSize {
  fn: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  top: Array<{ name: string; bytes: number }>;
}
interface BuildModule {
  build(): Promise<BundleSize[]>;
  BUDGET_GZIP_BYTES: number;
}

const RUNS = 5;
/** Issue #19's target per function bundle (minified, gzip); the build's gate stays BUDGET_GZIP_BYTES. */
const TARGET_GZIP_BYTES = 200 * 1024;

/** No configuration: importing a handler reads no environment (its dependencies are built on the first
 *  invocation, shared/config/on-first-call.ts), so a bundle loads with nothing but quiet logs. */
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH ?? '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LOG_LEVEL: 'SILENT',
};

/** Wall time of one `node <args>` run, in ms; throws when it fails. */
function wallMs(args: string[], extraEnv: NodeJS.ProcessEnv = {}): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}
const medianOf = (f: () => number) => {
  f(); // warm the file cache
  return median(Array.from({ length: RUNS }, f));
};

export const benchmark: BenchModule = {
  title: 'Bundle size and cold load time per function',
  async run() {
    const { build, BUDGET_GZIP_BYTES } = (await import(pathToFileURL(join(import.meta.dirname, '..', 'esbuild.config.mjs')).href)) as BuildModule;
    const sizes = await build();
    const baseline = medianOf(() => wallMs(['-e', '']));
    const load = (file: string, maps: boolean) =>
      medianOf(() =>
        wallMs(
          ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`],
          maps ? { NODE_OPTIONS: '--enable-source-maps' } : {},
        ),
      ) - baseline;
    const rows = sizes.map((s) => [
      s.fn,
      s.bytes / 1024,
      s.gzipBytes / 1024,
      s.gzipBytes <= BUDGET_GZIP_BYTES ? 'ok' : 'OVER',
      load(s.file, false),
      load(s.file, true),
      s.top
        .slice(0, 3)
        .map((t) => `${t.name} ${Math.round(t.bytes / 1024)}`)
        .join(', '),
    ]);
    const worst = Math.max(...sizes.map((s) => s.gzipBytes));
    return [
      table(['function', 'KiB', 'KiB gzip', 'budget', 'load ms', 'load ms, source maps on', 'largest inputs (KiB)'], rows),
      '',
      `Load ms = median of ${RUNS} fresh \`node\` processes importing the bundle, minus a bare \`node -e ""\` (${baseline.toFixed(1)} ms).`,
      `Largest bundle ${(worst / 1024).toFixed(1)} KiB gzip — budget ${BUDGET_GZIP_BYTES / 1024} KiB: ${verdict(worst <= BUDGET_GZIP_BYTES)}.`,
      `Target ≤ ${TARGET_GZIP_BYTES / 1024} KiB gzip: ${sizes.filter((s) => s.gzipBytes <= TARGET_GZIP_BYTES).length} of ${sizes.length} functions within (over: ${
        sizes
          .filter((s) => s.gzipBytes > TARGET_GZIP_BYTES)
          .map((s) => s.fn)
          .join(', ') || 'none'
      }) — ${verdict(worst <= TARGET_GZIP_BYTES)}.`,
    ].join('\n');
  },
};
