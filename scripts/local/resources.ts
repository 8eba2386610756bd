// Creates the tables and queues of infra/ on DynamoDB Local and the SQS emulator. Idempotent: a table kept
// from an earlier run (npm start's data folder) is kept with its items; an index added to infra/ since is
// added to it, as a deploy would; a changed primary key cannot be migrated and is reported.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTableCommand,
  type GlobalSecondaryIndex,
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

export interface TablesReport {
  created: string[];
  kept: string[];
  /** "table/index" for indexes added to kept tables. */
  indexesAdded: string[];
}

export async function createTables(ddb: DynamoDBClient, names: ResourceNames): Promise<TablesReport> {
  const report: TablesReport = { created: [], kept: [], indexesAdded: [] };
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
      report.created.push(p.TableName);
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
      report.kept.push(p.TableName);
      report.indexesAdded.push(...(await alignKeptTable(ddb, input)));
    }
    const ttl = p.TimeToLiveSpecification as { AttributeName: string } | undefined;
    if (ttl) {
      await ddb
        .send(new UpdateTimeToLiveCommand({ TableName: p.TableName, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }))
        .catch(() => undefined); // already enabled
    }
    await ddb.send(new DescribeTableCommand({ TableName: p.TableName }));
  }
  return report;
}

const keyText = (k: Array<{ AttributeName?: string | undefined; KeyType?: string | undefined }> | undefined) =>
  (k ?? []).map((e) => `${e.AttributeName}:${e.KeyType}`).join(',');

/** Adds the indexes infra/ declares and a kept table lacks; fails clearly when its primary key differs. */
async function alignKeptTable(ddb: DynamoDBClient, want: CreateTableCommandInput): Promise<string[]> {
  const { Table: have } = await ddb.send(new DescribeTableCommand({ TableName: want.TableName }));
  if (keyText(have?.KeySchema) !== keyText(want.KeySchema)) {
    throw new Error(
      `table ${want.TableName} in the data folder has the key ${keyText(have?.KeySchema)}, infra/dynamodb.yml declares ${keyText(want.KeySchema)}; ` +
        'it cannot be migrated in place: start with `npm start -- --fresh` (empties the data folder)',
    );
  }
  const present = new Set((have?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const added: string[] = [];
  for (const gsi of (want.GlobalSecondaryIndexes ?? []) as GlobalSecondaryIndex[]) {
    if (present.has(gsi.IndexName)) continue;
    const used = new Set(gsi.KeySchema?.map((k) => k.AttributeName));
    await ddb.send(
      new UpdateTableCommand({
        TableName: want.TableName,
        AttributeDefinitions: want.AttributeDefinitions?.filter((a) => used.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: gsi.IndexName, KeySchema: gsi.KeySchema, Projection: gsi.Projection } }],
      }),
    );
    added.push(`${want.TableName}/${gsi.IndexName}`);
  }
  return added;
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
