// Moments schedule (EventBridge, every minute): wiring only.
import { materialBlobsFromEnv } from '../../../shared/aws/s3-blob-store';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runMoments } from './run-moments';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, ...stores, blobs: materialBlobsFromEnv() };

  return scheduledJob({ name: 'moments', ranMessage: 'moments run', run: () => runMoments(deps, { nowMs: deps.clock.now() }) });
});
