// Every item of a partition whose sort key starts with a prefix, across pages (small, bounded sets:
// a tenant's channels, rules, quick replies …).
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';

export async function queryAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
  pk: string,
  skPrefix: string,
  opts: { consistent?: boolean } = {},
): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': skPrefix },
        ConsistentRead: opts.consistent ?? false,
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every page of a query (items, or counts with Select COUNT), following LastEvaluatedKey. */
export async function* queryPages(doc: DynamoDBDocumentClient, input: QueryCommandInput): AsyncGenerator<QueryCommandOutput> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    yield out;
    start = out.LastEvaluatedKey;
  } while (start);
}

/**
 * One page of up to `limit` items of a query, read on from `start`. A FilterExpression can leave a DynamoDB
 * page short, so pages are read until there are `limit` items or the query ends; `last` is the key to continue
 * from (absent at the end).
 */
export async function queryPage(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit: number,
  start?: Record<string, unknown>,
): Promise<{ items: Array<Record<string, unknown>>; last?: Record<string, unknown> | undefined }> {
  const items: Array<Record<string, unknown>> = [];
  let last = start;
  do {
    const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: last, Limit: limit - items.length }));
    items.push(...(out.Items ?? []));
    last = out.LastEvaluatedKey;
  } while (last && items.length < limit);
  return { items, last };
}

/** How many items a query matches (Select COUNT, across pages). */
export async function queryCount(doc: DynamoDBDocumentClient, input: QueryCommandInput): Promise<number> {
  let n = 0;
  for await (const page of queryPages(doc, { ...input, Select: 'COUNT' })) n += page.Count ?? 0;
  return n;
}
