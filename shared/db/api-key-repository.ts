import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, ApiKeyStore } from '../auth/api-key';
import { keys, recordOf } from './keys';

export class DynamoApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.apiKey(corpId, keyId) }));
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
}
