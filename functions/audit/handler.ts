// Audit consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomDeps } from '../../shared/aws/wecom-deps';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { recordAudit } from './record-audit';

const { stores, ...ctx } = wecomDeps();
const deps = {
  ...ctx,
  audit: stores.auditLog,
  staffRegistry: stores.staffRegistry,
  customerRecords: stores.customerRecords,
  follows: stores.follows,
  channels: stores.channels,
};

const consume = makeSqsConsumer({
  concern: 'audit',
  handle: (message) => recordAudit(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
