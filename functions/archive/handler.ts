// Archive consumer: wiring only.
import middy from '@middy/core';
import { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import { sqsQueuesFromEnv } from '../../shared/aws/queue-publisher';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { lambdaObservability, logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { processArchive } from './process-archive';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const { stores, ...ctx } = wecomDeps();
  const deps = {
    ...ctx,
    archive: stores.archive,
    consent: stores.consent,
    ledger: stores.ledger,
    audit: stores.auditLog,
    sensitive: new SensitiveWordCache(stores.sensitiveWords),
    rules: new RuleSetCache(stores.keywordRules, (message, fields) => logger.warn(message, fields)),
    quickReplies: stores.quickReplies,
    groupCodes: stores.groupCodes,
    staffRegistry: stores.staffRegistry,
    customerRecords: stores.customerRecords,
    follows: stores.follows,
    channels: stores.channels,
    webhookEvents: new QueueWebhookPublisher(sqsQueuesFromEnv(), ctx.clock),
  };

  const consume = makeSqsConsumer({
    concern: 'archive',
    ordered: true,
    handle: (message) => processArchive(deps, message),
    persistenceStore: ctx.persistenceStore,
  });

  return middy(consume).use(lambdaObservability());
});
