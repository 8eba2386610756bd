// The transfers job: every due transfers marker, under its lease. Pending items are sent to WeCom
// (transfer_customer / resigned/transfer_customer per successor, ≤ 100 ids a call; groupchat/onjob_transfer /
// groupchat/transfer, which take effect at once), then waiting customers are polled (transfer_result /
// resigned/transfer_result) until final: 1 接替完毕 moves the follow projection (from → to), adds a timeline item
// and an audit row; 3/4/5 end the item failed with its reason and an alerting audit row. Counts that WeCom's
// limits need (a customer's and a group's on-job transfers in 90 days, an owner's groups per day) go to the quota
// ledger when WeCom accepts a transfer. The marker comes back every pollSeconds (or at the takeover time) until
// every item is final. A network failure leaves the items as they were; the marker stays due and is retried.
import type { QuotaLedger } from '../../../shared/db/quota-ledger-repository';
import type { TransferStore } from '../../../shared/db/transfer-repository';
import type { AuditRow, AuditStore } from '../../../shared/domain/audit';
import type { TimelineItem } from '../../../shared/domain/customers';
import type { FollowStore } from '../../../shared/domain/relationship';
import { callsOf, ledgerRecipient, resultOf, transferStatusOf, type TransferItem, type TransferRecord } from '../../../shared/domain/transfer';
import { shanghaiDay } from '../../../shared/events/time';
import type { GroupStore } from '../../../shared/groups/group';
import { runDue, type DueMarker, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { WecomApiError } from '../../../shared/wecom/wecom-error';
import { publishTransferFinished, type TransferFinished } from '../../../shared/webhooks/publish-events';
import type { WebhookPublisher } from '../../../shared/webhooks/webhook';

export interface TransfersJobDeps extends RunDueDeps, TenantApiDeps {
  transfers: TransferStore;
  follows: FollowStore;
  customerRecords: { appendTimeline(item: TimelineItem): Promise<'appended' | 'exists'> };
  auditLog: AuditStore;
  groups: GroupStore;
  quota: QuotaLedger;
  /** Seconds between result polls while customers wait (default 3600; sooner at the takeover time). */
  transferPollSeconds?: number | undefined;
  /** transfer.finished per customer whose transfer became final (absent: no webhooks). */
  webhookEvents?: WebhookPublisher | undefined;
}

export const DEFAULT_TRANSFER_POLL_SECONDS = 3600;
/** The ledger has no cap on transfer counts; the limits are checked when planning (shared/domain/transfer.ts). */
const NO_CAP = { month: Number.MAX_SAFE_INTEGER };

export function runTransfers(deps: TransfersJobDeps, opts: JobOptions): Promise<JobReport> {
  return runDue(deps, 'transfers', opts, (m) => runTransfer(deps, m, Math.floor(opts.nowMs / 1000)));
}

const eventKeyOf = (t: TransferRecord, i: TransferItem) => `transfer#${t.id}#${i.target}#${i.id}`;

async function save(deps: TransfersJobDeps, t: TransferRecord, nowSec: number): Promise<TransferRecord> {
  const next: TransferRecord = { ...t, status: transferStatusOf(t.items), version: t.version + 1, updatedAt: new Date(nowSec * 1000).toISOString() };
  if (!(await deps.transfers.update(next))) throw new Error(`transfer ${t.id} changed during its run`);
  return next;
}

async function audit(deps: TransfersJobDeps, t: TransferRecord, i: TransferItem, at: number, ok: boolean): Promise<void> {
  const row: AuditRow = {
    corpId: t.corpId,
    eventKey: eventKeyOf(t, i),
    type: ok ? (i.target === 'customer' ? 'customer_transferred' : 'group_transferred') : 'transfer_fail',
    at,
    staff: i.to,
    ...(i.target === 'customer' ? { customer: i.id } : {}),
    detail: {
      handover: t.from,
      transferId: t.id,
      ...(i.target === 'group' ? { chatId: i.id } : {}),
      ...(ok ? {} : { reason: i.reason ?? 'unknown' }),
      ...(i.errcode !== undefined ? { errcode: i.errcode } : {}),
    },
    alert: !ok,
  };
  await deps.auditLog.append(row);
}

/** A customer taken over: the follow moves from → to in the projection, a timeline item, an audit row. */
async function customerDone(deps: TransfersJobDeps, t: TransferRecord, i: TransferItem, at: number): Promise<void> {
  const eventKey = eventKeyOf(t, i);
  await deps.follows.apply({ corpId: t.corpId, externalUserId: i.id, userId: i.to, status: 'active', changedAt: at, rank: 2, eventKey, added: { at } });
  // A transfer, not a staff deletion: the metrics count it as transferred out, not lost (docs/metrics.md).
  await deps.follows.apply({
    corpId: t.corpId,
    externalUserId: i.id,
    userId: t.from,
    status: 'deleted_by_staff',
    changedAt: at,
    rank: 4,
    eventKey,
    transfer: true,
  });
  await deps.customerRecords.appendTimeline({
    corpId: t.corpId,
    externalUserId: i.id,
    at,
    eventKey,
    kind: 'transferred',
    userId: i.to,
    detail: { from: t.from, transferId: t.id, kind: t.kind },
  });
  await audit(deps, t, i, at, true);
}

/** A group handed over: the registry's owner changes, an audit row. */
async function groupDone(deps: TransfersJobDeps, t: TransferRecord, i: TransferItem, at: number): Promise<void> {
  const g = await deps.groups.get(t.corpId, i.id);
  if (g) await deps.groups.applySnapshot({ ...g, owner: i.to, changedAt: Math.max(at, g.changedAt), updatedAt: new Date(at * 1000).toISOString() });
  await audit(deps, t, i, at, true);
}

async function count(deps: TransfersJobDeps, t: TransferRecord, recipient: string, nowSec: number): Promise<void> {
  await deps.quota.reserve(t.corpId, recipient, t.id, shanghaiDay(nowSec), NO_CAP);
}

/** Sends the pending items; WeCom's refusals end them failed (`wecom_refused` with the errcode). */
async function start(deps: TransfersJobDeps, api: WecomTenantClient, t: TransferRecord, nowSec: number): Promise<void> {
  for (const call of callsOf(t.items)) {
    const items = new Map(t.items.filter((i) => i.status === 'pending' && i.target === call.target && i.to === call.to).map((i) => [i.id, i]));
    const fail = (i: TransferItem, errcode: number) => Object.assign(i, { status: 'failed', reason: 'wecom_refused', errcode, finishedAt: nowSec });
    try {
      if (call.target === 'customer') {
        const body = { handover_userid: t.from, takeover_userid: call.to, external_userid: call.ids };
        const out =
          t.kind === 'onjob'
            ? await api.call('externalcontact/transfer_customer', { ...body, ...(t.message ? { transfer_success_msg: t.message } : {}) })
            : await api.call('externalcontact/resigned/transfer_customer', body);
        for (const r of out.customer) {
          const i = items.get(r.external_userid);
          if (!i) continue;
          if (r.errcode === 0) {
            i.status = 'waiting';
            if (t.kind === 'onjob') await count(deps, t, ledgerRecipient.customer(i.id), nowSec);
          } else fail(i, r.errcode);
        }
      } else {
        const body = { chat_id_list: call.ids, new_owner: call.to };
        const out = await api.call(t.kind === 'onjob' ? 'externalcontact/groupchat/onjob_transfer' : 'externalcontact/groupchat/transfer', body);
        const failed = new Map(out.failed_chat_list.map((f) => [f.chat_id, f.errcode]));
        for (const i of items.values()) {
          const errcode = failed.get(i.id);
          if (errcode !== undefined && errcode !== 0) {
            fail(i, errcode);
            await audit(deps, t, i, nowSec, false);
            continue;
          }
          Object.assign(i, { status: 'done', finishedAt: nowSec });
          await count(deps, t, ledgerRecipient.owner(t.from), nowSec);
          if (t.kind === 'onjob') await count(deps, t, ledgerRecipient.group(i.id), nowSec);
          await groupDone(deps, t, i, nowSec);
        }
      }
    } catch (e) {
      if (!(e instanceof WecomApiError)) throw e;
      // The whole call was refused (e.g. 40003 a member WeCom does not accept): nothing was started.
      for (const i of items.values()) {
        fail(i, e.errcode);
        await audit(deps, t, i, nowSec, false);
      }
    }
  }
  // Customers WeCom did not answer for stay pending: they are sent again by the next run.
}

/** Reads the results of the waiting customers, per successor. */
async function poll(deps: TransfersJobDeps, api: WecomTenantClient, t: TransferRecord, nowSec: number): Promise<void> {
  for (const to of new Set(t.items.filter((i) => i.status === 'waiting' && i.target === 'customer').map((i) => i.to))) {
    const waiting = new Map(t.items.filter((i) => i.status === 'waiting' && i.target === 'customer' && i.to === to).map((i) => [i.id, i]));
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const body = { handover_userid: t.from, takeover_userid: to, ...(cursor ? { cursor } : {}) };
      const out = await api.call(t.kind === 'onjob' ? 'externalcontact/transfer_result' : 'externalcontact/resigned/transfer_result', body);
      for (const r of out.customer) {
        const i = waiting.get(r.external_userid);
        if (!i) continue;
        const outcome = resultOf(r.status);
        if (r.takeover_time) i.takeoverAt = r.takeover_time;
        if (outcome.status === 'waiting') continue;
        const at = r.takeover_time && outcome.status === 'done' ? r.takeover_time : nowSec;
        Object.assign(i, { status: outcome.status, finishedAt: at, ...(outcome.reason ? { reason: outcome.reason } : {}) });
        if (outcome.status === 'done') await customerDone(deps, t, i, at);
        else await audit(deps, t, i, at, false);
        waiting.delete(i.id);
      }
      if (!out.next_cursor) break;
      cursor = out.next_cursor;
    }
  }
}

