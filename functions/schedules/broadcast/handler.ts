// Broadcast schedule (EventBridge, every minute): wiring only.
import { sqsQueuesFromEnv } from '../../../shared/aws/queue-publisher';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { QueueWebhookPublisher } from '../../../shared/webhooks/webhook-message';
import { runBroadcasts } from './run-broadcasts';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, ...stores, webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock) };

export const handler = scheduledJob({ name: 'broadcast', ranMessage: 'broadcasts run', run: () => runBroadcasts(deps, { nowMs: deps.clock.now() }) });
