// Audit consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { recordAudit } from './record-audit';

const ctx = wecomContext();
const deps = { ...ctx, audit: new DynamoAuditLog(ctx.doc, ctx.tableName) };

const consume = makeSqsConsumer({
  concern: 'audit',
  handle: (message) => recordAudit(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
