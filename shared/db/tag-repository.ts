// The corp tag mirror: one item per tag. A resync writes what WeCom lists and marks the rest deleted;
// tags are never removed. Each write carries the WeCom read time, so an older resync cannot undo a newer.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CorpTag } from '../domain/tags';
import { keys } from './keys';

export class DynamoTagStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(corpId: string): Promise<CorpTag[]> {
    const out: CorpTag[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :t)',
          ExpressionAttributeValues: { ':p': keys.corpTags(corpId), ':t': 'TAG#' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      for (const i of page.Items ?? []) {
        out.push({
          id: String(i.id),
          name: String(i.name),
          groupId: String(i.groupId),
          groupName: String(i.groupName),
          order: Number(i.order ?? 0),
          deleted: i.deleted === true,
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Writes a tag as WeCom showed it at `syncedAtMs`, unless a newer read is stored. */
  async put(corpId: string, tag: CorpTag, syncedAtMs: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.corpTag(corpId, tag.id),
          UpdateExpression:
            'SET entity = :e, v = :v, tenantId = :t, id = :id, #name = :n, groupId = :g, groupName = :gn, #order = :o, deleted = :d, syncedAt = :s',
          ConditionExpression: 'attribute_not_exists(syncedAt) OR syncedAt <= :s',
          ExpressionAttributeNames: { '#name': 'name', '#order': 'order' },
          ExpressionAttributeValues: {
            ':e': 'tag',
            ':v': 1,
            ':t': corpId,
            ':id': tag.id,
            ':n': tag.name,
            ':g': tag.groupId,
            ':gn': tag.groupName,
            ':o': tag.order,
            ':d': tag.deleted,
            ':s': syncedAtMs,
          },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  /** Marks a tag deleted (it stays listed with deleted: true), unless a newer read is stored. */
  async markDeleted(corpId: string, tagId: string, syncedAtMs: number): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.corpTag(corpId, tagId),
          UpdateExpression: 'SET deleted = :d, syncedAt = :s',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(syncedAt) OR syncedAt <= :s)',
          ExpressionAttributeValues: { ':d': true, ':s': syncedAtMs },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }
}
