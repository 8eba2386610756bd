// SOP schedule (EventBridge, every minute): enrolment from the event log and due steps. Wiring only.
import { materialBlobsFromEnv } from '../../../shared/aws/s3-blob-store';
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runSop } from './run-sop';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, ...stores, blobs: materialBlobsFromEnv() };

  return scheduledJob({ name: 'sop', ranMessage: 'sop run', run: () => runSop(deps, { nowMs: deps.clock.now() }) });
});
