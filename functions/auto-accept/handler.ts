// Auto-accept consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { channelContext } from '../../shared/aws/channel-context';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyAutoAccept } from './apply-auto-accept';

const ctx = wecomContext();
const deps = { ...ctx, ...channelContext(ctx.doc, ctx.tableName), follows: new DynamoFollowStore(ctx.doc, ctx.tableName) };

const consume = makeSqsConsumer({
  concern: 'auto-accept',
  handle: (message) => applyAutoAccept(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
