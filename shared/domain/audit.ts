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
  // 获客助手: quota running low or out, quota expiring, a link broken or deleted (wecom-frontier.md §3.5).
  'acquisition',
  // Siyu's own: the outcome of an inheritance (离职/在职继承) it started (functions/schedules/transfers).
  'customer_transferred',
  'group_transferred',
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
    case 'customer_acquisition.balance_low':
    case 'customer_acquisition.balance_exhausted':
    case 'customer_acquisition.balance_increased':
    case 'customer_acquisition.quota_expire_soon':
    case 'customer_acquisition.link_unavailable':
    case 'customer_acquisition.delete_link': {
      const change = m.type.slice('customer_acquisition.'.length);
      const detail: Record<string, string | number> = { change };
      const linkId = str(m.event.LinkId);
      if (linkId) detail.linkId = linkId;
      const expireTime = Number(m.event.ExpireTime);
      if (Number.isFinite(expireTime) && expireTime > 0) detail.expireTime = expireTime;
      const expiring = Number(m.event.ExpireQuotaNum);
      if (Number.isFinite(expiring) && m.event.ExpireQuotaNum !== undefined) detail.expireQuotaNum = expiring;
      // Balance back above zero is good news: a row, no alert.
      return { ...base, staff: undefined, customer: undefined, type: 'acquisition', detail, alert: change !== 'balance_increased' };
    }
    default:
      return undefined;
  }
}

const LABEL: Record<AuditType, string> = {
  staff_deleted_customer: '员工删除了客户',
  customer_deleted_staff: '客户删除了员工',
  transfer_fail: '客户继承失败',
  staff_resigned: '员工离职',
  customer_transferred: '客户已继承',
  group_transferred: '客户群已继承',
  red_packet: '红包',
  transfer: '转账',
  sensitive_word: '敏感词',
  revoke: '撤回消息',
  welcome_failed: '欢迎语发送失败',
  acquisition: '获客助手',
};

/** Names to show instead of ids, where known (staff registry, customer records, the customer's channel). */
export interface AlertNames {
  staff?: string | undefined;
  customer?: string | undefined;
  channel?: string | undefined;
}

/** WeCom's red-packet `type`. */
const RED_PACKET_KIND: Record<string, string> = { '1': '普通红包', '2': '拼手气群红包', '3': '激励群红包' };
/** WeCom's transfer_fail `FailReason`. */
const TRANSFER_FAIL: Record<string, string> = {
  customer_refused: '客户拒绝',
  customer_limit_exceed: '接替成员的客户数已达上限',
  // Siyu's own reasons (shared/domain/transfer.ts)
  wecom_refused: '企业微信拒绝',
  no_transfer_record: '企业微信无接替记录',
};

/** The 获客助手 ChangeType, as staff read it. */
const ACQUISITION_CHANGE: Record<string, string> = {
  balance_low: '获客额度不足（剩余少于 20 次）',
  balance_exhausted: '获客额度已用完，获客链接暂停',
  balance_increased: '获客额度已恢复',
  quota_expire_soon: '获客额度即将过期',
  link_unavailable: '获客链接异常，无法使用',
  delete_link: '获客链接已被删除',
};

/** Yuan with two decimals from fen: 1234 → ¥12.34. */
export const yuan = (fen: number) => `${fen < 0 ? '-' : ''}¥${(Math.abs(fen) / 100).toFixed(2)}`;

/** One detail as a Chinese line; undefined leaves it out of the alert (ids staff cannot use, empty values). */
function detailLine(row: AuditRow, names: AlertNames, key: string, v: string | number): string | undefined {
  if (v === '') return undefined;
  switch (key) {
    case 'amountFen':
      return `金额：${yuan(Number(v))}`;
    case 'count':
      return `个数：${v}`;
    case 'wish':
      return `祝福语：${v}`;
    case 'kind':
      return `类型：${RED_PACKET_KIND[String(v)] ?? v}`;
    case 'direction':
      return `方向：${v === 'out' ? '发出' : v === 'in' ? '收到' : v}`;
    case 'words':
      return `敏感词：${v}`;
    case 'from':
      if (v === row.staff) return `发送者：员工 ${names.staff ?? v}`;
      if (v === row.customer) return `发送者：客户 ${names.customer ?? v}`;
      return `发送者：${v}`;
    case 'excerpt':
      return `内容：${v}`;
    case 'source':
      return `来源：${v}`;
    case 'reason':
      return `原因：${TRANSFER_FAIL[String(v)] ?? v}`;
    case 'errcode':
      return `错误码：${v}`;
    case 'change':
      return `事件：${ACQUISITION_CHANGE[String(v)] ?? v}`;
    case 'linkId':
      return `获客链接：${v}`;
    case 'expireTime':
      return `过期时间：${new Date(Number(v) * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 10)}`;
    case 'expireQuotaNum':
      return `即将过期的额度：${v}`;
    case 'handover':
      return `原成员：${v}`;
    case 'transferId':
      return undefined;
    case 'msgid':
    case 'preMsgid':
      return undefined;
    default:
      return `${key}：${v}`;
  }
}

/** The text of the alert a manager receives (WeCom app message, ≤ 2048 bytes): names where known, else ids; Chinese labels. */
export function alertText(row: AuditRow, names: AlertNames = {}): string {
  const when = new Date(row.at * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
  const parts = [`【Siyu 审计】${LABEL[row.type]}`, `时间：${when}`];
  if (row.staff) parts.push(`员工：${names.staff ?? row.staff}`);
  if (row.customer) parts.push(`客户：${names.customer ?? row.customer}`);
  if (names.channel) parts.push(`渠道：${names.channel}`);
  for (const [k, v] of Object.entries(row.detail)) {
    const line = detailLine(row, names, k, v);
    if (line) parts.push(line);
  }
  return parts.join('\n');
}

export interface AuditStore {
  append(row: AuditRow): Promise<'appended' | 'exists'>;
}
