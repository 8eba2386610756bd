// Append-only audit rows. A conditional put makes a redelivered event change nothing.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditRow, AuditStore } from '../domain/audit';
import { cursorOutsideQuery, decodeCursor, encodeCursor } from './cursor';
import { keys, recordOf } from './keys';
import { queryPage } from './query-all';

export interface AuditQuery {
  from: number;
  to: number;
  type?: string | undefined;
  staff?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export class DynamoAuditLog implements AuditStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Appends a row; 'exists' when the event's row is already there. */
  async append(row: AuditRow): Promise<'appended' | 'exists'> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.audit(row.corpId, row.at, row.eventKey), entity: 'audit', v: 1, tenantId: row.corpId, ...row },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'appended';
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return 'exists';
      throw e;
    }
  }

  async list(corpId: string, q: AuditQuery): Promise<{ items: AuditRow[]; cursor?: string | undefined }> {
    const lo = `${String(q.from).padStart(10, '0')}#`;
    const hi = `${String(q.to).padStart(10, '0')}#~`;
    // A cursor is the sort key last read, inside this range; the partition is always this tenant's.
    const after = q.cursor ? decodeCursor('audit', q.cursor).sk : undefined;
    if (after !== undefined && (after < lo || after > hi)) throw cursorOutsideQuery();
    const start: Record<string, unknown> | undefined = after === undefined ? undefined : { pk: keys.auditOfTenant(corpId), sk: after };
    const filters: string[] = [];
    const values: Record<string, unknown> = { ':p': keys.auditOfTenant(corpId), ':lo': lo, ':hi': hi };
    const names: Record<string, string> = {};
    if (q.type) {
      filters.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = q.type;
    }
    if (q.staff) {
      filters.push('staff = :staff');
      values[':staff'] = q.staff;
    }
    const page = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
      q.limit,
      start,
    );
    const items = page.items.map((i) => recordOf<AuditRow>(i));
    return { items, ...(page.last ? { cursor: encodeCursor('audit', { sk: String(page.last.sk) }) } : {}) };
  }
}
