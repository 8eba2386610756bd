// Transfers schedule (EventBridge, every minute): wiring only.
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runTransfers } from './run-transfers';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, ...stores };

export const handler = scheduledJob({ name: 'transfers', ranMessage: 'transfers run', run: () => runTransfers(deps, { nowMs: deps.clock.now() }) });
