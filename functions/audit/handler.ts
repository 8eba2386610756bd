// Audit consumer: wiring only.
import middy from '@middy/core';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { lambdaObservability } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { recordAudit } from './record-audit';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = {
    ...ctx,
    audit: stores.auditLog,
    staffRegistry: stores.staffRegistry,
    customerRecords: stores.customerRecords,
    follows: stores.follows,
    channels: stores.channels,
  };

  const consume = makeSqsConsumer({
    concern: 'audit',
    handle: (message) => recordAudit(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
