// The broadcast job: every due broadcast marker, under its lease. A run resolves the audience (customers
// added after the first run are left out), sends through the mass-message path — at most `callsPerRun`
// add_msg_template calls — and, when recipients remain, moves its marker `paceSeconds` on. So a huge
// audience spreads over several runs (one a minute) and a run never makes more than `callsPerRun` calls;
// recipients already counted for this broadcast in the ledger are never sent again.
// Once sent, the same marker follows the results (群发结果): every `resultsPollSeconds` it reads what members
// confirmed and what each recipient got (shared/outreach/broadcast-results.ts) until the delivery is final
// (every member sent, cancelled, or WeCom's one-month window closed).
import type { BroadcastRecord, BroadcastStore } from '../../../shared/db/broadcast-repository';
import { countByReason, finalStatus, LIST_CAP } from '../../../shared/domain/broadcast';
import { emptyCounts, FINAL_DELIVERY } from '../../../shared/domain/broadcast-results';
import { announceIfFinal, readDelivery } from '../../../shared/outreach/broadcast-results';
import type { TenantQuota } from '../../../shared/domain/quota';
import { broadcastAudience, type AudienceDeps } from '../../../shared/outreach/audience';
import { sendMassMessage, type MassMessageDeps } from '../../../shared/outreach/mass-message';
import { runDue, type DueMarker, type JobOptions, type JobReport, type RunDueDeps } from '../../../shared/schedules/due';
import { requireTenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WebhookPublisher } from '../../../shared/webhooks/webhook';

export interface BroadcastJobDeps extends RunDueDeps, AudienceDeps, MassMessageDeps, TenantApiDeps {
  broadcasts: BroadcastStore;
  /** Pacing: add_msg_template calls per broadcast per run (default 5), and the wait before the next run. */
  pacing?: { callsPerRun?: number; paceSeconds?: number; resultsPollSeconds?: number } | undefined;
  /** broadcast.finished when the delivery becomes final (absent: no webhooks, e.g. unit tests that do not look). */
  webhookEvents?: WebhookPublisher | undefined;
}

export const DEFAULT_CALLS_PER_RUN = 5;
export const DEFAULT_PACE_SECONDS = 60;
/** Results are read every 10 minutes until final. */
export const DEFAULT_RESULTS_POLL_SECONDS = 600;
const FINAL = new Set(['sent', 'partially_blocked', 'failed']);

export const broadcastSendId = (id: string) => `broadcast#${id}`;

export function runBroadcasts(deps: BroadcastJobDeps, opts: JobOptions): Promise<JobReport> {
  // A run may reserve up to callsPerRun × 10,000 ledger counts: hold the lease for up to 10 minutes.
  return runDue(deps, 'broadcast', opts, (m) => runBroadcast(deps, m, Math.floor(opts.nowMs / 1000)), { holdMs: 600_000 });
}

async function save(deps: BroadcastJobDeps, b: BroadcastRecord, nowSec: number): Promise<BroadcastRecord> {
  const next = { ...b, version: b.version + 1, updatedAt: new Date(nowSec * 1000).toISOString() };
  if (!(await deps.broadcasts.update(next))) throw new Error(`broadcast ${b.id} changed during its run`);
  return next;
}

async function runBroadcast(deps: BroadcastJobDeps, m: DueMarker, nowSec: number) {
  let b = await deps.broadcasts.get(m.corpId, m.id);
  if (!b) return;
  if (FINAL.has(b.status)) return followResults(deps, b, nowSec);
  if (b.status === 'scheduled') b = await save(deps, { ...b, status: 'sending', audienceAsOf: nowSec }, nowSec);
  const corpId = b.corpId;
  const recipients = await broadcastAudience(deps, b, b.audienceAsOf);
  const tenant = await deps.tenants.get(corpId);
  const res = await sendMassMessage(deps, () => requireTenantApi(deps, corpId), {
    tenant: tenantCaps(tenant?.massMessageCaps),
    corpId: b.corpId,
    sendId: broadcastSendId(b.id),
    kind: b.target,
    recipients,
    content: b.content,
    nameFallback: b.content.nameFallback,
    nowSec,
    maxCalls: deps.pacing?.callsPerRun ?? DEFAULT_CALLS_PER_RUN,
  });
  const sent = b.sent + res.sent;
  const failedCount = b.failedCount + res.failed.length;
  const done = res.remaining === 0 || res.fatal !== undefined;
  const status = done ? finalStatus({ sent, blocked: res.blocked.length, failed: failedCount, fatal: res.fatal !== undefined }) : 'sending';
  b = await save(
    deps,
    {
      ...b,
      status,
      audience: recipients.length,
      sent,
      // Each run plans the whole audience not yet counted, so its blocked list is the current, complete one.
      blockedCount: res.blocked.length,
      blockedByReason: countByReason(res.blocked),
      blocked: res.blocked.slice(0, LIST_CAP),
      failedCount,
      failed: [...b.failed, ...res.failed].slice(0, LIST_CAP),
      remaining: res.remaining,
      msgids: [...b.msgids, ...res.msgids],
      batches: [...b.batches, ...res.batches],
      runs: b.runs + 1,
      ...(res.fatal ? { error: res.fatal } : {}),
      ...(done && b.msgids.length + res.msgids.length > 0
        ? { delivery: { status: 'accepted' as const, acceptedAt: nowSec, staff: [], recipients: emptyCounts(), reminders: [] } }
        : {}),
    },
    nowSec,
  );
  const result = { corpId: b.corpId, id: b.id, status, sent: res.sent, calls: res.batches.length, remaining: res.remaining, blocked: res.blocked.length };
  if (done) return b.delivery ? { result, next: nowSec + pollSeconds(deps) } : { result };
  return { result, next: nowSec + (deps.pacing?.paceSeconds ?? DEFAULT_PACE_SECONDS) };
}

const pollSeconds = (deps: BroadcastJobDeps) => deps.pacing?.resultsPollSeconds ?? DEFAULT_RESULTS_POLL_SECONDS;

/** The tenant's own per-customer caps (tenant settings), as the quota plan takes them. */
function tenantCaps(c: { perDay?: number | undefined; perWeek?: number | undefined } | undefined): TenantQuota | undefined {
  if (!c) return undefined;
  return { massMessagesPerRecipientPerDay: c.perDay, massMessagesPerRecipientPerWeek: c.perWeek };
}

/** One poll of a sent broadcast's results; rescheduled until the delivery is final. */
async function followResults(deps: BroadcastJobDeps, b: BroadcastRecord, nowSec: number) {
  const prev = b.delivery;
  if (!prev || FINAL_DELIVERY.has(prev.status)) return;
  const delivery = await readDelivery(await requireTenantApi(deps, b.corpId), b, prev, nowSec);
  // Published before the save with an id from the broadcast and its final moment: a run whose save fails
  // publishes the same event again next time (the consumer keeps one); a save never goes unannounced.
  await announceIfFinal(deps.webhookEvents, b, delivery);
  // A remind or cancel may have written meanwhile: keep theirs (reminders, cancelledAt), re-read on conflict next run.
  const saved = await save(deps, { ...b, delivery }, nowSec);
  const result = { corpId: b.corpId, id: b.id, delivery: delivery.status, sent: delivery.recipients.sent };
  return FINAL_DELIVERY.has(saved.delivery!.status) ? { result } : { result, next: nowSec + pollSeconds(deps) };
}
