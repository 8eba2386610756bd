// Creates the tables and queues of infra/ on DynamoDB Local and the SQS emulator. Idempotent.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CONCERNS, concernResourceName, type Concern } from '../../shared/domain/fanout';
import { readResources } from './infra';

export interface ResourceNames {
  tableName: string;
  idempotencyTableName: string;
  queuePrefix: string;
}

export async function createTables(ddb: DynamoDBClient, names: ResourceNames): Promise<void> {
  const resources = readResources('dynamodb.yml', {
    'self:custom.tableName': names.tableName,
    'self:custom.idempotencyTableName': names.idempotencyTableName,
  });
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::DynamoDB::Table') continue;
    const p = r.Properties as Record<string, unknown> & { TableName: string };
    const input = {
      TableName: p.TableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      ...(p.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes } : {}),
    } as CreateTableCommandInput;
    try {
      await ddb.send(new CreateTableCommand(input));
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
    }
    const ttl = p.TimeToLiveSpecification as { AttributeName: string } | undefined;
    if (ttl) {
      await ddb
        .send(new UpdateTimeToLiveCommand({ TableName: p.TableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }))
        .catch(() => undefined); // already enabled
    }
    await ddb.send(new DescribeTableCommand({ TableName: p.TableName }));
  }
}

export type QueueUrls = Record<Concern, string>;

export async function createQueues(sqs: SQSClient, names: ResourceNames): Promise<{ queues: QueueUrls; dlqs: QueueUrls }> {
  const resources = readResources('queues.yml', { 'self:custom.queuePrefix': names.queuePrefix });
  const queues = {} as QueueUrls;
  const dlqs = {} as QueueUrls;
  for (const concern of CONCERNS) {
    const base = concernResourceName(concern);
    const q = resources[`${base}Queue`]?.Properties as Record<string, unknown> | undefined;
    const d = resources[`${base}Dlq`]?.Properties as Record<string, unknown> | undefined;
    if (!q || !d) throw new Error(`infra/queues.yml lacks the queue or DLQ of ${concern}`);
    const fifo = (props: Record<string, unknown>): Record<string, string> => (props.FifoQueue === true ? { FifoQueue: 'true' } : {});
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: String(d.QueueName), Attributes: fifo(d) }));
    const dlqAttrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
    const redrive = q.RedrivePolicy as { maxReceiveCount: number };
    const main = await sqs.send(
      new CreateQueueCommand({
        QueueName: String(q.QueueName),
        Attributes: {
          ...fifo(q),
          VisibilityTimeout: String(q.VisibilityTimeout),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlqAttrs.Attributes?.QueueArn,
            maxReceiveCount: redrive.maxReceiveCount,
          }),
        },
      }),
    );
    queues[concern] = main.QueueUrl!;
    dlqs[concern] = dlq.QueueUrl!;
  }
  return { queues, dlqs };
}
