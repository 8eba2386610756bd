// Quick replies of a tenant: one item each.
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuickReply, QuickReplyStore } from '../keywords/quick-reply';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

export class DynamoQuickReplyStore implements QuickReplyStore {
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
}
