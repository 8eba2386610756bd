// Keyword rules: one item per rule, and a per-tenant version bumped in the same transaction as every
// rule write, so a consumer can tell with one read whether its compiled matcher is current.
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KeywordRuleRecord, KeywordRuleStore } from '../keywords/keyword-rule';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

export class DynamoKeywordRuleStore implements KeywordRuleStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(corpId: string): Promise<KeywordRuleRecord[]> {
    const items = (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'KWRULE#', { consistent: true })).map((i) => recordOf<KeywordRuleRecord>(i));
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(corpId: string, id: string): Promise<KeywordRuleRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.keywordRule(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<KeywordRuleRecord>(out.Item) : undefined;
  }

  async put(r: KeywordRuleRecord): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.keywordRule(r.corpId, r.id), entity: 'keywordRule', v: 1, tenantId: r.corpId, ...r } } },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.keywordRuleSet(r.corpId),
              UpdateExpression: 'ADD #version :one SET entity = :e, tenantId = :t',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':one': 1, ':e': 'keywordRuleSet', ':t': r.corpId },
            },
          },
        ],
      }),
    );
  }

  async version(corpId: string): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.keywordRuleSet(corpId), ConsistentRead: true }));
    return Number(out.Item?.version ?? 0);
  }
}
