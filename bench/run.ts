// `npm run bench [name…]`: runs every bench/*.bench.ts module (or those whose file name contains one of
// the arguments), prints one markdown report and writes it to bench/results/latest.md (gitignored).
// Benchmarks print numbers; they are never part of `npm test`.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchModule } from './harness';

const DIR = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort((a, b) => order(a) - order(b) || a.localeCompare(b));

/** CPU-bound benchmarks first, then the ones that spawn processes or a whole stack. */
function order(file: string): number {
  return file.startsWith('ack-latency') ? 2 : file.startsWith('bundle') ? 1 : 0;
}

if (files.length === 0) {
  console.error(`no bench/*.bench.ts matches ${only.join(', ')}`);
  process.exit(1);
}

const cpu = cpus();
const parts = [
  '# Siyu benchmarks',
  '',
  `${new Date().toISOString()} · Node ${process.version} · ${process.platform}/${process.arch} · ${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length}`,
  '',
];
let failed = false;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as { benchmark?: BenchModule };
  if (!mod.benchmark) throw new Error(`${file} exports no benchmark`);
  process.stderr.write(`running ${file}: ${mod.benchmark.title}\n`);
  const t = performance.now();
  let body: string;
  try {
    body = await mod.benchmark.run();
  } catch (e) {
    failed = true;
    body = `**error:** ${e instanceof Error ? e.message : String(e)}`;
    process.stderr.write(`${file} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  parts.push(`## ${mod.benchmark.title}`, '', `_${file}, ${((performance.now() - t) / 1000).toFixed(1)} s_`, '', body, '');
}

const md = parts.join('\n');
console.log(md);
mkdirSync(join(DIR, 'results'), { recursive: true });
writeFileSync(join(DIR, 'results', 'latest.md'), md);
process.stderr.write(`written to bench/results/latest.md\n`);
// A benchmark that could not run is an error; a missed target is a reported FAIL, not an exit code.
process.exit(failed ? 1 : 0);
