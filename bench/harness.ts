// A tiny layer over tinybench: run tasks, read ops/s and latency, format a markdown table.
import { Bench } from 'tinybench';

export interface Measured {
  name: string;
  opsPerSecond: number;
  meanUs: number;
  p99Us: number;
  rme: number;
}

export async function measure(tasks: Record<string, () => unknown>, timeMs = 1500): Promise<Measured[]> {
  const bench = new Bench({ time: timeMs, warmupTime: 300 });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result as unknown as {
      throughput: { mean: number };
      latency: { mean: number; p99: number; rme: number };
    };
    return { name: t.name, opsPerSecond: r.throughput.mean, meanUs: r.latency.mean * 1000, p99Us: r.latency.p99 * 1000, rme: r.latency.rme };
  });
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(fmt).join(' | ')} |`)].join('\n');
}

export interface BenchModule {
  title: string;
  run(): Promise<string>;
}
