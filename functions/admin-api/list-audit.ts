// GET …/audit?type=&staff=&from=&to=&cursor=&limit= — the append-only audit log (docs/manual.md#admin-api).
// A manager key sees only rows of its department's staff (from the staff registry); asking for another
// member is a 403. A page may then hold fewer rows than `limit`; follow `cursor` until it is null.
import { z } from 'zod';
import { epochSeconds, type Clock } from '../../shared/clock';
import { AUDIT_TYPES, type AuditRow } from '../../shared/domain/audit';
import type { CustomerScope } from '../../shared/domain/customers';
import { ForbiddenError } from '../../shared/errors';
import { cursorParam, limitParam } from '../../shared/input/params';
import { timeRange } from './time-range';
import { msg } from '../../shared/i18n/messages';

export interface AuditReader {
  list(
    corpId: string,
    q: { from: number; to: number; type?: string | undefined; staff?: string | undefined; limit: number; cursor?: string | undefined },
  ): Promise<{ items: AuditRow[]; cursor?: string | undefined }>;
}

export const auditQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  type: z.enum(AUDIT_TYPES).optional(),
  staff: z.string().min(1).max(64).optional(),
  limit: limitParam(500),
  cursor: cursorParam,
});

export async function listAudit(
  deps: { auditLog: AuditReader; clock: Clock },
  corpId: string,
  q: z.output<typeof auditQuery>,
  scope: CustomerScope = { kind: 'all' },
) {
  const range = timeRange(q.from, q.to, epochSeconds(deps.clock.now()));
  if (q.staff && scope.kind === 'staff' && !scope.userIds.has(q.staff)) throw new ForbiddenError(msg('staff_outside_department'));
  const page = await deps.auditLog.list(corpId, { ...range, type: q.type, staff: q.staff, limit: q.limit ?? 100, cursor: q.cursor });
  const visible = scope.kind === 'all' ? page.items : page.items.filter((r) => r.staff !== undefined && scope.userIds.has(r.staff));
  return {
    items: visible.map((r) => ({
      type: r.type,
      at: new Date(r.at * 1000).toISOString(),
      staff: r.staff ?? null,
      customer: r.customer ?? null,
      detail: r.detail,
      eventKey: r.eventKey,
    })),
    cursor: page.cursor ?? null,
  };
}
