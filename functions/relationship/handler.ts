// Relationship consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { wecomContext } from '../../shared/aws/wecom-context';
import { customerStores } from '../../shared/customers/stores';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyContactChange } from './apply-contact-change';

const ctx = wecomContext();
const deps = { ...ctx, ...customerStores(ctx.doc, ctx.tableName), nowMs: Date.now };

const consume = makeSqsConsumer({
  concern: 'relationship',
  handle: (message) => applyContactChange(deps, message),
  persistenceStore: ctx.persistenceStore,
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
