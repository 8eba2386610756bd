// Keyword-reply consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoGroupCodeStore } from '../../shared/db/group-code-repository';
import { DynamoKeywordRuleStore } from '../../shared/db/keyword-rule-repository';
import { DynamoKfStore } from '../../shared/db/kf-repository';
import { DynamoLeaseStore } from '../../shared/db/lease-repository';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { replyKf } from './reply-kf';

const ctx = wecomContext();
const deps = {
  ...ctx,
  kf: new DynamoKfStore(ctx.doc, ctx.tableName),
  rules: new RuleSetCache(new DynamoKeywordRuleStore(ctx.doc, ctx.tableName), (message, fields) => logger.warn(message, fields)),
  leases: new DynamoLeaseStore(ctx.doc, ctx.tableName),
  groupCodes: new DynamoGroupCodeStore(ctx.doc, ctx.tableName),
  nowMs: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const consume = makeSqsConsumer({
  concern: 'keyword-reply',
  handle: (message) => replyKf(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
