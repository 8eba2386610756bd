// The nightly rollup job: each tenant whose rollup marker is due (00:30 Asia/Shanghai) gets the day before
// the marker's time rolled up, then the marker moves a day on. Orders and spend imported for days already
// rolled up mark them out of date: the nightly run rolls those days up again first, oldest first (at most
// CATCH_UP_DAYS a night; the rest the next night), so the stocks chain is right before the new day uses it.
// The jobs route runs one tenant now for a given (or yesterday's) date under the same lease.
import { addDays } from '../../../shared/events/time';
import { runTenantJob, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { rollupDayOf } from '../../../shared/schedules/tenant-jobs';
import { rollupDay, type RollupDeps, type RollupReport } from './rollup-day';

export type RollupJobDeps = RunDueDeps & RollupDeps;

export const CATCH_UP_DAYS = 31;

async function rollupWithCatchUp(deps: RollupJobDeps, corpId: string, day: string, catchUp: boolean): Promise<RollupReport & { caughtUp: string[] }> {
  const caughtUp: string[] = [];
  const dirty = catchUp ? await deps.metrics.dirtyFrom(corpId) : undefined;
  if (dirty !== undefined && dirty < day) {
    let d = dirty;
    for (; d < day && caughtUp.length < CATCH_UP_DAYS; d = addDays(d, 1)) caughtUp.push((await rollupDay(deps, corpId, d)).day);
    await deps.metrics.settleDirty(corpId, dirty, d < day ? d : undefined);
  } else if (dirty === day) await deps.metrics.settleDirty(corpId, dirty, undefined);
  return { ...(await rollupDay(deps, corpId, day)), caughtUp };
}

export function runRollup(deps: RollupJobDeps, opts: JobOptions): Promise<JobReport> {
  return runTenantJob(deps, 'rollup', opts, (corpId, marker) => rollupWithCatchUp(deps, corpId, rollupDayOf(opts, marker), opts.date === undefined), {
    holdMs: 900_000,
  });
}
