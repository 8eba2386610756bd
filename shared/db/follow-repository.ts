// Follow relationships with time-guarded conditional writes (docs/architecture.md#order-safe-writes): the newest change by
// (CreateTime, rank) wins whatever the delivery order. A conditional-check failure means "stale".
// Every event, stale or not, is also added to the follow's history (`hist`, a string set: idempotent and
// order-free), from which the metrics replay the follow's periods (shared/domain/follow-periods.ts).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeFollowEvent, encodeFollowEvent, followEventOf, type FollowEvent } from '../domain/follow-periods';
import type { FollowChange, FollowStatus, FollowStore, FollowView } from '../domain/relationship';
import { keys } from './keys';

export class DynamoFollowStore implements FollowStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * `profile`: the follow's tags/remark as WeCom reported them on this add (tags added, as
   * setFollowProfile without replaceTags), written in the same request as the change: one write per add.
   * A stale change still stores them, with its history entry (one unconditional write).
   */
  async apply(change: FollowChange, profile?: FollowProfile): Promise<'applied' | 'stale'> {
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
      ':h': new Set([encodeFollowEvent(followEventOf(change))]),
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
    const p = profile ? profileParts(profile, false) : undefined;
    if (p) {
      sets.push(...p.sets);
      Object.assign(values, p.values);
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')}${clauses('REMOVE', p?.removes ?? [])}${clauses('ADD', ['hist :h', ...(p?.adds ?? [])])}`,
          // attribute_not_exists(changedAt): an item created by addTags/setProfile before its first event.
          ConditionExpression: 'attribute_not_exists(pk) OR attribute_not_exists(changedAt) OR changedAt < :t OR (changedAt = :t AND changeRank < :r)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'applied';
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      await this.addToHistory(change, p);
      if (change.added) await this.backfillAdd(change);
      return 'stale';
    }
  }

  /** A stale event still happened: it joins the history (the periods depend on it) without changing the status. */
  private async addToHistory(change: FollowChange, p?: ProfileParts): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.follow(change.corpId, change.externalUserId, change.userId),
        UpdateExpression: `ADD ${['hist :h', ...(p?.adds ?? [])].join(', ')}${clauses('SET', p?.sets ?? [])}${clauses('REMOVE', p?.removes ?? [])}`.trim(),
        ExpressionAttributeValues: { ':h': new Set([encodeFollowEvent(followEventOf(change))]), ...p?.values },
      }),
    );
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
    // Items without changedAt only carry tags written before the follow's first event: not a follow yet.
    return (out.Items ?? []).filter((i) => typeof i.changedAt === 'number').map(followViewOf);
  }

  /**
   * Adds tag ids to a follow's tags (a string set: idempotent, concurrent-safe). Creates the item if
   * the follow's event has not been applied yet; never touches status/changedAt.
   */
  async addTags(corpId: string, externalUserId: string, userId: string, tagIds: string[]): Promise<void> {
    const ids = [...new Set(tagIds.filter((t) => t.length > 0))];
    if (ids.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.follow(corpId, externalUserId, userId),
        UpdateExpression: 'ADD tags :tags SET externalUserId = :ext, userId = :user, tenantId = :tenant',
        ExpressionAttributeValues: { ':tags': new Set(ids), ':ext': externalUserId, ':user': userId, ':tenant': corpId },
      }),
    );
  }

  /**
   * Stores a follow's tags and remark as WeCom reported them (externalcontact/get follow_user).
   * `replaceTags`: the reported tags replace the stored ones (an edit); otherwise they are added (an
   * add, where a concurrent addTags from the greeting must not be lost).
   */
  async setFollowProfile(corpId: string, externalUserId: string, userId: string, profile: FollowProfile, replaceTags: boolean): Promise<void> {
    const p = profileParts(profile, replaceTags);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.follow(corpId, externalUserId, userId),
        UpdateExpression: `SET ${['externalUserId = :ext', 'userId = :user', 'tenantId = :tenant', ...p.sets].join(', ')}${clauses('REMOVE', p.removes)}${clauses('ADD', p.adds)}`,
        ExpressionAttributeValues: { ':ext': externalUserId, ':user': userId, ':tenant': corpId, ...p.values },
      }),
    );
  }

  /** One page of a staff member's follows (GSI1), in external user id order. */
  async followsOfStaffPage(corpId: string, userId: string, limit: number, after?: string): Promise<{ items: FollowView[]; last: string | null }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: after ? 'gsi1pk = :p AND gsi1sk > :a' : 'gsi1pk = :p',
        ExpressionAttributeValues: after ? { ':p': keys.followsOfStaff(corpId, userId), ':a': after } : { ':p': keys.followsOfStaff(corpId, userId) },
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).filter((i) => typeof i.changedAt === 'number').map(followViewOf);
    const lastKey = out.LastEvaluatedKey?.gsi1sk;
    return { items, last: typeof lastKey === 'string' ? lastKey : null };
  }
}

