// The scheduled jobs as runners for the admin API's jobs route: the same run functions the schedules use,
// on the admin API's own deps (which hold every store, the WeCom client and the queues), so a run by hand
// does exactly what the schedule does.
import { runBroadcasts, type BroadcastJobDeps } from '../schedules/broadcast/run-broadcasts';
import { runMoments, type MomentsJobDeps } from '../schedules/moments/run-moments';
import { runReconcile, type ReconcileJobDeps } from '../schedules/reconcile/run-reconcile';
import { runRollup, type RollupJobDeps } from '../schedules/rollup/run-rollup';
import { runSop, type SopJobDeps } from '../schedules/sop/run-sop';
import { runTransfers, type TransfersJobDeps } from '../schedules/transfers/run-transfers';
import type { JobName } from '../../shared/schedules/due';
import type { JobRunner } from './jobs';

export type JobRunnerDeps = BroadcastJobDeps & SopJobDeps & MomentsJobDeps & RollupJobDeps & ReconcileJobDeps & TransfersJobDeps;

export function jobRunners(deps: JobRunnerDeps): Record<JobName, JobRunner> {
  return {
    broadcast: (opts) => runBroadcasts(deps, opts),
    sop: (opts) => runSop(deps, opts),
    moments: (opts) => runMoments(deps, opts),
    rollup: (opts) => runRollup(deps, opts),
    reconcile: (opts) => runReconcile(deps, opts),
    transfers: (opts) => runTransfers(deps, opts),
  };
}
