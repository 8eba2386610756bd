// Greeting consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoChannelStore } from '../../shared/db/channel-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { sendWelcome } from './send-welcome';

const ctx = wecomContext();
const deps = { ...ctx, channels: new DynamoChannelStore(ctx.doc, ctx.tableName), nowMs: Date.now, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

const consume = makeSqsConsumer({
  concern: 'greeting',
  handle: (message) => sendWelcome(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
