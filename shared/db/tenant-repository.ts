import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TenantRecord, TenantStore } from '../tenants/tenant';
import { keys, recordOf } from './keys';

export class DynamoTenantStore implements TenantStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string): Promise<TenantRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.tenant(corpId) }));
    if (!out.Item) return undefined;
    return recordOf<TenantRecord>(out.Item);
  }

  async put(record: TenantRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.tenant(record.corpId), entity: 'tenant', v: 1, tenantId: record.corpId, ...record },
      }),
    );
  }
}
