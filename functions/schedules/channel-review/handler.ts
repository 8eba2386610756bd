// Channel-review schedule (EventBridge, every minute): wiring only.
import { sleep, wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { reviewChannels } from './review-channels';

const { stores, ...ctx } = wecomDeps();
const deps = { ...ctx, channels: stores.channels, activity: stores.activity, leases: stores.leases, sleep };

export const handler = scheduledJob({ name: 'channel review', ranMessage: 'channels reviewed', run: () => reviewChannels(deps) });
