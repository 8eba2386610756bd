// Transfers schedule (EventBridge, every minute): wiring only.
import { sqsQueuesFromEnv } from '../../../shared/aws/queue-publisher';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { QueueWebhookPublisher } from '../../../shared/webhooks/webhook-message';
import { runTransfers } from './run-transfers';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, ...stores, webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock) };

  return scheduledJob({ name: 'transfers', ranMessage: 'transfers run', run: () => runTransfers(deps, { nowMs: deps.clock.now() }) });
});
