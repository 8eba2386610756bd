// SDK clients, created once per container at module scope (docs/architecture.md#clients-once). Endpoints are configuration:
// AWS in production, DynamoDB Local and the SQS emulator locally and in tests. Every client is traced (X-Ray, a no-op
// outside Lambda): the DocumentClient shares its DynamoDBClient's middleware, so it is traced through it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { KMSClient } from '@aws-sdk/client-kms';
import { traced } from '../observability';

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
  return traced(new DynamoDBClient(base(o)));
}

export function makeDocumentClient(o: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(makeDynamoClient(o), {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function makeSqsClient(o: ClientOptions = {}): SQSClient {
  return traced(new SQSClient(base(o)));
}

export function makeKmsClient(o: ClientOptions = {}): KMSClient {
  return traced(new KMSClient(base(o)));
}
