// A tenant's chat-archive secrets (shared/archive/archive-secrets.ts): one item per tenant next to the
// tenant item, listed for the puller through the system GSI1 partition archiveTenants (corp id order).
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ArchiveSecretsRecord, ArchiveSecretsStore } from '../archive/archive-secrets';
import { keys, recordOf } from './keys';
import { queryPages } from './query-all';

export class DynamoArchiveSecretsStore implements ArchiveSecretsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string): Promise<ArchiveSecretsRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.archiveSecrets(corpId), ConsistentRead: true }));
    return out.Item ? recordOf<ArchiveSecretsRecord>(out.Item) : undefined;
  }

  async put(record: ArchiveSecretsRecord): Promise<void> {
    const item = {
      ...keys.archiveSecrets(record.corpId),
      gsi1pk: keys.archiveTenants(),
      gsi1sk: record.corpId,
      entity: 'archiveSecrets',
      tenantId: record.corpId,
      ...record,
    };
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  async corpIds(): Promise<string[]> {
    const ids: string[] = [];
    const pages = queryPages(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.archiveTenants() },
      ProjectionExpression: 'gsi1sk',
    });
    for await (const out of pages) for (const i of out.Items ?? []) ids.push(String(i.gsi1sk));
    return ids;
  }
}
