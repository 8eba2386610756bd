// The scheduled jobs as runners (shared by the admin API's jobs route): each job's deps are composed the
// first time it runs in this container, with the same composition its schedule handler uses.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runBroadcasts } from '../../functions/schedules/broadcast/run-broadcasts';
import { runSop } from '../../functions/schedules/sop/run-sop';
import { DynamoDueStore } from '../db/due-repository';
import { DynamoLeaseStore } from '../db/lease-repository';
import type { JobName, JobOptions, JobReport } from '../schedules/due';
import { rollupContext } from './metrics-context';
import { outreachContext } from './outreach-context';
import { runRollup } from '../../functions/schedules/rollup/run-rollup';
import { momentsContext } from './moments-context';
import { runMoments } from '../../functions/schedules/moments/run-moments';
import { reconcileContext } from './reconcile-context';
import { runReconcile } from '../../functions/schedules/reconcile/run-reconcile';

export function scheduleStores(doc: DynamoDBDocumentClient, tableName: string) {
  return { due: new DynamoDueStore(doc, tableName), leases: new DynamoLeaseStore(doc, tableName), nowMs: () => Date.now() };
}

type Runner = (opts: JobOptions) => Promise<JobReport>;

function lazy<D>(compose: () => D, run: (deps: D, opts: JobOptions) => Promise<JobReport>): Runner {
  let deps: D | undefined;
  return (opts) => run((deps ??= compose()), opts);
}

export function jobRunners(): Record<JobName, Runner> {
  return {
    broadcast: lazy(outreachContext, runBroadcasts),
    sop: lazy(outreachContext, runSop),
    moments: lazy(momentsContext, runMoments),
    rollup: lazy(rollupContext, runRollup),
    reconcile: lazy(reconcileContext, runReconcile),
  };
}
