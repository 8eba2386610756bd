// Group codes (keys.groupCode) and group welcome templates (keys.groupWelcomeTemplate) on the single
// table. Writers of a code's join way hold its lease (`groupcode#<id>`), so plain puts are safe.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GroupCodeRecord, GroupCodeStore } from '../groups/group-code';
import type { GroupWelcomeTemplateRecord, GroupWelcomeTemplateStore } from '../groups/group-welcome-template';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

export class DynamoGroupCodeStore implements GroupCodeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, id: string): Promise<GroupCodeRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.groupCode(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<GroupCodeRecord>(out.Item) : undefined;
  }

  async list(corpId: string): Promise<GroupCodeRecord[]> {
    return (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'GROUPCODE#', { consistent: true })).map((i) => recordOf<GroupCodeRecord>(i));
  }

  async put(record: GroupCodeRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.groupCode(record.corpId, record.id), entity: 'group-code', v: 1, tenantId: record.corpId, ...record },
      }),
    );
  }
}

export class DynamoGroupWelcomeTemplateStore implements GroupWelcomeTemplateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(corpId: string, id: string): Promise<GroupWelcomeTemplateRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.groupWelcomeTemplate(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<GroupWelcomeTemplateRecord>(out.Item) : undefined;
  }

  async list(corpId: string): Promise<GroupWelcomeTemplateRecord[]> {
    return (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'GWTEMPLATE#', { consistent: true })).map((i) =>
      recordOf<GroupWelcomeTemplateRecord>(i),
    );
  }

  async put(record: GroupWelcomeTemplateRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.groupWelcomeTemplate(record.corpId, record.id), entity: 'group-welcome-template', v: 1, tenantId: record.corpId, ...record },
      }),
    );
  }
}
