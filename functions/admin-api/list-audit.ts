// GET …/audit?type=&staff=&from=&to=&cursor=&limit=&format= — the append-only audit log (docs/manual.md#admin-api); format=csv exports it.
// A manager key sees only rows of its department's staff (from the staff registry); asking for another
// member is a 403. A page may then hold fewer rows than `limit`; follow `cursor` until it is null.
import * as z from 'zod';
import { epochSeconds, type Clock } from '../../shared/clock';
import { AUDIT_TYPES, type AuditRow } from '../../shared/domain/audit';
import type { CustomerScope } from '../../shared/domain/customers';
import { ForbiddenError } from '../../shared/errors';
import { csvPages, localTime, yuan, type Column, type CsvLang } from '../../shared/http/csv';
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
  format: z.enum(['json', 'csv']).default('json'),
});

export async function listAudit(
  deps: { auditLog: AuditReader; clock: Clock },
  corpId: string,
  q: Omit<z.output<typeof auditQuery>, 'format'>,
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

type AuditLine = Awaited<ReturnType<typeof listAudit>>['items'][number];
const TYPE_ZH: Record<string, string> = {
  staff_deleted_customer: '员工删除客户',
  customer_deleted_staff: '客户删除员工',
  transfer_fail: '客户继承失败',
  staff_resigned: '员工离职',
  red_packet: '红包',
  transfer: '转账',
  sensitive_word: '敏感词',
  revoke: '撤回消息',
  welcome_failed: '欢迎语发送失败',
  acquisition: '获客助手',
};
const DIRECTION_ZH: Record<string, string> = { in: '收到', out: '发出' };
/** The detail without the amount (its own column), as `key=value; …` in key order (the store keeps no order). */
const detailText = (d: Record<string, string | number>) =>
  Object.entries(d)
    .filter(([k]) => k !== 'amountFen')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
const AUDIT_CSV: Column<AuditLine>[] = [
  { zh: '时间', en: 'at', value: (r) => localTime(r.at) },
  { zh: '类型', en: 'type', value: (r) => r.type },
  { zh: '类型说明', en: 'typeText', value: (r) => TYPE_ZH[r.type] ?? r.type },
  { zh: '员工', en: 'staff', value: (r) => r.staff },
  { zh: '客户', en: 'customer', value: (r) => r.customer },
  { zh: '方向', en: 'direction', value: (r) => (typeof r.detail.direction === 'string' ? (DIRECTION_ZH[r.detail.direction] ?? r.detail.direction) : null) },
  { zh: '金额（元）', en: 'amountYuan', value: (r) => (typeof r.detail.amountFen === 'number' ? yuan(r.detail.amountFen) : null) },
  { zh: '详情', en: 'detail', value: (r) => detailText(r.detail) },
  { zh: '事件键', en: 'eventKey', value: (r) => r.eventKey },
];

/** The audit export (审计日志): the list's filters, page by page from `cursor` up to the cap (shared/http/csv.ts). */
export function auditCsv(
  deps: { auditLog: AuditReader; clock: Clock },
  corpId: string,
  q: Omit<z.output<typeof auditQuery>, 'format'>,
  scope: CustomerScope,
  lang: CsvLang,
) {
  return csvPages({
    columns: AUDIT_CSV,
    lang,
    cursor: q.cursor,
    now: () => deps.clock.now(),
    page: (cursor) => listAudit(deps, corpId, { ...q, limit: 500, cursor }, scope),
  });
}
