// Reads a broadcast's results from WeCom (docs/wecom-frontier.md §4): every msgid's member tasks
// (get_groupmsg_task, paged) and, per member, the recipients' status (get_groupmsg_send_result, paged), folded
// into the broadcast's delivery (shared/domain/broadcast-results.ts). A msgid past WeCom's one-month window
// (41047) ends the polling as `expired` with what was read before.
import type { BroadcastDelivery, BroadcastRecord } from '../db/broadcast-repository';
import { countRecipient, deliveryCounts, deliveryStatus, emptyCounts, finalAt, mergeTasks } from '../domain/broadcast-results';
import { publishBroadcastFinished } from '../webhooks/publish-events';
import type { WebhookPublisher } from '../webhooks/webhook';
import type { WecomTenantClient } from '../wecom/client';
import { WecomApiError } from '../wecom/wecom-error';

const PAGE = 1000;
const INVALID_MSGID = 41047;

async function allPages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await fetch(cursor);
    out.push(...p.items);
    cursor = p.next || undefined;
  } while (cursor);
  return out;
}

/** The broadcast's delivery as WeCom reports it now. */
export async function readDelivery(api: WecomTenantClient, b: BroadcastRecord, prev: BroadcastDelivery, nowSec: number): Promise<BroadcastDelivery> {
  const tasks: Array<{ userid: string; status: number; send_time?: number | undefined }> = [];
  const recipients = emptyCounts();
  // Recipients each member reached (status 1), for the nightly metrics (docs/metrics.md, broadcastReached).
  const reached = new Map<string, number>();
  try {
    for (const msgid of b.msgids) {
      const lines = await allPages(async (cursor) => {
        const r = await api.call('externalcontact/get_groupmsg_task', { msgid, limit: PAGE, ...(cursor ? { cursor } : {}) });
        return { items: r.task_list, next: r.next_cursor };
      });
      tasks.push(...lines);
      for (const userid of new Set(lines.map((l) => l.userid))) {
        const sends = await allPages(async (cursor) => {
          const r = await api.call('externalcontact/get_groupmsg_send_result', { msgid, userid, limit: PAGE, ...(cursor ? { cursor } : {}) });
          return { items: r.send_list, next: r.next_cursor };
        });
        for (const s of sends) {
          countRecipient(recipients, s.status);
          if (s.status === 1) reached.set(userid, (reached.get(userid) ?? 0) + 1);
        }
      }
    }
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === INVALID_MSGID) return { ...prev, status: 'expired', checkedAt: nowSec };
    throw e;
  }
  const staff = mergeTasks(tasks, reached);
  const status = deliveryStatus({ staff, cancelled: prev.cancelledAt !== undefined, acceptedAt: prev.acceptedAt, nowSec });
  return { ...prev, status, staff, recipients, checkedAt: nowSec };
}

/**
 * Publishes broadcast.finished for a delivery that is final (nothing otherwise). The event id derives from the
 * broadcast id and the stable final moment (finalAt), so a job retried after a failed save publishes the same
 * event, which the webhook consumer records and sends once.
 */
export async function announceIfFinal(webhooks: WebhookPublisher | undefined, b: Pick<BroadcastRecord, 'corpId' | 'id'>, d: BroadcastDelivery): Promise<void> {
  const status = d.status;
  if (!webhooks || (status !== 'finished' && status !== 'cancelled' && status !== 'expired')) return;
  const at = finalAt(d)!;
  await publishBroadcastFinished(webhooks, b.corpId, { broadcastId: b.id, status, counts: deliveryCounts(d) }, { occurredAt: at * 1000 });
}
