// Group-routing consumer: wiring only.
import middy from '@middy/core';
import { sleep, wecomDeps } from '../../shared/aws/wecom-deps';
import { lambdaObservability } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { routeGroup } from './route-group';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = { ...ctx, groups: stores.groups, groupCodes: stores.groupCodes, leases: stores.leases, sleep };

  const consume = makeSqsConsumer({
    concern: 'group-routing',
    handle: (message) => routeGroup(deps, message),
    // No idempotency record: snapshots apply only when not older (a repeat is stale), a dismiss is terminal, and a
    // repeat finds the same join-way decision, so update_join_way is not called again (route-group.int.test.ts).
    repeatsChangeNothing: 'order-safe group snapshots; the join-way decision is recomputed and unchanged',
  });

  return middy(consume).use(lambdaObservability());
});
