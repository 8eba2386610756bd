// The nightly rollup job: each tenant whose rollup marker is due (00:30 Asia/Shanghai) gets the day before
// the marker's time rolled up, then the marker moves a day on. The jobs route runs one tenant now for a
// given (or yesterday's) date under the same lease.
import { runTenantJob, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { rollupDayOf } from '../../../shared/schedules/tenant-jobs';
import { rollupDay, type RollupDeps } from './rollup-day';

export type RollupJobDeps = RunDueDeps & RollupDeps;

export function runRollup(deps: RollupJobDeps, opts: JobOptions): Promise<JobReport> {
  return runTenantJob(deps, 'rollup', opts, (corpId, marker) => rollupDay(deps, corpId, rollupDayOf(opts, marker)), { holdMs: 900_000 });
}
