// Versioned records of a tenant on the single table: one item per record under the tenant (sk <PREFIX><id>, ids
// time-ordered, so a reverse query lists newest first). Creation is conditional on the item being new; every later
// write is conditional on the version read (plus any condition the caller adds), so concurrent jobs never overwrite
// each other. Moments campaigns and inheritances are stored this way.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys, recordOf, type Key } from './keys';

export interface VersionedRecord {
  corpId: string;
  id: string;
  version: number;
}

/** A condition added to the version check of an update, e.g. `#s = :from` with its names and values. */
export interface ExtraCondition {
  expression: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export class VersionedRecords<T extends VersionedRecord> {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly kind: { entity: string; prefix: string; key: (corpId: string, id: string) => Key },
  ) {}

  private item(r: T) {
    const { corpId, ...rest } = r;
    return JSON.parse(JSON.stringify({ ...this.kind.key(corpId, r.id), entity: this.kind.entity, v: 1, tenantId: corpId, ...rest })) as Record<string, unknown>;
  }

  async get(corpId: string, id: string): Promise<T | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: this.kind.key(corpId, id), ConsistentRead: true }));
    return out.Item ? { ...recordOf<T>(out.Item), corpId } : undefined;
  }

  async create(r: T): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(r), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  /** Stores `r` if the stored one is still version `r.version - 1` (and `extra` holds); false otherwise. */
  async update(r: T, extra?: ExtraCondition): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(r),
          ConditionExpression: extra ? `version = :prev AND ${extra.expression}` : 'version = :prev',
          ...(extra?.names ? { ExpressionAttributeNames: extra.names } : {}),
          ExpressionAttributeValues: { ':prev': r.version - 1, ...extra?.values },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  /** Newest first; `after` is the last id of the previous page. */
  async list(corpId: string, limit: number, after?: string): Promise<{ items: T[]; last: string | null }> {
    const { pk } = keys.tenant(corpId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': this.kind.prefix },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: this.kind.key(corpId, after) } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ ...recordOf<T>(i), corpId }));
    const lastKey = out.LastEvaluatedKey?.sk;
    return { items, last: typeof lastKey === 'string' ? lastKey.slice(this.kind.prefix.length) : null };
  }
}
