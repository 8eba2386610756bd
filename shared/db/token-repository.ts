// Cached WeCom access tokens on DynamoDB, one item per (tenant, secret fingerprint). The token is stored
// encrypted with the SecretBox (context: the tenant); a sha256 fingerprint of it lets "invalidate if
// still the same token" be a conditional write. A lock (owner + lockUntil) lets one container refresh.
import { type Clock, systemClock } from '../clock';
import { hash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SecretBox } from '../secrets/secret-box';
import type { CachedToken, TokenStore } from '../wecom/token-provider';
import { keys } from './keys';

const fingerprint = (token: string) => hash('sha256', token, 'hex');
/** Items outlive their token by a day, then DynamoDB's TTL removes them. */
const KEEP_SECONDS = 24 * 3600;

async function conditional(op: () => Promise<unknown>): Promise<boolean> {
  try {
    await op();
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}

export class DynamoTokenStore implements TokenStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly secrets: SecretBox,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(corpId: string, secretId: string): Promise<CachedToken | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.accessToken(corpId, secretId), ConsistentRead: true }));
    const item = out.Item;
    if (!item || typeof item.tokenCipher !== 'string' || typeof item.expiresAt !== 'number') return null;
    const token = await this.secrets.decrypt(item.tokenCipher, { tenantId: corpId });
    return { token, expiresAt: item.expiresAt };
  }

  async tryLock(corpId: string, secretId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    return conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accessToken(corpId, secretId),
          UpdateExpression: 'SET lockOwner = :owner, lockUntil = :until, entity = :entity, v = :v, tenantId = :tenant, #ttl = if_not_exists(#ttl, :ttl)',
          ConditionExpression: 'attribute_not_exists(lockUntil) OR lockUntil < :now OR lockOwner = :owner',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':until': now + ttlMs,
            ':now': now,
            ':entity': 'accessToken',
            ':v': 1,
            ':tenant': corpId,
            ':ttl': Math.floor(now / 1000) + KEEP_SECONDS,
          },
        }),
      ),
    );
  }

  async release(corpId: string, secretId: string, owner: string): Promise<void> {
    await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accessToken(corpId, secretId),
          UpdateExpression: 'REMOVE lockOwner, lockUntil',
          ConditionExpression: 'lockOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      ),
    );
  }

  async save(corpId: string, secretId: string, token: CachedToken, holdLockMs: number): Promise<void> {
    const now = this.clock.now();
    const tokenCipher = await this.secrets.encrypt(token.token, { tenantId: corpId });
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.accessToken(corpId, secretId),
        UpdateExpression:
          'SET tokenCipher = :cipher, tokenHash = :hash, expiresAt = :exp, lockUntil = :until, savedAt = :now, entity = :entity, v = :v, tenantId = :tenant, #ttl = :ttl',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':cipher': tokenCipher,
          ':hash': fingerprint(token.token),
          ':exp': token.expiresAt,
          ':until': now + holdLockMs,
          ':now': now,
          ':entity': 'accessToken',
          ':v': 1,
          ':tenant': corpId,
          ':ttl': Math.floor(token.expiresAt / 1000) + KEEP_SECONDS,
        },
      }),
    );
  }

  async invalidate(corpId: string, secretId: string, token: string): Promise<void> {
    await conditional(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.accessToken(corpId, secretId),
          UpdateExpression: 'REMOVE tokenCipher, tokenHash, expiresAt, lockOwner, lockUntil',
          ConditionExpression: 'tokenHash = :hash',
          ExpressionAttributeValues: { ':hash': fingerprint(token) },
        }),
      ),
    );
  }
}
