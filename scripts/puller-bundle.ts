// The archive puller's bundles for its container image (`npm run build:puller`, scripts/build-puller.ts; the
// Dockerfile), built with the function bundles' esbuild options (esbuild.options.cjs): .build/archive-puller/main.mjs (the entry: checks
// the Finance SDK path, then loads) and puller.mjs (the composition root). koffi stays external: its native
// part (prebuilt per platform inside its npm package) cannot be bundled, so the image copies node_modules/koffi.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const PULLER_OUT = join(ROOT, '.build', 'archive-puller');
const require = createRequire(import.meta.url);
// `exclude` and `packager` are serverless-esbuild's own keys, not esbuild options.
const { exclude: _exclude, packager: _packager, ...options } = require('../esbuild.options.cjs') as Record<string, unknown>;

/** Builds both bundles into `outdir` (default .build/archive-puller). Returns the two files. */
export async function buildPuller(o: { outdir?: string } = {}): Promise<{ main: string; puller: string }> {
  const outdir = o.outdir ?? PULLER_OUT;
  await build({
    ...options,
    entryPoints: { main: join(ROOT, 'functions/archive-puller/main.ts'), puller: join(ROOT, 'functions/archive-puller/puller.ts') },
    outdir,
    external: ['koffi'],
    logLevel: 'warning',
  });
  return { main: join(outdir, 'main.mjs'), puller: join(outdir, 'puller.mjs') };
}
