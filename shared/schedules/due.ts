// Scheduled work as due markers: a marker (tenant, job, id, dueAt) sits in a time-bucketed index until its
// time comes; a run of a job takes the markers that are due, each under its own lease, re-reads it under
// the lease and runs the work, then removes the marker or moves it to the next time the work asks for.
// Two runs never work on the same marker at once, and a marker changed by someone else in between (a
// campaign edited, a job re-run by hand) is left to the next run. Adapter: shared/db/due-repository.ts.
import { type Clock } from '../clock';
import { randomUUID } from 'node:crypto';
import type { LeaseStore } from '../leases/lease';

export const JOB_NAMES = ['moments', 'sop', 'broadcast', 'rollup', 'reconcile', 'transfers'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export interface DueMarker {
  corpId: string;
  job: JobName;
  id: string;
  /** Unix seconds. */
  dueAt: number;
}

export interface DueStore {
  /** Upsert: one marker per (corpId, job, id). */
  schedule(m: DueMarker): Promise<void>;
  /** Creates the marker only when there is none (e.g. a tenant's nightly job). */
  scheduleIfAbsent(m: DueMarker): Promise<boolean>;
  get(corpId: string, job: JobName, id: string): Promise<DueMarker | undefined>;
  /** Markers of `job` with dueAt <= nowSec, oldest first; only `corpId`'s when given. */
  due(job: JobName, nowSec: number, limit: number, corpId?: string): Promise<DueMarker[]>;
  /** Removes the marker if it is still the one given (same dueAt); false when it changed meanwhile. */
  complete(m: DueMarker): Promise<boolean>;
  /** Moves the marker to `nextDueAt` if it is still the one given; false when it changed meanwhile. */
  reschedule(m: DueMarker, nextDueAt: number): Promise<boolean>;
  cancel(corpId: string, job: JobName, id: string): Promise<void>;
}

export interface JobOptions {
  /** Only this tenant's work (the jobs route); every tenant's when absent (the schedule). */
  corpId?: string | undefined;
  /** The run's "now" (ms); an operator may run a job as of another time. */
  nowMs: number;
  /** A Shanghai day (YYYY-MM-DD) for jobs that work on a day (rollup). */
  date?: string | undefined;
}

export interface JobReport {
  job: JobName;
  due: number;
  done: number;
  skipped: number;
  failed: Array<{ corpId: string; id: string; error: string }>;
  results: unknown[];
}

export interface RunDueDeps {
  due: DueStore;
  leases: LeaseStore;
  clock: Clock;
}

export type DueWork = (m: DueMarker) => Promise<{ next?: number | undefined; result?: unknown } | void>;

/** Markers handled per run; the rest are due at the next run. */
export const DUE_BATCH = 200;

export const dueLeaseName = (job: JobName, id: string) => `due#${job}#${id}`;

/** Runs `work` holding the lease of (tenant, job, id), taken without waiting; undefined when someone holds it. */
export async function underDueLease<T>(
  deps: Pick<RunDueDeps, 'leases' | 'clock'>,
  corpId: string,
  job: JobName,
  id: string,
  holdMs: number,
  work: () => Promise<T>,
): Promise<{ value: T } | undefined> {
  const owner = randomUUID();
  const now = deps.clock.now();
  if (!(await deps.leases.acquire(corpId, dueLeaseName(job, id), owner, now, now + holdMs))) return undefined;
  try {
    return { value: await work() };
  } finally {
    await deps.leases.release(corpId, dueLeaseName(job, id), owner);
  }
}

/**
 * Every due marker of `job` (only `opts.corpId`'s when given), each under its lease (held elsewhere →
 * skipped) and re-read under it (changed or gone → skipped). `work` returns `{ next }` to reschedule, or
 * nothing to complete. An error is reported for its marker, which stays due and is retried next run.
 */
export async function runDue(
  deps: RunDueDeps,
  job: JobName,
  opts: JobOptions,
  work: DueWork,
  tuning: { holdMs?: number; limit?: number } = {},
): Promise<JobReport> {
  const markers = await deps.due.due(job, Math.floor(opts.nowMs / 1000), tuning.limit ?? DUE_BATCH, opts.corpId);
  const report: JobReport = { job, due: markers.length, done: 0, skipped: 0, failed: [], results: [] };
  for (const m of markers) {
    try {
      const ran = await underDueLease(deps, m.corpId, job, m.id, tuning.holdMs ?? 120_000, async () => {
        const current = await deps.due.get(m.corpId, job, m.id);
        if (!current || current.dueAt !== m.dueAt) return false;
        const out = await work(current);
        if (out?.next !== undefined) await deps.due.reschedule(current, out.next);
        else await deps.due.complete(current);
        if (out?.result !== undefined) report.results.push(out.result);
        return true;
      });
      if (ran?.value) report.done++;
      else report.skipped++;
    } catch (e) {
      report.failed.push({ corpId: m.corpId, id: m.id, error: (e as Error).message });
    }
  }
  return report;
}

/** Tenant-wide jobs (rollup, reconcile) keep one marker per tenant under this id. */
export const TENANT_MARKER_ID = 'tenant';

/**
 * A tenant-wide job. From the schedule: every tenant whose marker is due, then the marker moves a day on
 * (a run that was missed catches up one day per run). For one tenant (the jobs route): runs now under the
 * same lease, whatever the marker says, and leaves the marker alone.
 */
export async function runTenantJob(
  deps: RunDueDeps,
  job: JobName,
  opts: JobOptions,
  work: (corpId: string, marker: DueMarker | undefined) => Promise<unknown>,
  tuning: { holdMs?: number } = {},
): Promise<JobReport> {
  const holdMs = tuning.holdMs ?? 600_000;
  if (opts.corpId) {
    const corpId = opts.corpId;
    const report: JobReport = { job, due: 1, done: 0, skipped: 0, failed: [], results: [] };
    const ran = await underDueLease(deps, corpId, job, TENANT_MARKER_ID, holdMs, () => work(corpId, undefined));
    if (ran) {
      report.done = 1;
      report.results.push(ran.value);
    } else report.skipped = 1;
    return report;
  }
  return runDue(deps, job, opts, async (m) => ({ result: await work(m.corpId, m), next: m.dueAt + 86_400 }), { holdMs });
}

/** The next `HH:mm` Asia/Shanghai after `nowSec` (unix seconds). */
export function nextShanghaiTime(nowSec: number, hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const offset = 8 * 3600;
  const dayStart = Math.floor((nowSec + offset) / 86_400) * 86_400 - offset;
  const at = dayStart + h * 3600 + m * 60;
  return at > nowSec ? at : at + 86_400;
}
