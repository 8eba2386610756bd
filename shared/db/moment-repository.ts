// Moments campaigns on the single table: one item per campaign under the tenant (sk MOMENT#<id>, ids
// time-ordered, so a reverse query lists newest first). Every write after creation is conditional on the
// version read and on the status it moves from, so e.g. scheduled → submitting happens once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MomentCampaign, MomentStatus } from '../domain/moments';
import { keys, recordOf } from './keys';

export interface MomentStore {
  get(corpId: string, id: string): Promise<MomentCampaign | undefined>;
  create(c: MomentCampaign): Promise<void>;
  /** Stores `c` if the stored one is still version `c.version - 1` in status `from`; false otherwise. */
  update(c: MomentCampaign, from: MomentStatus): Promise<boolean>;
  /** Newest first; `after` is the last id of the previous page. */
  list(corpId: string, limit: number, after?: string): Promise<{ items: MomentCampaign[]; last: string | null }>;
}

const PREFIX = 'MOMENT#';

export class DynamoMomentStore implements MomentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private item(c: MomentCampaign) {
    const { corpId, ...rest } = c;
    return JSON.parse(JSON.stringify({ ...keys.moment(corpId, c.id), entity: 'moment', v: 1, tenantId: corpId, ...rest })) as Record<string, unknown>;
  }

  async get(corpId: string, id: string): Promise<MomentCampaign | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.moment(corpId, id), ConsistentRead: true }));
    return out.Item ? { ...recordOf<MomentCampaign>(out.Item), corpId } : undefined;
  }

  async create(c: MomentCampaign): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(c), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async update(c: MomentCampaign, from: MomentStatus): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(c),
          ConditionExpression: 'version = :prev AND #s = :from',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':prev': c.version - 1, ':from': from },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async list(corpId: string, limit: number, after?: string): Promise<{ items: MomentCampaign[]; last: string | null }> {
    const { pk } = keys.tenant(corpId);
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: keys.moment(corpId, after) } : {}),
      }),
    );
    const items = (out.Items ?? []).map((i) => ({ ...recordOf<MomentCampaign>(i), corpId }));
    const lastKey = out.LastEvaluatedKey?.sk;
    return { items, last: typeof lastKey === 'string' ? lastKey.slice(PREFIX.length) : null };
  }
}
