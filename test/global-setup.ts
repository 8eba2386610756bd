// Integration tests run against real local services: DynamoDB Local and the fauxqs SQS emulator,
// started once per run on free loopback ports. Tests read their endpoints from process.env.
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { makeDynamoClient, makeSqsClient } from '../shared/aws/clients';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamo, startS3, startSqs } from '../scripts/local/emulators';
import { createTables } from '../scripts/local/resources';

export default async function globalSetup(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [dynamo, sqs, s3] = await Promise.all([startDynamo(), startSqs(), startS3({ directory: mkdtempSync(join(tmpdir(), 'siyu-s3-')), temporary: true })]);
  (globalThis as Record<string, unknown>).__SIYU_EMULATORS__ = [dynamo, sqs, s3];
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.MATERIALS_BUCKET = s3.bucket;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  process.env.SQS_ENDPOINT = sqs.endpoint;
  process.env.TABLE_NAME = 'siyu-test';
  process.env.IDEMPOTENCY_TABLE_NAME = 'siyu-test-idempotency';
  process.env.AWS_REGION = 'ap-east-1';
  const ddb = makeDynamoClient({ endpoint: dynamo.endpoint });
  await createTables(ddb, { tableName: 'siyu-test', idempotencyTableName: 'siyu-test-idempotency', queuePrefix: 'unused' });
  ddb.destroy();
  // Probe the emulator once so a broken SQS setup fails here with a clear message, not in every test.
  const client = makeSqsClient({ endpoint: sqs.endpoint });
  await client.send(new CreateQueueCommand({ QueueName: 'siyu-test-probe' }));
  client.destroy();
}
