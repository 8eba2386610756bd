// Short leases as conditional writes: one item per (tenant, name), held until an expiry time.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LeaseStore } from '../leases/lease';
import { keys } from './keys';

export class DynamoLeaseStore implements LeaseStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acquire(corpId: string, name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.lease(corpId, name),
          UpdateExpression: 'SET leaseOwner = :o, leaseUntil = :u, entity = :e, tenantId = :t, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :o',
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':o': owner,
            ':u': untilMs,
            ':now': nowMs,
            ':e': 'lease',
            ':t': corpId,
            ':ttl': Math.ceil(untilMs / 1000) + 86_400,
          },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  async release(corpId: string, name: string, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.lease(corpId, name),
          ConditionExpression: 'leaseOwner = :o',
          ExpressionAttributeValues: { ':o': owner },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }
}
