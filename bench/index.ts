// `npm run bench`: every benchmark, as markdown on stdout and in bench/results/latest.md.
// Benchmarks report numbers; they are never part of `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { bundlesBench } from './bundles.bench';
import { computeBench } from './compute.bench';
import { decryptBench } from './decrypt.bench';
import type { BenchModule } from './harness';
import { stackLatencyBench } from './stack-latency.bench';

const all: BenchModule[] = [computeBench, decryptBench, bundlesBench, stackLatencyBench];
const only = process.argv.slice(2);

const parts = [`# Siyu benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}\n`];
for (const b of all.filter((m) => only.length === 0 || only.some((o) => m.title.toLowerCase().includes(o.toLowerCase())))) {
  process.stderr.write(`running: ${b.title}\n`);
  parts.push(`## ${b.title}\n\n${await b.run()}\n`);
}
const md = parts.join('\n');
console.log(md);
const dir = join(import.meta.dirname, 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.md'), md);
