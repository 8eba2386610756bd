// Broadcast schedule (EventBridge, every minute): wiring only.
import { sqsQueuesFromEnv } from '../../../shared/aws/queue-publisher';
import { materialBlobsFromEnv } from '../../../shared/aws/s3-blob-store';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { QueueWebhookPublisher } from '../../../shared/webhooks/webhook-message';
import { runBroadcasts } from './run-broadcasts';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, ...stores, blobs: materialBlobsFromEnv(), webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock) };

  return scheduledJob({ name: 'broadcast', ranMessage: 'broadcasts run', run: () => runBroadcasts(deps, { nowMs: deps.clock.now() }) });
});
