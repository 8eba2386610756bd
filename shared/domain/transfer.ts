// Inheritance (离职继承 / 在职继承): planning a transfer of a member's customers and groups to one or more
// successors under WeCom's limits (wecom-frontier.md §7, wecom-api.md §11), and reading WeCom's results. Pure.
// A customer the source member does not follow is refused `not_followed`; an on-job customer already
// transferred twice in 90 natural days `limit_90_days`; groups the source does not own `group_not_owned`, beyond
// the owner's 300 per day `group_daily_limit`, an on-job group transferred twice in 90 days `group_limit_90_days`.
// Accepted items are spread round-robin over the successors; calls hold ≤ 100 ids each.
import { addDays } from '../events/time';
import type { LedgerMonth } from './quota';

export type TransferKind = 'resigned' | 'onjob';
export type TransferTarget = 'customer' | 'group';

/** pending: not sent yet · waiting: WeCom started it (等待接替) · done: 接替完毕 · refused: we did not send it · failed: WeCom refused or the takeover failed. */
export type TransferItemStatus = 'pending' | 'waiting' | 'done' | 'refused' | 'failed';
export const FINAL_ITEM_STATUSES: ReadonlySet<TransferItemStatus> = new Set(['done', 'refused', 'failed']);

export const TRANSFER_REASONS = [
  'not_followed',
  'limit_90_days',
  'group_not_owned',
  'group_daily_limit',
  'group_limit_90_days',
  'wecom_refused',
  'customer_refused',
  'customer_limit_exceed',
  'no_transfer_record',
] as const;
export type TransferReason = (typeof TRANSFER_REASONS)[number];

export interface TransferItem {
  target: TransferTarget;
  /** external_userid or chat_id. */
  id: string;
  /** The successor (takeover member / new owner). */
  to: string;
  status: TransferItemStatus;
  reason?: TransferReason | undefined;
  /** WeCom's errcode when WeCom refused it. */
  errcode?: number | undefined;
  /** Unix seconds WeCom takes over (while waiting) or took over. */
  takeoverAt?: number | undefined;
  /** Unix seconds the item became final. */
  finishedAt?: number | undefined;
}

export type TransferStatus = 'pending' | 'running' | 'done';

