// Inheritances (离职/在职继承) on the single table: one item per transfer under the tenant (sk TRANSFER#<id>, ids
// time-ordered, so a reverse query lists newest first) holding its per-customer / per-group items. Every write
// after creation is conditional on the version read, so two runs of the transfers job never overwrite each other.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransferRecord } from '../domain/transfer';
import { keys, recordOf } from './keys';

export interface TransferStore {
  get(corpId: string, id: string): Promise<TransferRecord | undefined>;
  create(t: TransferRecord): Promise<void>;
  /** Stores `t` if the stored one is still version `t.version - 1`; false otherwise. */
  update(t: TransferRecord): Promise<boolean>;
  /** Newest first; `after` is the last id of the previous page. */
  list(corpId: string, limit: number, after?: string): Promise<{ items: TransferRecord[]; last: string | null }>;
}

const PREFIX = 'TRANSFER#';

export class DynamoTransferStore implements TransferStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(t: TransferRecord) {
    const { corpId, ...rest } = t;
    return JSON.parse(JSON.stringify({ ...keys.transfer(corpId, t.id), entity: 'transfer', v: 1, tenantId: corpId, ...rest })) as Record<string, unknown>;
  }

  async get(corpId: string, id: string): Promise<TransferRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.transfer(corpId, id), ConsistentRead: true }));
    return out.Item ? { ...recordOf<TransferRecord>(out.Item), corpId } : undefined;
  }

  async create(t: TransferRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(t), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async update(t: TransferRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(t),
          ConditionExpression: 'version = :prev',
          ExpressionAttributeValues: { ':prev': t.version - 1 },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async list(corpId: string, limit: number, after?: string): Promise<{ items: TransferRecord[]; last: string | null }> {
    const { pk } = keys.tenant(corpId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: keys.transfer(corpId, after) } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ ...recordOf<TransferRecord>(i), corpId }));
    const lastKey = out.LastEvaluatedKey?.sk;
    return { items, last: typeof lastKey === 'string' ? lastKey.slice(PREFIX.length) : null };
  }
}
