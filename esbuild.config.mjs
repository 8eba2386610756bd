// `npm run build`: one ESM bundle per function (functions/*/handler.ts) into .build/<fn>/handler.mjs with
// the same options serverless-esbuild uses for deploys (esbuild.options.cjs), then sizes against a budget.
// The deploy build is serverless-esbuild's (serverless.yml → esbuild.serverless.cjs → esbuild.options.cjs).
import { build as esbuild } from 'esbuild';
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { exclude: _e, packager: _p, ...options } = require('./esbuild.options.cjs');

/** Gzipped size budget per function bundle. */
export const BUDGET_GZIP_BYTES = 400 * 1024;

export function functionEntries() {
  return readdirSync(join(ROOT, 'functions'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ROOT, 'functions', d.name, 'handler.ts')))
    .map((d) => d.name);
}

/** Builds every function; returns raw and gzip sizes per function. */
export async function build() {
  const sizes = [];
  for (const fn of functionEntries()) {
    const outfile = join(ROOT, '.build', fn, 'handler.mjs');
    await esbuild({ ...options, entryPoints: [join(ROOT, 'functions', fn, 'handler.ts')], outfile, metafile: true, logLevel: 'error' });
    const code = readFileSync(outfile);
    sizes.push({ fn, file: outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
  }
  return sizes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await build();
  let over = false;
  for (const s of sizes) {
    const ok = s.gzipBytes <= BUDGET_GZIP_BYTES;
    over ||= !ok;
    console.log(`${ok ? 'ok  ' : 'OVER'} ${s.fn.padEnd(16)} ${(s.bytes / 1024).toFixed(0).padStart(6)} KiB  ${(s.gzipBytes / 1024).toFixed(0).padStart(5)} KiB gzip`);
  }
  if (over) {
    console.error(`a bundle exceeds the gzip budget of ${BUDGET_GZIP_BYTES / 1024} KiB`);
    process.exit(1);
  }
}
