// Follow relationships with time-guarded conditional writes (style rule 11): the newest change by
// (CreateTime, rank) wins whatever the delivery order. A conditional-check failure means "stale".
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FollowChange, FollowStatus, FollowStore, FollowView } from '../domain/relationship';
import { keys } from './keys';


export class DynamoFollowStore implements FollowStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async apply(change: FollowChange): Promise<'applied' | 'stale'> {
    const key = keys.follow(change.corpId, change.externalUserId, change.userId);
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': change.status,
      ':t': change.changedAt,
      ':r': change.rank,
      ':k': change.eventKey,
      ':entity': 'follow',
      ':v': 1,
      ':tenant': change.corpId,
      ':ext': change.externalUserId,
      ':user': change.userId,
      ':g1pk': keys.followsOfStaff(change.corpId, change.userId),
      ':g1sk': change.externalUserId,
    };
    const sets = [
      '#status = :status',
      'changedAt = :t',
      'changeRank = :r',
      'lastEventKey = :k',
      'entity = :entity',
      'v = :v',
      'tenantId = :tenant',
      'externalUserId = :ext',
      'userId = :user',
      'gsi1pk = :g1pk',
      'gsi1sk = :g1sk',
    ];
    if (change.added) {
      sets.push('addedAt = :t');
      if (change.added.state) {
        names['#state'] = 'state';
        values[':state'] = change.added.state;
        sets.push('#state = :state');
      }
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(pk) OR changedAt < :t OR (changedAt = :t AND changeRank < :r)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'applied';
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      if (change.added) await this.backfillAdd(change);
      return 'stale';
    }
  }

  /** A late add (its delete already applied) still tells when and through which channel it happened. */
  private async backfillAdd(change: FollowChange): Promise<void> {
    const added = change.added;
    if (!added) return;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.follow(change.corpId, change.externalUserId, change.userId),
          UpdateExpression: added.state ? 'SET addedAt = :t, #state = :s' : 'SET addedAt = :t',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(addedAt)',
          ExpressionAttributeNames: added.state ? { '#state': 'state' } : undefined,
          ExpressionAttributeValues: added.state ? { ':t': added.at, ':s': added.state } : { ':t': added.at },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :f)',
        ExpressionAttributeValues: { ':p': keys.followsOfCustomer(corpId, externalUserId), ':f': 'FOLLOW#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      userId: String(i.userId),
      externalUserId: String(i.externalUserId),
      status: i.status as FollowStatus,
      state: typeof i.state === 'string' ? i.state : null,
      addedAt: typeof i.addedAt === 'number' ? i.addedAt : null,
      changedAt: Number(i.changedAt),
    }));
  }
}
