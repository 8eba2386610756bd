// Group-routing consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoGroupCodeStore } from '../../shared/db/group-code-repository';
import { DynamoGroupStore } from '../../shared/db/group-repository';
import { DynamoLeaseStore } from '../../shared/db/lease-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { routeGroup } from './route-group';

const ctx = wecomContext();
const deps = {
  ...ctx,
  groups: new DynamoGroupStore(ctx.doc, ctx.tableName),
  groupCodes: new DynamoGroupCodeStore(ctx.doc, ctx.tableName),
  leases: new DynamoLeaseStore(ctx.doc, ctx.tableName),
  nowMs: Date.now,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
};

const consume = makeSqsConsumer({
  concern: 'group-routing',
  handle: (message) => routeGroup(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
