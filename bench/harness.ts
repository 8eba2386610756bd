// What every benchmark module shares: the module shape bench/run.ts loads, tinybench measurement with
// ops/s taken from total time (not the mean of per-sample rates, which overstates skewed samples), and
// markdown formatting.
import { Bench } from 'tinybench';

/** A benchmark module (bench/*.bench.ts) exports `benchmark`. run() returns markdown. */
export interface BenchModule {
  title: string;
  run(): Promise<string>;
}

export interface Measured {
  name: string;
  /** Calls per second: runs / total time. */
  opsPerSecond: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  /** Relative margin of error of the mean latency, in percent. */
  rme: number;
  samples: number;
}

/** Runs each task for `timeMs` (after a warm-up) and reports its rate and latency. */
export async function measure(tasks: Record<string, () => unknown>, timeMs = 2000): Promise<Measured[]> {
  const bench = new Bench({ time: timeMs, warmupTime: 500, retainSamples: false });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  return bench.tasks.map((t) => {
    const r = t.result;
    if (r.state !== 'completed') throw new Error(`benchmark task ${t.name} did not complete: ${r.state === 'errored' ? r.error.message : r.state}`);
    return {
      name: t.name,
      opsPerSecond: 1000 / r.period,
      meanUs: r.latency.mean * 1000,
      p50Us: r.latency.p50 * 1000,
      p99Us: r.latency.p99 * 1000,
      rme: r.latency.rme,
      samples: r.latency.samplesCount,
    };
  });
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile. */
export const percentile = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

const fmtNumber = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en') : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(2));

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cell = (v: string | number) => (typeof v === 'number' ? fmtNumber(v) : v);
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

export const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
