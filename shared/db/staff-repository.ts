// The staff registry: one item per staff member under the tenant, written with time-guarded conditional
// updates (newest (changedAt, rank) wins). Resigned staff stay, with status 'resigned'.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StaffRecord, StaffStatus } from '../domain/staff';
import { keys, tenantPrefix } from './keys';

export interface StaffPatch {
  corpId: string;
  userId: string;
  changedAt: number;
  rank: number;
  name?: string | undefined;
  department?: number[] | undefined;
  status?: StaffStatus | undefined;
}

export class DynamoStaffStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Applies the fields given unless the stored change is newer; 'stale' otherwise. */
  async apply(p: StaffPatch): Promise<'applied' | 'stale'> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':e': 'staff',
      ':v': 1,
      ':t': p.corpId,
      ':u': p.userId,
      ':at': p.changedAt,
      ':r': p.rank,
    };
    const sets = ['entity = :e', 'v = :v', 'tenantId = :t', 'userId = :u', 'changedAt = :at', 'changeRank = :r'];
    if (p.name !== undefined) {
      names['#name'] = 'name';
      values[':name'] = p.name;
      sets.push('#name = :name');
    } else {
      names['#name'] = 'name';
      values[':uid'] = p.userId;
      sets.push('#name = if_not_exists(#name, :uid)');
    }
    values[':dep'] = p.department ?? [];
    sets.push(p.department !== undefined ? 'department = :dep' : 'department = if_not_exists(department, :dep)');
    names['#status'] = 'status';
    values[':st'] = p.status ?? 'active';
    sets.push(p.status !== undefined ? '#status = :st' : '#status = if_not_exists(#status, :st)');
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.staffMember(p.corpId, p.userId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          // Equal (changedAt, rank) applies too: a second sync in the same second read the directory later.
          ConditionExpression: 'attribute_not_exists(pk) OR changedAt < :at OR (changedAt = :at AND changeRank <= :r)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return 'applied';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'stale';
      throw e;
    }
  }

  async get(corpId: string, userId: string): Promise<StaffRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.staffMember(corpId, userId), ConsistentRead: true }));
    return out.Item ? staffOf(corpId, out.Item) : undefined;
  }

  /** One page of the registry, by user id. */
  async page(corpId: string, limit: number, after?: string): Promise<{ items: StaffRecord[]; last: string | null }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':p': tenantPrefix(corpId), ':lo': after ? `STAFF#${after}\u0000` : 'STAFF#', ':hi': 'STAFF#\uffff' },
        Limit: limit,
      }),
    );
    const items = (out.Items ?? []).map((i) => staffOf(corpId, i));
    return { items, last: out.LastEvaluatedKey ? (items.at(-1)?.userId ?? null) : null };
  }

  /** The whole registry (directory sizes: thousands at most). */
  async all(corpId: string): Promise<StaffRecord[]> {
    const out: StaffRecord[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await this.page(corpId, 500, after);
      out.push(...p.items);
      if (!p.last) return out;
      after = p.last;
    }
  }
}

function staffOf(corpId: string, i: Record<string, unknown>): StaffRecord {
  return {
    corpId,
    userId: String(i.userId),
    name: typeof i.name === 'string' ? i.name : String(i.userId),
    department: Array.isArray(i.department) ? i.department.map(Number) : [],
    status: (typeof i.status === 'string' ? i.status : 'active') as StaffStatus,
    changedAt: Number(i.changedAt),
    rank: Number(i.changeRank),
  };
}
