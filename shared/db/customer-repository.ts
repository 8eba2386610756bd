// Customer profiles (externalcontact/get) and timelines, next to the customer's follows. The profile item
// doubles as the tenant's customer index (GSI1 customersOfTenant, sorted by external user id).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TimelineItem } from '../domain/customers';
import { keys, recordOf } from './keys';

export interface CustomerProfile {
  externalUserId: string;
  name: string | null;
  avatar: string | null;
  /** 1 WeChat user, 2 WeCom user. */
  type: number | null;
  corpName: string | null;
  /** Epoch ms of the WeCom read the profile comes from. */
  profileAt: number | null;
  /** Unix seconds of the first follow event seen. */
  firstSeenAt: number | null;
  /** ISO time the person's data was erased (PIPL; shared/db/personal-data-repository.ts): WeCom reads no longer restore it. */
  erasedAt?: string | null | undefined;
}

/** What externalcontact/get says about the person (external_contact). */
export interface SeenProfile {
  externalUserId: string;
  name: string;
  avatar?: string | undefined;
  type: number;
  corpName?: string | undefined;
}

export interface CustomerPage {
  items: string[];
  /** The last external user id read, when more may follow. */
  last: string | null;
}

export class DynamoCustomerStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Makes sure the customer is in the tenant's customer index (idempotent); firstSeenAt keeps the earliest. */
  async touch(corpId: string, externalUserId: string, at: number): Promise<void> {
    await this.recordSeen(corpId, externalUserId, at);
  }

  /**
   * touch() and setProfile() in one write (a customer add: one profile write instead of three, of which
   * one always failed its condition). `known`: the item as just read (`item` undefined: there was none);
   * the write is built from it and guarded by conditions on what it decided, so a concurrent change makes it
   * fail, and it reads again and retries. Nothing is written when nothing would change (an event after the
   * first without a profile). Returns whether the profile was stored.
   */
  async recordSeen(
    corpId: string,
    externalUserId: string,
    at: number,
    profile?: { read: SeenProfile; fetchedAtMs: number },
    known?: { item: CustomerProfile | undefined },
  ): Promise<'applied' | 'stale'> {
    let item = known ? known.item : await this.get(corpId, externalUserId);
    for (let attempt = 1; ; attempt++) {
      const lowerFirst = !item || item.firstSeenAt === null || item.firstSeenAt > at;
      const withProfile = profile !== undefined && (!item || item.profileAt === null || item.profileAt <= profile.fetchedAtMs);
      if (!lowerFirst && !withProfile) return 'stale';
      const sets = ['entity = :e', 'v = :v', 'tenantId = :t', 'externalUserId = :x', 'gsi1pk = :g', 'gsi1sk = :x'];
      const conditions: string[] = [];
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':e': 'customer', ':v': 1, ':t': corpId, ':x': externalUserId, ':g': keys.customersOfTenant(corpId) };
      if (lowerFirst) {
        sets.push('firstSeenAt = :at');
        conditions.push('(attribute_not_exists(firstSeenAt) OR firstSeenAt > :at)');
        values[':at'] = at;
      }
      if (withProfile) {
        const p = profile.read;
        sets.push('#name = :n', 'avatar = :a', '#type = :ty', 'corpName = :c', 'profileAt = :pa');
        conditions.push('(attribute_not_exists(profileAt) OR profileAt <= :pa)');
        Object.assign(names, { '#name': 'name', '#type': 'type' });
        Object.assign(values, { ':n': p.name, ':a': p.avatar ?? null, ':ty': p.type, ':c': p.corpName ?? null, ':pa': profile.fetchedAtMs });
      }
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.customer(corpId, externalUserId),
            UpdateExpression: `SET ${sets.join(', ')}`,
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
            ExpressionAttributeValues: values,
          }),
        );
        return withProfile ? 'applied' : 'stale';
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException) || attempt >= 5) throw e;
        item = await this.get(corpId, externalUserId, { consistent: true });
      }
    }
  }

  /** Stores the profile unless a newer WeCom read is already stored. */
  async setProfile(
    corpId: string,
    p: { externalUserId: string; name: string; avatar?: string | undefined; type: number; corpName?: string | undefined },
    fetchedAtMs: number,
  ): Promise<'applied' | 'stale'> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.customer(corpId, p.externalUserId),
          UpdateExpression:
            'SET entity = :e, v = :v, tenantId = :t, externalUserId = :x, gsi1pk = :g, gsi1sk = :x, #name = :n, avatar = :a, #type = :ty, corpName = :c, profileAt = :pa',
          ConditionExpression: 'attribute_not_exists(profileAt) OR profileAt <= :pa',
          ExpressionAttributeNames: { '#name': 'name', '#type': 'type' },
          ExpressionAttributeValues: {
            ':e': 'customer',
            ':v': 1,
            ':t': corpId,
            ':x': p.externalUserId,
            ':g': keys.customersOfTenant(corpId),
            ':n': p.name,
            ':a': p.avatar ?? null,
            ':ty': p.type,
            ':c': p.corpName ?? null,
            ':pa': fetchedAtMs,
          },
        }),
      );
      return 'applied';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'stale';
      throw e;
    }
  }

  async get(corpId: string, externalUserId: string, o: { consistent?: boolean } = {}): Promise<CustomerProfile | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.customer(corpId, externalUserId), ...(o.consistent ? { ConsistentRead: true } : {}) }),
    );
    return out.Item ? profileOf(out.Item) : undefined;
  }

  /** A page of the tenant's customers, by external user id. */
  async page(corpId: string, limit: number, after?: string): Promise<CustomerPage> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: after ? 'gsi1pk = :p AND gsi1sk > :a' : 'gsi1pk = :p',
        ExpressionAttributeValues: after ? { ':p': keys.customersOfTenant(corpId), ':a': after } : { ':p': keys.customersOfTenant(corpId) },
        ProjectionExpression: 'externalUserId',
        Limit: limit,
      }),
    );
    const last = out.LastEvaluatedKey?.gsi1sk;
    return { items: (out.Items ?? []).map((i) => String(i.externalUserId)), last: typeof last === 'string' ? last : null };
  }

  /** Appends a timeline item once per (time, event key); 'exists' on a redelivery. */
  async appendTimeline(item: TimelineItem): Promise<'appended' | 'exists'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: JSON.parse(
            JSON.stringify({
              ...keys.timeline(item.corpId, item.externalUserId, item.at, item.eventKey),
              entity: 'timeline',
              v: 1,
              tenantId: item.corpId,
              ...item,
            }),
          ) as Record<string, unknown>,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'appended';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  /** The newest `limit` timeline items, newest first. */
  async timeline(corpId: string, externalUserId: string, limit: number): Promise<TimelineItem[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :tl)',
        ExpressionAttributeValues: { ':p': keys.followsOfCustomer(corpId, externalUserId), ':tl': 'TL#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({ ...recordOf<TimelineItem>(i), corpId }));
  }
}

function profileOf(i: Record<string, unknown>): CustomerProfile {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  return {
    externalUserId: String(i.externalUserId),
    name: str(i.name),
    avatar: str(i.avatar),
    type: num(i.type),
    corpName: str(i.corpName),
    profileAt: num(i.profileAt),
    firstSeenAt: num(i.firstSeenAt),
    erasedAt: str(i.erasedAt),
  };
}
