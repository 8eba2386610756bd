// Auto-accept consumer: wiring only.
import middy from '@middy/core';
import { sleep, wecomDeps } from '../../shared/aws/wecom-deps';
import { lambdaObservability } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyAutoAccept } from './apply-auto-accept';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, channels: stores.channels, activity: stores.activity, leases: stores.leases, follows: stores.follows, sleep };

  const consume = makeSqsConsumer({
    concern: 'auto-accept',
    handle: (message) => applyAutoAccept(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
