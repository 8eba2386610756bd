// Creating the tables again (a restart of `npm start` on its data folder) keeps them and their items, adds
// an index infra/ declares since, and refuses a table whose primary key no longer matches.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { makeDynamoClient } from '../../shared/aws/clients';
import { createTables } from './resources';

const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
afterAll(() => ddb.destroy());
const namesFor = (id: string) => ({ tableName: `kept-${id}`, idempotencyTableName: `kept-${id}-idem`, queuePrefix: 'unused' });

describe('createTables on tables that exist', () => {
  it('keeps them with their items', async () => {
    const names = namesFor(randomUUID().slice(0, 8));
    expect(await createTables(ddb, names)).toEqual({ created: [names.tableName, names.idempotencyTableName], kept: [], indexesAdded: [] });
    await ddb.send(new PutItemCommand({ TableName: names.tableName, Item: { pk: { S: 'T#ww1' }, sk: { S: 'TENANT' }, name: { S: '门店' } } }));

    expect(await createTables(ddb, names)).toEqual({ created: [], kept: [names.tableName, names.idempotencyTableName], indexesAdded: [] });
    const item = await ddb.send(new GetItemCommand({ TableName: names.tableName, Key: { pk: { S: 'T#ww1' }, sk: { S: 'TENANT' } } }));
    expect(item.Item?.name).toEqual({ S: '门店' });
  });

  it('adds an index declared since the table was created', async () => {
    const names = namesFor(randomUUID().slice(0, 8));
    await ddb.send(
      new CreateTableCommand({
        TableName: names.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    const report = await createTables(ddb, names);
    expect(report.indexesAdded).toEqual([`${names.tableName}/gsi1`]);
    const t = await ddb.send(new DescribeTableCommand({ TableName: names.tableName }));
    expect(t.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
  });

  it('refuses a table whose primary key differs, pointing at --fresh', async () => {
    const names = namesFor(randomUUID().slice(0, 8));
    await ddb.send(
      new CreateTableCommand({
        TableName: names.tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await expect(createTables(ddb, names)).rejects.toThrow(/has the key id:HASH, infra\/dynamodb.yml declares pk:HASH,sk:RANGE.*--fresh/);
  });
});
