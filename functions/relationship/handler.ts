// Relationship consumer: wiring only.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { z } from 'zod';
import { makeDocumentClient, makeDynamoClient } from '../../shared/aws/clients';
import { loadEnv } from '../../shared/config/env';
import { storageEnv } from '../../shared/config/runtime';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { logger } from '../../shared/observability';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { applyContactChange } from './apply-contact-change';

const env = loadEnv(storageEnv.extend({ IDEMPOTENCY_TABLE_NAME: z.string().min(1) }));
const ddb = makeDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT });
const deps = { follows: new DynamoFollowStore(makeDocumentClient({ endpoint: env.DYNAMODB_ENDPOINT }), env.TABLE_NAME) };

const consume = makeSqsConsumer({
  concern: 'relationship',
  handle: (message) => applyContactChange(deps, message),
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: env.IDEMPOTENCY_TABLE_NAME, awsSdkV3Client: ddb }),
});

export const handler = middy(consume).use(injectLambdaContext(logger, { resetKeys: true }));
