// Moments schedule (EventBridge, every minute): wiring only.
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runMoments } from './run-moments';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, ...stores };

export const handler = scheduledJob({ name: 'moments', ranMessage: 'moments run', run: () => runMoments(deps, { nowMs: deps.clock.now() }) });
