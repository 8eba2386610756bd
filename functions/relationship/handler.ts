// Relationship consumer: wiring only.
import middy from '@middy/core';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { lambdaObservability } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyContactChange } from './apply-contact-change';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const { follows, customerRecords, staffRegistry, tagMirror, transfers, due } = stores;
  const deps = {
    ...ctx,
    follows,
    customerRecords,
    staffRegistry,
    tagMirror,
    transfers,
    due,
    webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock),
  };

  const consume = makeSqsConsumer({
    concern: 'relationship',
    handle: (message) => applyContactChange(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
