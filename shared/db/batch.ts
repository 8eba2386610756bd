// BatchGetItem and BatchWriteItem over any number of keys or items: chunks of DynamoDB's limits (100 keys,
// 25 puts or deletes), what DynamoDB left unprocessed retried with backoff, `concurrency` chunks in flight.
import { BatchGetCommand, BatchWriteCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '../map-limit';

type Item = Record<string, unknown>;

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));

/** Every item of `keys` that exists (strongly consistent reads), in no particular order. */
export async function batchGetAll(doc: DynamoDBDocumentClient, tableName: string, keys: readonly object[], concurrency = 1): Promise<Item[]> {
  const out: Item[] = [];
  await mapLimit(chunks(keys, 100), concurrency, async (chunk) => {
    let pending: Item[] | undefined = chunk.map((k): Item => ({ ...k }));
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt - 1);
      const res: BatchGetCommandOutput = await doc.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
      out.push(...(res.Responses?.[tableName] ?? []));
      pending = res.UnprocessedKeys?.[tableName]?.Keys;
    }
  });
  return out;
}

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** BatchWriteItem over any number of requests: chunks of 25, unprocessed ones retried with backoff. */
async function writeAll(doc: DynamoDBDocumentClient, tableName: string, requests: readonly WriteRequest[], concurrency: number): Promise<void> {
  await mapLimit(chunks(requests, 25), concurrency, async (chunk) => {
    let pending: WriteRequest[] | undefined = chunk;
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await backoff(attempt - 1);
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] as WriteRequest[] | undefined;
    }
  });
}

/** Puts every item (plain puts: last writer wins). */
export function batchPutAll(doc: DynamoDBDocumentClient, tableName: string, items: readonly Item[], concurrency = 1): Promise<void> {
  return writeAll(
    doc,
    tableName,
    items.map((Item) => ({ PutRequest: { Item } })),
    concurrency,
  );
}

/** Deletes every key (plain deletes: a missing item is no error). */
export function batchDeleteAll(doc: DynamoDBDocumentClient, tableName: string, keys: readonly Item[], concurrency = 1): Promise<void> {
  return writeAll(
    doc,
    tableName,
    keys.map((Key) => ({ DeleteRequest: { Key } })),
    concurrency,
  );
}
