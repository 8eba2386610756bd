// The nightly tenant-wide jobs and their times (Asia/Shanghai). Every tenant gets one marker per job when
// it is created; after each run the marker moves a day on (shared/schedules/due.ts runTenantJob).
import { shanghaiDay } from '../events/time';
import { nextShanghaiTime, TENANT_MARKER_ID, type DueMarker, type DueStore } from './due';

/** The rollup runs at 00:30 on the day's finished predecessor; reconcile after it, off the hour. */
export const TENANT_JOB_TIMES = { rollup: '00:30', reconcile: '01:10' } as const;

export async function scheduleTenantJobs(due: Pick<DueStore, 'scheduleIfAbsent'>, corpId: string, nowSec: number): Promise<void> {
  for (const [job, hhmm] of Object.entries(TENANT_JOB_TIMES) as Array<[keyof typeof TENANT_JOB_TIMES, string]>) {
    await due.scheduleIfAbsent({ corpId, job, id: TENANT_MARKER_ID, dueAt: nextShanghaiTime(nowSec, hhmm) });
  }
}

/** The day a rollup works on: the given date, else the day before its marker's time, else yesterday. */
export function rollupDayOf(opts: { date?: string | undefined; nowMs: number }, marker: DueMarker | undefined): string {
  if (opts.date) return opts.date;
  const at = marker ? marker.dueAt : Math.floor(opts.nowMs / 1000);
  return shanghaiDay(at - 86_400);
}
