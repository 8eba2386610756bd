// A tenant's sensitive words: one item, its version bumped on every write (what invalidates matchers).
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SensitiveWords, SensitiveWordStore } from '../archive/archive-ports';
import { keys } from './keys';

export class DynamoSensitiveWordStore implements SensitiveWordStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string): Promise<SensitiveWords | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.sensitiveWords(corpId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return { words: out.Item.words as string[], notify: out.Item.notify as string[], version: Number(out.Item.version) };
  }

  async put(corpId: string, w: { words: string[]; notify: string[] }): Promise<SensitiveWords> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sensitiveWords(corpId),
        UpdateExpression: 'SET words = :w, notify = :n, entity = :e, tenantId = :t ADD version :one',
        ExpressionAttributeValues: { ':w': w.words, ':n': w.notify, ':e': 'sensitiveWords', ':t': corpId, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { words: w.words, notify: w.notify, version: Number(out.Attributes?.version ?? 1) };
  }
}
