// Greeting consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoChannelStore } from '../../shared/db/channel-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { logger, metrics } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { sendWelcome } from './send-welcome';

const ctx = wecomContext();
const deps = {
  ...ctx,
  channels: new DynamoChannelStore(ctx.doc, ctx.tableName),
  audit: new DynamoAuditLog(ctx.doc, ctx.tableName),
  follows: new DynamoFollowStore(ctx.doc, ctx.tableName),
  count: (metric: string) => metrics.addMetric(metric, MetricUnit.Count, 1),
  nowMs: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const consume = makeSqsConsumer({
  concern: 'greeting',
  handle: (message) => sendWelcome(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
