import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AppliedContactWay, ChannelRecord, ChannelStore } from '../channels/channel';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

/** GSI1 attributes that put a channel on the review schedule (or nothing when it has no review time). */
const dueIndex = (corpId: string, id: string, reviewAt: number | undefined) =>
  reviewAt === undefined ? {} : { gsi1pk: keys.channelsDue(), gsi1sk: keys.channelsDueSort(reviewAt, corpId, id) };

export class DynamoChannelStore implements ChannelStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, id: string): Promise<ChannelRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.channel(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<ChannelRecord>(out.Item) : undefined;
  }

  async list(corpId: string): Promise<ChannelRecord[]> {
    return (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'CHANNEL#')).map((i) => recordOf<ChannelRecord>(i));
  }

  async put(record: ChannelRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.channel(record.corpId, record.id),
          entity: 'channel',
          v: 1,
          tenantId: record.corpId,
          ...record,
          ...dueIndex(record.corpId, record.id, record.status === 'active' ? record.reviewAt : undefined),
        },
      }),
    );
  }

  async saveProjection(corpId: string, id: string, applied: AppliedContactWay, reviewAt: number | undefined): Promise<void> {
    const due = dueIndex(corpId, id, reviewAt);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.channel(corpId, id),
        UpdateExpression:
          reviewAt === undefined ? 'SET applied = :a REMOVE reviewAt, gsi1pk, gsi1sk' : 'SET applied = :a, reviewAt = :r, gsi1pk = :g1pk, gsi1sk = :g1sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: reviewAt === undefined ? { ':a': applied } : { ':a': applied, ':r': reviewAt, ':g1pk': due.gsi1pk, ':g1sk': due.gsi1sk },
      }),
    );
  }

  async unschedule(corpId: string, id: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.channel(corpId, id),
        UpdateExpression: 'REMOVE reviewAt, gsi1pk, gsi1sk',
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }

  async dueForReview(nowSeconds: number, limit: number): Promise<Array<{ corpId: string; id: string; reviewAt: number }>> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :to',
        ExpressionAttributeValues: { ':p': keys.channelsDue(), ':to': `${String(nowSeconds).padStart(10, '0')}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ corpId: String(i.corpId), id: String(i.id), reviewAt: Number(i.reviewAt) }));
  }
}
