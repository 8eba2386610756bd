// Results of a broadcast (群发结果) after WeCom accepted it: what members confirmed (get_groupmsg_task) and what
// each recipient got (get_groupmsg_send_result), folded into one delivery state; the reminder limit. Pure.
// WeCom facts: docs/wecom-frontier.md §4 (task status 0 未发送 / 2 已发送; recipient status 0 未发送, 1 已发送,
// 2 因客户不是好友导致发送失败, 3 因客户已经收到其他群发消息导致发送失败; remind ≤ 3 per msgid per 24 h).

/**
 * accepted: WeCom has the task, no member has sent yet; sending: some members have; finished: every member
 * has; cancelled: cancel_groupmsg_send stopped it; expired: the one-month result window closed first.
 */
export type DeliveryStatus = 'accepted' | 'sending' | 'finished' | 'cancelled' | 'expired';
export const FINAL_DELIVERY: ReadonlySet<DeliveryStatus> = new Set(['finished', 'cancelled', 'expired']);

/** Per-recipient counts, by WeCom's send_result status. */
export interface RecipientCounts {
  unsent: number;
  sent: number;
  notFriend: number;
  alreadyReceived: number;
}
export const emptyCounts = (): RecipientCounts => ({ unsent: 0, sent: 0, notFriend: 0, alreadyReceived: 0 });

const BY_STATUS: Record<number, keyof RecipientCounts> = { 0: 'unsent', 1: 'sent', 2: 'notFriend', 3: 'alreadyReceived' };

/** Adds one recipient line of get_groupmsg_send_result to the counts (an unknown status counts as unsent). */
export function countRecipient(c: RecipientCounts, status: number): void {
  c[BY_STATUS[status] ?? 'unsent']++;
}

/** One member's part of a broadcast: whether they sent every mass message handed to them, and when. */
export interface StaffCompletion {
  userid: string;
  sent: boolean;
  /** Unix seconds of the last of their confirmations, when sent. */
  sendTime?: number | undefined;
  /** Recipients WeCom reports sent (send_result status 1) from this member, over every msgid; absent on deliveries read before it was counted. */
  reached?: number | undefined;
}

/**
 * Folds get_groupmsg_task lines of several msgids: a member is done once done in every msgid they had.
 * `reached` (recipients sent per member, from get_groupmsg_send_result) is attached to each member it names.
 */
export function mergeTasks(
  lines: ReadonlyArray<{ userid: string; status: number; send_time?: number | undefined }>,
  reached?: ReadonlyMap<string, number>,
): StaffCompletion[] {
  const by = new Map<string, StaffCompletion>();
  for (const l of lines) {
    const sent = l.status === 2;
    const prev = by.get(l.userid);
    if (!prev) by.set(l.userid, { userid: l.userid, sent, ...(sent && l.send_time !== undefined ? { sendTime: l.send_time } : {}) });
    else if (!sent) by.set(l.userid, { userid: l.userid, sent: false });
    else if (prev.sent) prev.sendTime = Math.max(prev.sendTime ?? 0, l.send_time ?? 0) || undefined;
  }
  const out = [...by.values()].sort((a, b) => a.userid.localeCompare(b.userid));
  return reached ? out.map((s) => ({ ...s, reached: reached.get(s.userid) ?? 0 })) : out;
}

/** Results can be read for one month after the mass message was created (30 days here). */
export const RESULT_WINDOW_SECONDS = 30 * 86_400;

export function deliveryStatus(r: { staff: readonly StaffCompletion[]; cancelled: boolean; acceptedAt: number; nowSec: number }): DeliveryStatus {
  if (r.cancelled) return 'cancelled';
  if (r.staff.length > 0 && r.staff.every((s) => s.sent)) return 'finished';
  if (r.nowSec - r.acceptedAt > RESULT_WINDOW_SECONDS) return 'expired';
  return r.staff.some((s) => s.sent) ? 'sending' : 'accepted';
}

/** Reminders per broadcast per rolling 24 h (WeCom's limit per msgid; we remind every msgid of the broadcast at once). */
export const REMINDS_PER_DAY = 3;

/** The reminders still inside the last 24 h, and when the next one is allowed (undefined: now). */
export function remindWindow(reminders: readonly number[], nowSec: number): { recent: number[]; nextAt?: number | undefined } {
  const recent = reminders.filter((at) => nowSec - at < 86_400).sort((a, b) => a - b);
  return recent.length < REMINDS_PER_DAY ? { recent } : { recent, nextAt: recent[recent.length - REMINDS_PER_DAY]! + 86_400 };
}

/**
 * When a final delivery became final (Unix seconds), a stable function of its facts so a re-read or a retried
 * run names the same moment (the broadcast.finished event id derives from it): finished at the last member's
 * send time, cancelled at the cancel, expired when the result window closed. Undefined while not final.
 */
export function finalAt(d: {
  status: DeliveryStatus;
  acceptedAt: number;
  staff: readonly StaffCompletion[];
  cancelledAt?: number | undefined;
  checkedAt?: number | undefined;
}): number | undefined {
  if (d.status === 'cancelled') return d.cancelledAt ?? d.checkedAt ?? d.acceptedAt;
  if (d.status === 'expired') return d.acceptedAt + RESULT_WINDOW_SECONDS;
  if (d.status === 'finished') return Math.max(d.acceptedAt, ...d.staff.map((s) => s.sendTime ?? 0));
  return undefined;
}

/** The counts a finished broadcast reports (webhook broadcast.finished): recipients by result, members asked and done. */
export function deliveryCounts(d: { recipients: RecipientCounts; staff: readonly StaffCompletion[] }): Record<string, number> {
  return { ...d.recipients, staffTotal: d.staff.length, staffSent: d.staff.filter((s) => s.sent).length };
}
