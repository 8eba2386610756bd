// Operator sessions on the single table: one item per session in the tenant's partition (sk SESSION#<idHash>;
// the id itself is never stored), removed by DynamoDB's TTL at its absolute end and by logout/revoke at once.
// One-time login tokens (dev login) sit next to them (sk LOGINTOKEN#<hash>); taking one deletes it atomically.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionRecord, SessionStore } from '../auth/session';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

const ttlOf = (iso: string) => Math.ceil(Date.parse(iso) / 1000);

export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: SessionRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.session(record.corpId, record.idHash), entity: 'session', v: 1, tenantId: record.corpId, ttl: ttlOf(record.expiresAt), ...record },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(corpId: string, idHash: string): Promise<SessionRecord | undefined> {
    // Strongly consistent: a logout or revoke must take effect on the very next request.
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.session(corpId, idHash), ConsistentRead: true }));
    return out.Item ? recordOf<SessionRecord>(out.Item) : undefined;
  }

  async touch(corpId: string, idHash: string, lastSeenAt: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.session(corpId, idHash),
          UpdateExpression: 'SET lastSeenAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND lastSeenAt < :at',
          ExpressionAttributeValues: { ':at': lastSeenAt },
        }),
      )
      .catch((e: unknown) => {
        // Revoked meanwhile, or a later touch won: nothing to refresh.
        if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      });
  }

  async delete(corpId: string, idHash: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.session(corpId, idHash) }));
  }

  async list(corpId: string): Promise<SessionRecord[]> {
    const items = await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'SESSION#', { consistent: true });
    return items.map((i) => recordOf<SessionRecord>(i));
  }

  async putLoginToken(corpId: string, tokenHash: string, expiresAt: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.loginToken(corpId, tokenHash), entity: 'loginToken', v: 1, tenantId: corpId, ttl: ttlOf(expiresAt), expiresAt },
      }),
    );
  }

  async takeLoginToken(corpId: string, tokenHash: string): Promise<{ expiresAt: string } | undefined> {
    // Conditioned on the item being there: of two concurrent takers exactly one deletes it (an unconditioned
    // delete returned the old item to both on DynamoDB Local).
    try {
      const out = await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.loginToken(corpId, tokenHash),
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes ? { expiresAt: String(out.Attributes.expiresAt) } : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }
}
