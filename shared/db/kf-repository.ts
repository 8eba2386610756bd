// 微信客服 state: one cursor item per kf account, and a marker per customer message that got a reply.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KfStore } from '../keywords/kf';
import { keys } from './keys';

/** Markers outlive the 3 days sync_msg can return a message for. */
const MARKER_TTL_SECONDS = 7 * 86_400;

export class DynamoKfStore implements KfStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async cursor(corpId: string, openKfId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.kfAccount(corpId, openKfId), sk: 'CURSOR' }, ConsistentRead: true }),
    );
    return typeof out.Item?.cursor === 'string' ? out.Item.cursor : undefined;
  }

  async saveCursor(corpId: string, openKfId: string, cursor: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.kfAccount(corpId, openKfId), sk: 'CURSOR', entity: 'kfCursor', tenantId: corpId, openKfId, cursor },
      }),
    );
  }

  async replied(corpId: string, openKfId: string, msgid: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: keys.kfAccount(corpId, openKfId), sk: `REPLY#${msgid}` }, ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async markReplied(corpId: string, openKfId: string, msgid: string, reply: { ruleId: string; sentMsgid: string; at: number }): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.kfAccount(corpId, openKfId),
          sk: `REPLY#${msgid}`,
          entity: 'kfReply',
          tenantId: corpId,
          ...reply,
          ttl: Math.floor(reply.at / 1000) + MARKER_TTL_SECONDS,
        },
      }),
    );
  }
}
