import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChannelRecord, ChannelStore } from '../channels/channel.schema';
import { keys, recordOf, tenantPrefix } from './keys';

export class DynamoChannelStore implements ChannelStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, id: string): Promise<ChannelRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.channel(corpId, id) }));
    return out.Item ? recordOf<ChannelRecord>(out.Item) : undefined;
  }

  async list(corpId: string): Promise<ChannelRecord[]> {
    const items: ChannelRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :c)',
          ExpressionAttributeValues: { ':p': tenantPrefix(corpId), ':c': 'CHANNEL#' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => recordOf<ChannelRecord>(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async put(record: ChannelRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.channel(record.corpId, record.id), entity: 'channel', v: 1, tenantId: record.corpId, ...record },
      }),
    );
  }
}
