// SOP schedule (EventBridge, every minute): enrolment from the event log and due steps. Wiring only.
import { wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { runSop } from './run-sop';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, ...stores };

export const handler = scheduledJob({ name: 'sop', ranMessage: 'sop run', run: () => runSop(deps, { nowMs: deps.clock.now() }) });
