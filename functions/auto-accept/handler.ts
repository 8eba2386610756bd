// Auto-accept consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoChannelActivityStore } from '../../shared/db/channel-activity-repository';
import { DynamoChannelStore } from '../../shared/db/channel-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { DynamoLeaseStore } from '../../shared/db/lease-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyAutoAccept } from './apply-auto-accept';

const ctx = wecomContext();
const deps = {
  ...ctx,
  channels: new DynamoChannelStore(ctx.doc, ctx.tableName),
  activity: new DynamoChannelActivityStore(ctx.doc, ctx.tableName),
  leases: new DynamoLeaseStore(ctx.doc, ctx.tableName),
  follows: new DynamoFollowStore(ctx.doc, ctx.tableName),
  nowMs: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const consume = makeSqsConsumer({
  concern: 'auto-accept',
  handle: (message) => applyAutoAccept(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
