// The one send path of mass messages (企业群发, externalcontact/add_msg_template): broadcasts and SOP steps
// both come through here, so every mass message consults the quota ledger.
//
// read the recipients' ledger months → planMassMessage (caps, ≤10,000 customers / ≤2,000 groups per call,
// one call per sender) → per batch: count each recipient in the ledger (conditional, once per send id and
// never past the cap) → add_msg_template → give back the counts of what WeCom refused.
//
// Counting before the call means a crash between the two loses a message rather than sending one twice
// or passing a cap; recipients already counted for this send id are "already" and never sent again, which
// makes a rerun of the same send (a retried job) safe and lets a paced send continue where it stopped.
import {
  DEFAULT_NAME_FALLBACK,
  countsOn,
  planMassMessage,
  reserveCaps,
  type BatchResult,
  type BlockReason,
  type MassContent,
  type TenantQuota,
} from '../domain/quota';

export type { BatchResult, MassContent };
import { renderTemplate } from '../domain/template';
import type { QuotaLedger } from '../db/quota-ledger-repository';
import { mapLimit } from '../map-limit';
import { shanghaiDay } from '../events/time';
import type { WecomTenantClient } from '../wecom/client';
import { WecomApiError } from '../wecom/wecom-error';
import { isMaterialRef, MaterialUnusableError, resolveAttachments, type MaterialResolverDeps } from '../materials/resolve';

export interface MassRecipient {
  /** external_userid (customers) or chat_id (groups). */
  id: string;
  /** The member who sends it: required for groups (the owner); for customers, absent = WeCom picks. */
  sender?: string | undefined;
}

export interface MassMessageInput {
  corpId: string;
  /** Stable per logical send (a broadcast, a SOP step slot): the ledger counts once per (sendId, recipient). */
  sendId: string;
  kind: 'customers' | 'groups';
  recipients: readonly MassRecipient[];
  content: MassContent;
  /** `{{name}}` in a mass message becomes this (one text for all recipients). */
  nameFallback?: string | undefined;
  nowSec: number;
  tenant?: TenantQuota | undefined;
  /** Pacing: at most this many add_msg_template calls now; the rest are `remaining`. */
  maxCalls?: number | undefined;
}

export interface MassMessageResult {
  msgids: string[];
  sent: number;
  /** Recipients counted for this send by an earlier run. */
  already: number;
  blocked: Array<{ recipient: string; reason: BlockReason }>;
  failed: Array<{ recipient: string; reason: string }>;
  batches: BatchResult[];
  /** Recipients planned but left for a later run (pacing). */
  remaining: number;
  /** A call WeCom refused for good (e.g. invalid content): the send should stop. */
  fatal?: { errcode: number; errmsg: string } | undefined;
}

export interface MassMessageDeps extends MaterialResolverDeps {
  quota: QuotaLedger;
}

/** The text a mass message sends: `{{name}}` filled with one neutral word (see DEFAULT_NAME_FALLBACK). */
export const massText = (text: string | undefined, nameFallback?: string) =>
  text === undefined ? undefined : renderTemplate(text, { name: nameFallback ?? DEFAULT_NAME_FALLBACK });

const RESERVE_CONCURRENCY = 32;

interface Planned {
  day: string;
  batches: Array<{ sender: string | undefined; ids: string[] }>;
  blocked: MassMessageResult['blocked'];
  already: number;
}

/** Reads the ledger and plans: who is blocked, who was already counted, and the calls to make. */
export async function planSend(deps: MassMessageDeps, input: Omit<MassMessageInput, 'content' | 'maxCalls'>): Promise<Planned> {
  const day = shanghaiDay(input.nowSec);
  const bySender = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const r of input.recipients) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const s = r.sender ?? '';
    const list = bySender.get(s);
    if (list) list.push(r.id);
    else bySender.set(s, [r.id]);
  }
  const months = await deps.quota.months(input.corpId, [...seen], day);
  let already = 0;
  const out: Planned = { day, batches: [], blocked: [], already: 0 };
  for (const [sender, ids] of [...bySender].sort(([a], [b]) => a.localeCompare(b))) {
    const fresh = ids.filter((id) => {
      const counted = months.get(id)?.some((m) => m.sends.has(input.sendId)) ?? false;
      if (counted) already++;
      return !counted;
    });
    const plan = planMassMessage({ day, kind: input.kind, recipients: fresh, countsOf: (id) => countsOn(day, months.get(id) ?? []), tenant: input.tenant });
    out.blocked.push(...plan.blocked);
    for (const b of plan.batches) out.batches.push({ sender: sender || undefined, ids: b });
  }
  out.already = already;
  return out;
}

