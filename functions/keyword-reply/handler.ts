// Keyword-reply consumer: wiring only.
import middy from '@middy/core';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { sleep, wecomDeps } from '../../shared/aws/wecom-deps';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { lambdaObservability, logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { replyKf } from './reply-kf';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = {
    ...ctx,
    kf: stores.kf,
    rules: new RuleSetCache(stores.keywordRules, (message, fields) => logger.warn(message, fields)),
    leases: stores.leases,
    groupCodes: stores.groupCodes,
    sleep,
    webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock),
  };

  const consume = makeSqsConsumer({
    concern: 'keyword-reply',
    handle: (message) => replyKf(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
