// Reconcile schedule (EventBridge, every 5 minutes; tenants' markers are due at 01:10 Asia/Shanghai): wiring only.
import { sqsQueuesFromEnv } from '../../../shared/aws/queue-publisher';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runReconcile } from './run-reconcile';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, ...stores, queues: sqsQueuesFromEnv() };

  return scheduledJob({ name: 'reconcile', ranMessage: 'reconciles run', run: () => runReconcile(deps, { nowMs: deps.clock.now() }) });
});