/** A follow's tags and remark as WeCom reports them (externalcontact/get follow_user). */
export interface FollowProfile {
  tags: string[];
  remark: string | null;
  description?: string | null | undefined;
  /** Sealed remark phone numbers; null removes them, undefined leaves them as they are. */
  remarkMobilesCipher?: string | null | undefined;
}

interface ProfileParts {
  sets: string[];
  removes: string[];
  adds: string[];
  values: Record<string, unknown>;
}

/**
 * The update clauses that store a follow profile. `replaceTags`: the reported tags replace the stored ones
 * (an edit); otherwise they are added (an add, where a concurrent addTags from the greeting must not be lost).
 * Null remark/description keep the stored value.
 */
function profileParts(profile: FollowProfile, replaceTags: boolean): ProfileParts {
  const ids = [...new Set(profile.tags.filter((t) => t.length > 0))];
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  if (profile.remark !== null) {
    values[':remark'] = profile.remark;
    sets.push('remark = :remark');
  }
  if (profile.description !== null && profile.description !== undefined) {
    values[':description'] = profile.description;
    sets.push('description = :description');
  }
  if (profile.remarkMobilesCipher === null) removes.push('remarkMobilesCipher');
  else if (profile.remarkMobilesCipher !== undefined) {
    values[':mobiles'] = profile.remarkMobilesCipher;
    sets.push('remarkMobilesCipher = :mobiles');
  }
  const adds: string[] = [];
  if (replaceTags) {
    if (ids.length > 0) {
      values[':tags'] = new Set(ids);
      sets.push('tags = :tags');
    } else removes.push('tags');
  } else if (ids.length > 0) {
    values[':tags'] = new Set(ids);
    adds.push('tags :tags');
  }
  return { sets, removes, adds, values };
}

/** ' KEYWORD a, b' or '' for no parts. */
const clauses = (keyword: string, parts: string[]) => (parts.length ? ` ${keyword} ${parts.join(', ')}` : '');

function followViewOf(i: Record<string, unknown>): FollowView {
  const tags = i.tags instanceof Set ? [...(i.tags as Set<unknown>)].map(String).sort() : [];
  return {
    userId: String(i.userId),
    externalUserId: String(i.externalUserId),
    status: i.status as FollowStatus,
    state: typeof i.state === 'string' ? i.state : null,
    addedAt: typeof i.addedAt === 'number' ? i.addedAt : null,
    changedAt: Number(i.changedAt),
    tags,
    remark: typeof i.remark === 'string' ? i.remark : null,
    ...(typeof i.description === 'string' ? { description: i.description } : {}),
    ...(typeof i.remarkMobilesCipher === 'string' ? { remarkMobilesCipher: i.remarkMobilesCipher } : {}),
    ...(i.hist instanceof Set
      ? { history: [...(i.hist as Set<unknown>)].map((h) => decodeFollowEvent(String(h))).filter((h): h is FollowEvent => h !== undefined) }
      : {}),
  };
}