const FINISHED: Partial<Record<string, TransferFinished['status']>> = { customer_refused: 'refused', customer_limit_exceed: 'limit_reached' };

/**
 * transfer.finished for each customer item that became final in this run (done or failed; `before` is the stored
 * record the run started from). Called after the save, so a run whose save failed announces nothing and the
 * retry, reading the saved record, never announces an item twice; the id also derives from the item's key.
 */
async function announceFinished(deps: TransfersJobDeps, before: TransferRecord, saved: TransferRecord): Promise<void> {
  if (!deps.webhookEvents) return;
  const was = new Map(before.items.map((i) => [`${i.target}#${i.id}`, i.status]));
  for (const i of saved.items) {
    if (i.target !== 'customer' || (i.status !== 'done' && i.status !== 'failed')) continue;
    if (was.get(`customer#${i.id}`) === i.status) continue;
    const status: TransferFinished['status'] = i.status === 'done' ? 'succeeded' : (FINISHED[i.reason ?? ''] ?? 'failed');
    await publishTransferFinished(
      deps.webhookEvents,
      saved.corpId,
      { externalUserId: i.id, handoverUserId: saved.from, takeoverUserId: i.to, status },
      { occurredAt: (i.finishedAt ?? Math.floor(Date.parse(saved.updatedAt) / 1000)) * 1000, sourceKey: eventKeyOf(saved, i) },
    );
  }
}

