// Broadcast schedule (EventBridge, every minute): wiring only.
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runBroadcasts } from './run-broadcasts';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, ...stores };

export const handler = scheduledJob({ name: 'broadcast', ranMessage: 'broadcasts run', run: () => runBroadcasts(deps, { nowMs: deps.clock.now() }) });
