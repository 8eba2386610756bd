// Fake of the audit log (~ shared/db/audit-repository.ts DynamoAuditLog): append is a conditional put
// keyed by (corp, at, event key), so a redelivered event answers 'exists' and changes nothing; list()
// reads a tenant's rows in time order, filtered by type and staff, paged with the same cursors (a full
// page carries a cursor, as a Query that stopped at its Limit does).
import { cursorOutsideQuery, decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import type { AuditQuery } from '../../../shared/db/audit-repository';
import type { AuditRow, AuditStore } from '../../../shared/domain/audit';
import { copy, timeKey } from './common';

export class InMemoryAuditLog implements AuditStore {
  private readonly rows = new Map<string, { sk: string; row: AuditRow }>();

  async append(row: AuditRow): Promise<'appended' | 'exists'> {
    const sk = timeKey(row.at, row.eventKey);
    const id = `${row.corpId}\n${sk}`;
    if (this.rows.has(id)) return 'exists';
    this.rows.set(id, { sk, row: copy(row) });
    return 'appended';
  }

  async list(corpId: string, q: AuditQuery): Promise<{ items: AuditRow[]; cursor?: string | undefined }> {
    const lo = `${String(q.from).padStart(10, '0')}#`;
    const hi = `${String(q.to).padStart(10, '0')}#~`;
    const after = q.cursor ? decodeCursor('audit', q.cursor).sk : undefined;
    if (after !== undefined && (after < lo || after > hi)) throw cursorOutsideQuery();
    const inRange = [...this.rows.values()]
      .filter((r) => r.row.corpId === corpId && r.sk >= lo && r.sk <= hi && (after === undefined || r.sk > after))
      .sort((a, b) => (a.sk < b.sk ? -1 : 1));
    const matches = inRange.filter((r) => (!q.type || r.row.type === q.type) && (!q.staff || r.row.staff === q.staff));
    const items = matches.slice(0, q.limit);
    const last = items[items.length - 1];
    // DynamoDB stops with a LastEvaluatedKey once Limit rows matched, even when nothing follows.
    const more = last !== undefined && items.length === q.limit;
    return { items: items.map((r) => copy(r.row)), ...(more ? { cursor: encodeCursor('audit', { sk: last.sk }) } : {}) };
  }

  /** Every row of a tenant in time order (test inspection). */
  of(corpId: string): AuditRow[] {
    return [...this.rows.values()]
      .filter((r) => r.row.corpId === corpId)
      .sort((a, b) => (a.sk < b.sk ? -1 : 1))
      .map((r) => copy(r.row));
  }
}
