// `npm run build`: one ESM bundle per function (functions/*/handler.ts → .build/<fn>/handler.mjs), with the
// options serverless-esbuild uses for deploys (esbuild.options.cjs; serverless.yml → esbuild.serverless.cjs),
// then raw and gzip sizes per function against a budget (style rule 17). Exits 1 when a bundle is over it.
// bench/bundle.bench.ts imports build() to report the same sizes.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = dirname(fileURLToPath(import.meta.url));
const OUT = join(ROOT, '.build');
const require = createRequire(import.meta.url);
// `exclude` and `packager` are serverless-esbuild's own keys, not esbuild options.
const { exclude: _exclude, packager: _packager, ...options } = require('./esbuild.options.cjs');

/** Gzipped size budget per function bundle. */
export const BUDGET_GZIP_BYTES = 400 * 1024;

/** Function folders that have a handler.ts: functions/<name>/ and the schedules, functions/schedules/<name>/. */
export function functionNames() {
  const dirs = (rel) =>
    readdirSync(join(ROOT, 'functions', rel), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => (rel ? `${rel}/${d.name}` : d.name));
  return [...dirs(''), ...dirs('schedules')].filter((fn) => existsSync(join(ROOT, 'functions', fn, 'handler.ts'))).sort();
}

/** The package (or `src` for our own code) an input file of the metafile belongs to. */
function ownerOf(input) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1] : 'src';
}

/**
 * Builds every function bundle. Returns, per function: the bundle path, raw and gzip bytes, and the five
 * packages contributing most bytes to it (from the metafile).
 * @returns {Promise<Array<{ fn: string; file: string; bytes: number; gzipBytes: number; top: Array<{ name: string; bytes: number }> }>>}
 */
export async function build() {
  const fns = functionNames();
  const result = await esbuild({
    ...options,
    entryPoints: fns.map((fn) => join(ROOT, 'functions', fn, 'handler.ts')),
    outbase: join(ROOT, 'functions'),
    outdir: OUT,
    entryNames: '[dir]/[name]',
    metafile: true,
    logLevel: 'error',
  });
  return fns.map((fn) => {
    const file = join(OUT, fn, 'handler.mjs');
    const meta =
      result.metafile.outputs[relative(process.cwd(), file)] ?? Object.entries(result.metafile.outputs).find(([k]) => join(process.cwd(), k) === file)?.[1];
    if (!meta) throw new Error(`esbuild produced no ${file}`);
    const byOwner = new Map();
    for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) byOwner.set(ownerOf(input), (byOwner.get(ownerOf(input)) ?? 0) + bytesInOutput);
    const code = readFileSync(file);
    return {
      fn,
      file,
      bytes: code.length,
      gzipBytes: gzipSync(code, { level: 9 }).length,
      top: [...byOwner]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([name, bytes]) => ({ name, bytes })),
    };
  });
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await build();
  let over = false;
  for (const s of sizes) {
    const ok = s.gzipBytes <= BUDGET_GZIP_BYTES;
    over ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${s.fn.padEnd(18)} ${kib(s.bytes).padStart(11)} raw ${kib(s.gzipBytes).padStart(10)} gzip  ` +
        `(largest: ${s.top.map((t) => `${t.name} ${kib(t.bytes)}`).join(', ')})`,
    );
  }
  console.log(`budget: ${kib(BUDGET_GZIP_BYTES)} gzip per function; bundles in ${relative(process.cwd(), OUT) || OUT}/`);
  if (over) {
    console.error(`a function bundle exceeds the gzip budget of ${kib(BUDGET_GZIP_BYTES)}`);
    process.exit(1);
  }
}
