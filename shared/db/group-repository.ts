// The group registry on the single table (keys.groupChat). Order-safe: a snapshot applies only over an
// older or equal changedAt and never over a dismissed group; a dismiss is terminal.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GroupRecord, GroupStore } from '../groups/group';
import { keys, recordOf } from './keys';
import { queryAll } from './query-all';

const isConditionFailure = (e: unknown) => e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException';

export class DynamoGroupStore implements GroupStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, chatId: string): Promise<GroupRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.groupChat(corpId, chatId), ConsistentRead: true }));
    return out.Item ? recordOf<GroupRecord>(out.Item) : undefined;
  }

  async getMany(corpId: string, chatIds: readonly string[]): Promise<Record<string, GroupRecord | undefined>> {
    const unique = [...new Set(chatIds)];
    const found = await Promise.all(unique.map((id) => this.get(corpId, id)));
    return Object.fromEntries(unique.map((id, i) => [id, found[i]]));
  }

  async list(corpId: string): Promise<GroupRecord[]> {
    return (await queryAll(this.doc, this.tableName, keys.groupChats(corpId), 'CHAT#')).map((i) => recordOf<GroupRecord>(i));
  }

  async applySnapshot(record: GroupRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.groupChat(record.corpId, record.chatId), entity: 'group', v: 1, tenantId: record.corpId, ...record },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s <> :d AND changedAt <= :t)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':d': 'dismissed', ':t': record.changedAt },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }

  async markDismissed(corpId: string, chatId: string, changedAt: number, updatedAt: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.groupChat(corpId, chatId),
          UpdateExpression:
            'SET #s = :d, changedAt = :t, updatedAt = :u, entity = :e, v = :v, tenantId = :c, corpId = :c, chatId = :id, ' +
            '#n = if_not_exists(#n, :empty), #o = if_not_exists(#o, :empty), memberCount = if_not_exists(memberCount, :zero)',
          ConditionExpression: 'attribute_not_exists(#s) OR #s <> :d',
          ExpressionAttributeNames: { '#s': 'status', '#n': 'name', '#o': 'owner' },
          ExpressionAttributeValues: {
            ':d': 'dismissed',
            ':t': changedAt,
            ':u': updatedAt,
            ':e': 'group',
            ':v': 1,
            ':c': corpId,
            ':id': chatId,
            ':empty': '',
            ':zero': 0,
          },
        }),
      );
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  }
}
