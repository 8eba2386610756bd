// SDK clients, created once per container at module scope (docs/architecture.md#clients-once). Endpoints are configuration:
// AWS in production, DynamoDB Local and the SQS emulator locally and in tests. Every client is traced (X-Ray, a no-op
// outside Lambda): the DocumentClient shares its DynamoDBClient's middleware, so it is traced through it. With
// SIYU_COST_TRACE set (the cost benchmark only) every request is also counted (cost-trace.ts).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { KMSClient } from '@aws-sdk/client-kms';
import { traced } from '../observability';
import { costTraced } from './cost-trace';

export interface ClientOptions {
  endpoint?: string | undefined;
  region?: string | undefined;
}

const base = (o: ClientOptions) => ({
  region: o.region ?? process.env.AWS_REGION ?? 'ap-east-1',
  ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  // Local emulators accept any credentials; never let the SDK go looking for real ones there.
  ...(o.endpoint && !process.env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  maxAttempts: 3,
});

export function makeDynamoClient(o: ClientOptions = {}): DynamoDBClient {
  return costTraced(traced(new DynamoDBClient(base(o))), 'dynamodb');
}

export function makeDocumentClient(o: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(makeDynamoClient(o), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function makeSqsClient(o: ClientOptions = {}): SQSClient {
  return costTraced(traced(new SQSClient(base(o))), 'sqs');
}

export function makeKmsClient(o: ClientOptions = {}): KMSClient {
  return costTraced(traced(new KMSClient(base(o))), 'kms');
}