const view = (t: TransferRecord) => ({
  corpId: t.corpId,
  id: t.id,
  status: t.status,
  items: t.items.map((i) => ({ id: i.id, status: i.status, ...(i.reason ? { reason: i.reason } : {}) })),
});

async function runTransfer(deps: TransfersJobDeps, m: DueMarker, nowSec: number) {
  const t = await deps.transfers.get(m.corpId, m.id);
  if (!t || t.status === 'done') return;
  const api = await requireTenantApi(deps, t.corpId);
  const work: TransferRecord = structuredClone(t);
  let failure: unknown;
  try {
    await start(deps, api, work, nowSec);
    await poll(deps, api, work, nowSec);
  } catch (e) {
    failure = e;
  }
  // What WeCom answered is kept even when a later call failed (no transfer is started twice).
  const saved = await save(deps, work, nowSec);
  await announceFinished(deps, t, saved);
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  if (saved.status === 'done') return { result: view(saved) };
  const poll_ = deps.transferPollSeconds ?? DEFAULT_TRANSFER_POLL_SECONDS;
  const takeovers = saved.items.filter((i) => i.status === 'waiting' && i.takeoverAt !== undefined).map((i) => i.takeoverAt!);
  const soonest = takeovers.length > 0 ? Math.max(Math.min(...takeovers), nowSec + 60) : Infinity;
  const pending = saved.items.some((i) => i.status === 'pending');
  return { next: pending ? nowSec + 60 : Math.min(nowSec + poll_, soonest), result: view(saved) };
}
