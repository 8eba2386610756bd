// Channel-review schedule (EventBridge, every minute): wiring only.
import { sleep, wecomDeps } from '../../../shared/aws/wecom-deps';
import { scheduledJob } from '../../../shared/schedules/scheduled-job';
import { reviewChannels } from './review-channels';
import { onFirstCall } from '../../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, channels: stores.channels, activity: stores.activity, leases: stores.leases, sleep };

  return scheduledJob({ name: 'channel review', ranMessage: 'channels reviewed', run: () => reviewChannels(deps) });
});
