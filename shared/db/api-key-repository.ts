// API keys on the single table: one item per key in the tenant's partition (sk APIKEY#<keyId>); only the
// secret's hash is stored. Revoking keeps the item (the list shows revoked keys) and sets revokedAt once.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, ApiKeyStore } from '../auth/api-key';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    // Strongly consistent: a revoke must take effect on the very next request.
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(corpId, keyId), ConsistentRead: true }));
    if (!out.Item) return undefined;
    return recordOf<ApiKeyRecord>(out.Item);
  }

  async put(record: ApiKeyRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.apiKey(record.corpId, record.keyId), entity: 'apiKey', v: 1, tenantId: record.corpId, ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async list(corpId: string): Promise<ApiKeyRecord[]> {
    const items = await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'APIKEY#', { consistent: true });
    return items.map((i) => recordOf<ApiKeyRecord>(i));
  }

  async revoke(corpId: string, keyId: string, at: string): Promise<ApiKeyRecord | undefined> {
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.apiKey(corpId, keyId),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return recordOf<ApiKeyRecord>(out.Attributes!);
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      return this.get(corpId, keyId);
    }
  }
}