export interface TransferRecord {
  corpId: string;
  id: string;
  kind: TransferKind;
  from: string;
  to: string[];
  message?: string | undefined;
  status: TransferStatus;
  items: TransferItem[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** WeCom's limits (wecom-frontier.md §7): per call, per customer / group in 90 natural days (on-job), per owner per day. */
export const TRANSFER_LIMITS = {
  idsPerCall: 100,
  customerOnJobPer90Days: 2,
  groupOnJobPer90Days: 2,
  groupsPerOwnerPerDay: 300,
  messageChars: 200,
} as const;

/** Quota-ledger recipients of transfers, apart from mass-message counts: a customer, a group, an owner's groups. */
export const ledgerRecipient = {
  customer: (externalUserId: string) => `xfer#c#${externalUserId}`,
  group: (chatId: string) => `xfer#g#${chatId}`,
  owner: (userId: string) => `xfer#o#${userId}`,
};

/** The Shanghai days of the 90 natural days ending on `day` (inclusive). */
export function ninetyDaysTo(day: string): string[] {
  return Array.from({ length: 90 }, (_, i) => addDays(day, i - 89));
}

/** The ledger months (`YYYY-MM`) the 90 days ending on `day` touch. */
export function monthsOfNinetyDays(day: string): string[] {
  return [...new Set(ninetyDaysTo(day).map((d) => d.slice(0, 7)))];
}

/** How many counts a recipient's stored months hold within the 90 days ending on `day`. */
export function countIn90Days(day: string, months: readonly LedgerMonth[]): number {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return ninetyDaysTo(day).reduce((n, d) => n + (byMonth.get(d.slice(0, 7))?.days[Number(d.slice(8, 10))] ?? 0), 0);
}

/** How many counts a recipient's stored months hold on `day`. */
export function countOnDay(day: string, months: readonly LedgerMonth[]): number {
  return months.find((m) => m.month === day.slice(0, 7))?.days[Number(day.slice(8, 10))] ?? 0;
}

export interface PlanInput {
  kind: TransferKind;
  from: string;
  to: readonly string[];
  customers: readonly string[];
  groups: readonly string[];
  /** Customers `from` follows (active). */
  followed: ReadonlySet<string>;
  /** Groups `from` owns (active). */
  owned: ReadonlySet<string>;
  /** On-job transfers of a customer in the last 90 days. */
  customerCount90: (externalUserId: string) => number;
  /** On-job transfers of a group in the last 90 days. */
  groupCount90: (chatId: string) => number;
  /** Groups `from` handed over today. */
  ownerGroupsToday: number;
}

/** The items of a transfer: each accepted one `pending` for a successor (round-robin), each refused one with its reason. */
export function planTransfer(p: PlanInput): TransferItem[] {
  const items: TransferItem[] = [];
  let next = 0;
  const successor = () => p.to[next++ % p.to.length]!;
  for (const id of new Set(p.customers)) {
    if (!p.followed.has(id)) items.push({ target: 'customer', id, to: '', status: 'refused', reason: 'not_followed' });
    else if (p.kind === 'onjob' && p.customerCount90(id) >= TRANSFER_LIMITS.customerOnJobPer90Days)
      items.push({ target: 'customer', id, to: '', status: 'refused', reason: 'limit_90_days' });
    else items.push({ target: 'customer', id, to: successor(), status: 'pending' });
  }
  next = 0;
  let today = p.ownerGroupsToday;
  for (const id of new Set(p.groups)) {
    if (!p.owned.has(id)) items.push({ target: 'group', id, to: '', status: 'refused', reason: 'group_not_owned' });
    else if (p.kind === 'onjob' && p.groupCount90(id) >= TRANSFER_LIMITS.groupOnJobPer90Days)
      items.push({ target: 'group', id, to: '', status: 'refused', reason: 'group_limit_90_days' });
    else if (today >= TRANSFER_LIMITS.groupsPerOwnerPerDay) items.push({ target: 'group', id, to: '', status: 'refused', reason: 'group_daily_limit' });
    else {
      today++;
      items.push({ target: 'group', id, to: successor(), status: 'pending' });
    }
  }
  return items;
}

/** WeCom calls for the pending items: per target and successor, ≤ 100 ids each. */
export function callsOf(items: readonly TransferItem[]): Array<{ target: TransferTarget; to: string; ids: string[] }> {
  const groups = new Map<string, { target: TransferTarget; to: string; ids: string[] }>();
  for (const i of items) {
    if (i.status !== 'pending') continue;
    const key = `${i.target}|${i.to}`;
    const g = groups.get(key) ?? { target: i.target, to: i.to, ids: [] };
    g.ids.push(i.id);
    groups.set(key, g);
  }
  const out: Array<{ target: TransferTarget; to: string; ids: string[] }> = [];
  for (const g of groups.values()) {
    for (let i = 0; i < g.ids.length; i += TRANSFER_LIMITS.idsPerCall) out.push({ ...g, ids: g.ids.slice(i, i + TRANSFER_LIMITS.idsPerCall) });
  }
  return out;
}

/** transfer_result / resigned/transfer_result status → the item's state (1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限, 5 无接替记录). */
export function resultOf(status: number): { status: TransferItemStatus; reason?: TransferReason } {
  switch (status) {
    case 1:
      return { status: 'done' };
    case 2:
      return { status: 'waiting' };
    case 3:
      return { status: 'failed', reason: 'customer_refused' };
    case 4:
      return { status: 'failed', reason: 'customer_limit_exceed' };
    default:
      return { status: 'failed', reason: 'no_transfer_record' };
  }
}

/** transfer_fail's FailReason → the item's reason. */
export const failReasonOf = (failReason: string): TransferReason => (failReason === 'customer_limit_exceed' ? 'customer_limit_exceed' : 'customer_refused');

/** The transfer's status from its items: pending (nothing sent), running, done (every item final). */
export function transferStatusOf(items: readonly TransferItem[]): TransferStatus {
  if (items.every((i) => FINAL_ITEM_STATUSES.has(i.status))) return 'done';
  return items.some((i) => i.status !== 'pending' && i.status !== 'refused') ? 'running' : 'pending';
}
