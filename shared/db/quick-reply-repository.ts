import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuickReply, QuickReplyStore } from '../keywords/quick-reply';
import { keys, recordOf, tenantPrefix } from './keys';

export class DynamoQuickReplyStore implements QuickReplyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(r: QuickReply): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.quickReply(r.corpId, r.id), entity: 'quickReply', v: 1, tenantId: r.corpId, ...r } }));
  }

  async list(corpId: string): Promise<QuickReply[]> {
    const items: QuickReply[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': tenantPrefix(corpId), ':s': 'QUICKREPLY#' },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map((i) => recordOf<QuickReply>(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
