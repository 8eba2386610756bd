import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { makeDynamoClient, makeSqsClient } from '../../shared/aws/clients';

describe('local emulators', () => {
  it('has the tables of infra/dynamodb.yml with the GSI the key builders use', async () => {
    const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
    const t = await ddb.send(new DescribeTableCommand({ TableName: process.env.TABLE_NAME }));
    expect(t.Table?.KeySchema?.map((k) => k.AttributeName)).toEqual(['pk', 'sk']);
    expect(t.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
    ddb.destroy();
  });
  it('answers SQS calls on the real wire', async () => {
    const sqs = makeSqsClient({ endpoint: process.env.SQS_ENDPOINT });
    const out = await sqs.send(new GetQueueUrlCommand({ QueueName: 'siyu-test-probe' }));
    expect(out.QueueUrl).toContain('siyu-test-probe');
    sqs.destroy();
  });
});