/** Sends a mass message within the caps, paced by `maxCalls`; every recipient ends up sent, blocked, failed, already or remaining. */
export async function sendMassMessage(deps: MassMessageDeps, api: () => Promise<WecomTenantClient>, input: MassMessageInput): Promise<MassMessageResult> {
  if (input.kind === 'groups' && input.recipients.some((r) => !r.sender)) throw new Error('a group mass message needs a sender (the owner) per group');
  const plan = await planSend(deps, input);
  const caps = reserveCaps(plan.day, input.tenant);
  const result: MassMessageResult = { msgids: [], sent: 0, already: plan.already, blocked: [...plan.blocked], failed: [], batches: [], remaining: 0 };
  const maxCalls = input.maxCalls ?? Number.POSITIVE_INFINITY;
  const text = massText(input.content.text, input.nameFallback);
  // Attachments `{materialId}` (素材库) become WeCom objects now, at send time (a cached media_id while valid, else a new upload).
  let attachments = input.content.attachments;
  if (plan.batches.length > 0 && attachments?.some(isMaterialRef)) {
    try {
      attachments = await resolveAttachments(deps, api, input.corpId, attachments);
    } catch (e) {
      // A deleted material, or WeCom refusing its upload, stops the send for good (nothing counted); else the job retries.
      const fatal =
        e instanceof MaterialUnusableError
          ? { errcode: 0, errmsg: e.message }
          : e instanceof WecomApiError && !e.retryable
            ? { errcode: e.errcode, errmsg: e.message.slice(0, 200) }
            : undefined;
      if (!fatal) throw e;
      return { ...result, remaining: plan.batches.reduce((n, b) => n + b.ids.length, 0), fatal };
    }
  }
  let calls = 0;
  for (const batch of plan.batches) {
    if (calls >= maxCalls || result.fatal) {
      result.remaining += batch.ids.length;
      continue;
    }
    const outcomes = await mapLimit(batch.ids, RESERVE_CONCURRENCY, (id) => deps.quota.reserve(input.corpId, id, input.sendId, plan.day, caps));
    const counted: string[] = [];
    batch.ids.forEach((id, i) => {
      const o = outcomes[i]!;
      if (o === 'counted') counted.push(id);
      else if (o === 'already') result.already++;
      else result.blocked.push({ recipient: id, reason: o });
    });
    if (counted.length === 0) continue;
    calls++;
    const release = (ids: readonly string[], keepSend: boolean) =>
      mapLimit(ids, RESERVE_CONCURRENCY, (id) => deps.quota.release(input.corpId, id, input.sendId, plan.day, keepSend));
    const at = input.nowSec;
    try {
      const out = await (
        await api()
      ).call('externalcontact/add_msg_template', {
        chat_type: input.kind === 'groups' ? 'group' : 'single',
        ...(input.kind === 'groups' ? { chat_id_list: counted } : { external_userid: counted }),
        ...(batch.sender ? { sender: batch.sender } : {}),
        ...(text ? { text: { content: text } } : {}),
        ...(attachments?.length ? { attachments: [...attachments] } : {}),
      } as never);
      const inBatch = new Set(counted);
      const failList = [...new Set(out.fail_list ?? [])].filter((id) => inBatch.has(id));
      await release(failList, true);
      for (const id of failList) result.failed.push({ recipient: id, reason: 'refused_by_wecom' });
      result.msgids.push(out.msgid);
      result.sent += counted.length - failList.length;
      result.batches.push({ sender: batch.sender ?? null, size: counted.length, msgid: out.msgid, failed: failList.length, at });
    } catch (e) {
      if (!(e instanceof WecomApiError) || e.retryable) {
        // Busy / rate / network: give the counts back so the next run tries them again, then let the job retry.
        await release(counted, false);
        throw e;
      }
      await release(counted, true);
      const error = { errcode: e.errcode, errmsg: e.errmsg };
      for (const id of counted) result.failed.push({ recipient: id, reason: `wecom_${e.errcode}` });
      result.batches.push({ sender: batch.sender ?? null, size: counted.length, failed: counted.length, error, at });
      result.fatal = error;
    }
  }
  return result;
}
