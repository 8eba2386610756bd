// Audit rows of the customer lifecycle, derived from WeCom events. Pure: no I/O.
// Rows are append-only; a deletion is an event and a state, never a DELETE (docs/architecture.md#history-is-kept).

export const AUDIT_TYPES = [
  'staff_deleted_customer',
  'customer_deleted_staff',
  'transfer_fail',
  'staff_resigned',
  'red_packet',
  'transfer',
  'sensitive_word',
  'revoke',
  // Siyu's own: a welcome that could not be delivered inside WeCom's 20 s window (never silent).
  'welcome_failed',
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditRow {
  corpId: string;
  eventKey: string;
  type: AuditType;
  /** Unix seconds (the event's CreateTime). */
  at: number;
  staff?: string | undefined;
  customer?: string | undefined;
  detail: Record<string, string | number>;
  /** Whether the row alerts the tenant's notify list. */
  alert: boolean;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function auditRowOf(m: { corpId: string; eventKey: string; type: string; occurredAt: number; event: Record<string, unknown> }): AuditRow | undefined {
  const base = { corpId: m.corpId, eventKey: m.eventKey, at: m.occurredAt, staff: str(m.event.UserID), customer: str(m.event.ExternalUserID) };
  switch (m.type) {
    case 'change_external_contact.del_external_contact': {
      const source = str(m.event.Source);
      // A removal by a successful on-job transfer is bookkeeping, not a staff member deleting a customer.
      if (source === 'DELETE_BY_TRANSFER') return undefined;
      return { ...base, type: 'staff_deleted_customer', detail: source ? { source } : {}, alert: true };
    }
    case 'change_external_contact.del_follow_user':
      return { ...base, type: 'customer_deleted_staff', detail: {}, alert: true };
    case 'change_external_contact.transfer_fail':
      return { ...base, type: 'transfer_fail', detail: { reason: str(m.event.FailReason) ?? 'unknown' }, alert: true };
    case 'change_contact.delete_user':
      return { ...base, customer: undefined, type: 'staff_resigned', detail: {}, alert: true };
    default:
      return undefined;
  }
}

const LABEL: Record<AuditType, string> = {
  staff_deleted_customer: '员工删除了客户',
  customer_deleted_staff: '客户删除了员工',
  transfer_fail: '客户继承失败',
  staff_resigned: '员工离职',
  red_packet: '红包',
  transfer: '转账',
  sensitive_word: '敏感词',
  revoke: '撤回消息',
  welcome_failed: '欢迎语发送失败',
};

/** The text of the alert a manager receives (WeCom app message, ≤ 2048 bytes). */
export function alertText(row: AuditRow): string {
  const when = new Date(row.at * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const parts = [`【Siyu 审计】${LABEL[row.type]}`, `时间：${when}`];
  if (row.staff) parts.push(`员工：${row.staff}`);
  if (row.customer) parts.push(`客户：${row.customer}`);
  for (const [k, v] of Object.entries(row.detail)) parts.push(`${k}：${v}`);
  return parts.join('\n');
}

export interface AuditStore {
  append(row: AuditRow): Promise<'appended' | 'exists'>;
}
