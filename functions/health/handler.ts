// Health: wiring only.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { makeDynamoClient, makeSqsClient } from '../../shared/aws/clients';
import { loadEnv } from '../../shared/config/env';
import { queueEnv, queueUrlsFrom, storageEnv } from '../../shared/config/runtime';
import { checkHealth } from './check-health';
import { onFirstCall } from '../../shared/config/on-first-call';

export const handler = onFirstCall(() => {
  const env = loadEnv(storageEnv.and(queueEnv));
  const ddb = makeDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT });
  const sqs = makeSqsClient({ endpoint: env.SQS_ENDPOINT as string | undefined });

  const probes: Record<string, () => Promise<void>> = {
    table: async () => {
      await ddb.send(new DescribeTableCommand({ TableName: env.TABLE_NAME }));
    },
    ...Object.fromEntries(
      Object.entries(queueUrlsFrom(env)).map(([concern, url]) => [
        `queue:${concern}`,
        async () => {
          await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
        },
      ]),
    ),
  };

  return async () => {
    const r = await checkHealth({ probes });
    return { statusCode: r.statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.body) };
  };
});
