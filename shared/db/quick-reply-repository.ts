// Quick replies of a tenant: one item each; and each member's send counts from the sidebar (one item per
// member and reply, incremented atomically).
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuickReply, QuickReplyStore, QuickReplyUses } from '../keywords/quick-reply';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

export class DynamoQuickReplyStore implements QuickReplyStore, QuickReplyUses {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(r: QuickReply): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.quickReply(r.corpId, r.id), entity: 'quickReply', v: 1, tenantId: r.corpId, ...r } }),
    );
  }

  async list(corpId: string): Promise<QuickReply[]> {
    return (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'QUICKREPLY#')).map((i) => recordOf<QuickReply>(i));
  }

  async usesOf(corpId: string, userId: string): Promise<Map<string, number>> {
    const items = await queryAll(this.doc, this.tableName, keys.quickReplyUse(corpId, userId, '').pk, 'QRUSE#');
    return new Map(items.map((i) => [String(i.quickReplyId), Number(i.uses)]));
  }

  async countUse(corpId: string, userId: string, id: string): Promise<number> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.quickReplyUse(corpId, userId, id),
        UpdateExpression: 'SET entity = :e, v = :v, tenantId = :t, userId = :u, quickReplyId = :id ADD uses :one',
        ExpressionAttributeValues: { ':e': 'quickReplyUse', ':v': 1, ':t': corpId, ':u': userId, ':id': id, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.uses);
  }
}
