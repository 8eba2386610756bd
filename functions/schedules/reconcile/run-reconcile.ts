// The reconcile job: every tenant whose nightly marker (01:10 Asia/Shanghai, shared/schedules/
// tenant-jobs.ts) is due, or one tenant now (the jobs route, opts.corpId). Each tenant under its lease;
// the report of each run is stored and returned in JobReport.results.
import { runTenantJob, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { reconcileTenant, type ReconcileDeps } from './reconcile-tenant';

export interface ReconcileJobDeps extends RunDueDeps, ReconcileDeps {}

export function runReconcile(deps: ReconcileJobDeps, opts: JobOptions): Promise<JobReport> {
  const nowSec = Math.floor(opts.nowMs / 1000);
  return runTenantJob(deps, 'reconcile', opts, (corpId) => reconcileTenant(deps, corpId, nowSec));
}
