// Broadcasts (群发) in the admin API (docs/manual.md#admin-api): POST …/broadcasts, GET …/broadcasts (newest
// first), GET …/broadcasts/{id} (?format=csv: the results), POST …/broadcasts/{id}/remind and …/cancel.
// `dryRun: true` resolves the audience and asks the quota ledger what the caps would block, and writes
// nothing. Otherwise the broadcast is stored `scheduled` with a due marker (job `broadcast`) at `sendAt`
// (or now); the broadcast job sends it (functions/schedules/broadcast/run-broadcasts.ts).
import type { MaterialStore } from '../../shared/materials/material';
import { checkMaterialRefs } from './materials';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { BroadcastRecord, BroadcastStore } from '../../shared/db/broadcast-repository';
import type { broadcastCreatedView, BroadcastView } from './broadcast.view';
import { countByReason, LIST_CAP } from '../../shared/domain/broadcast';
import { DEFAULT_NAME_FALLBACK } from '../../shared/domain/quota';
import { customersInScope, groupsInScope } from '../../shared/customers/scope';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import type { GroupStore } from '../../shared/groups/group';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors';
import { FINAL_DELIVERY, REMINDS_PER_DAY, remindWindow } from '../../shared/domain/broadcast-results';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import { pageQuery } from '../../shared/input/params';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { assertFitsItem } from '../../shared/input/item-size';
import { broadcastAudience, type AudienceDeps } from '../../shared/outreach/audience';
import { massText, planSend, type MassMessageDeps } from '../../shared/outreach/mass-message';
import { announceIfFinal } from '../../shared/outreach/broadcast-results';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { instantSchema } from '../../shared/input/day.schema';
import { attributeConditions, contentSchema, idList, idSchema } from '../../shared/outreach/outreach.schema';
import { checkAttributeFilter } from './customer-fields';
import type { DueStore } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { Clock } from '../../shared/clock';
import { localTime, sheet, type Column, type CsvLang } from '../../shared/http/csv';
import { msg } from '../../shared/i18n/messages';
import { shanghaiMinuteText } from '../../shared/events/time';

export interface BroadcastDeps extends AudienceDeps, MassMessageDeps {
  broadcasts: BroadcastStore;
  tenants: TenantStore;
  due: DueStore;
  clock: Clock;
  /** Attachments `{materialId}` must name a material of the tenant (素材库). */
  materials: MaterialStore;
}

const filterSchema = z.strictObject({
  tags: z.array(idSchema).max(100).optional(),
  excludeTags: z.array(idSchema).max(100).optional(),
  staff: idList.optional(),
  channel: idList.optional(),
  addedFrom: instantSchema.optional(),
  addedTo: instantSchema.optional(),
  ...attributeConditions,
  /** Groups only: these chats (of the listed owners, when `staff` is given too). */
  chatIds: z.array(idSchema).min(1).max(2000).optional(),
});

export const broadcastBody = z
  .strictObject({
    target: z.enum(['customers', 'groups']),
    filter: filterSchema.default({}),
    content: contentSchema,
    sendAt: instantSchema.optional(),
    dryRun: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    const f = b.filter;
    if (b.target === 'groups') {
      for (const k of ['tags', 'excludeTags', 'channel', 'addedFrom', 'addedTo', 'stages', 'fields'] as const) {
        if (f[k] !== undefined) ctx.addIssue({ code: 'custom', path: ['filter', k], message: 'groups are filtered by staff (owners) and chatIds only' });
      }
    } else if (f.chatIds !== undefined) ctx.addIssue({ code: 'custom', path: ['filter', 'chatIds'], message: 'chatIds applies to groups' });
    if (f.addedFrom !== undefined && f.addedTo !== undefined && f.addedFrom >= f.addedTo) {
      ctx.addIssue({ code: 'custom', path: ['filter', 'addedTo'], message: 'addedTo must be after addedFrom' });
    }
  });

/** The request's share of the record (of MAX_ITEM_BYTES): runs add blocked and failed samples, msgids and batches. */
const MAX_REQUEST_BYTES = 200_000;

const iso = (s: number) => new Date(s * 1000).toISOString();

/** The delivery (群发结果) as the API shows it: reach and completion with the per-member lines. */
function publicDelivery(d: NonNullable<BroadcastRecord['delivery']>) {
  const done = d.staff.filter((s) => s.sent).length;
  return {
    status: d.status,
    acceptedAt: iso(d.acceptedAt),
    ...(d.checkedAt === undefined ? {} : { checkedAt: iso(d.checkedAt) }),
    reach: d.recipients.sent,
    recipients: { ...d.recipients },
    staffTotal: d.staff.length,
    staffSent: done,
    completion: d.staff.length === 0 ? 0 : Math.round((done / d.staff.length) * 10_000) / 10_000,
    staff: d.staff.map((s) => ({ userid: s.userid, sent: s.sent, ...(s.sendTime === undefined ? {} : { sendTime: iso(s.sendTime) }) })),
    reminders: d.reminders.map(iso),
    ...(d.cancelledAt === undefined ? {} : { cancelledAt: iso(d.cancelledAt) }),
  };
}

/** The broadcast as the API shows it (broadcast.view.ts). */
export function publicBroadcast(b: BroadcastRecord): BroadcastView {
  return {
    id: b.id,
    target: b.target,
    filter: {
      ...(b.filter.tags === undefined ? {} : { tags: [...b.filter.tags] }),
      ...(b.filter.excludeTags === undefined ? {} : { excludeTags: [...b.filter.excludeTags] }),
      ...(b.filter.staff === undefined ? {} : { staff: [...b.filter.staff] }),
      ...(b.filter.channel === undefined ? {} : { channel: [...b.filter.channel] }),
      ...(b.filter.addedFrom === undefined ? {} : { addedFrom: b.filter.addedFrom }),
      ...(b.filter.addedTo === undefined ? {} : { addedTo: b.filter.addedTo }),
      ...(b.filter.chatIds === undefined ? {} : { chatIds: b.filter.chatIds }),
      ...(b.filter.stages === undefined ? {} : { stages: [...b.filter.stages] }),
      ...(b.filter.fields === undefined ? {} : { fields: b.filter.fields.map((c) => ({ ...c })) }),
    },
    content: {
      ...(b.content.text === undefined ? {} : { text: b.content.text }),
      ...(b.content.attachments === undefined ? {} : { attachments: [...b.content.attachments] }),
      ...(b.content.nameFallback === undefined ? {} : { nameFallback: b.content.nameFallback }),
    },
    sendAt: iso(b.sendAt),
    status: b.status,
    ...(b.audienceAsOf === undefined ? {} : { audienceAsOf: iso(b.audienceAsOf) }),
    audience: b.audience,
    sent: b.sent,
    blockedCount: b.blockedCount,
    blockedByReason: b.blockedByReason,
    blocked: b.blocked,
    failedCount: b.failedCount,
    failed: b.failed,
    remaining: b.remaining,
    msgids: b.msgids,
    batches: b.batches,
    runs: b.runs,
    ...(b.error === undefined ? {} : { error: b.error }),
    ...(b.delivery === undefined ? {} : { delivery: publicDelivery(b.delivery) }),
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
  };
}

export async function createBroadcast(
  deps: BroadcastDeps,
  corpId: string,
  input: z.output<typeof broadcastBody>,
): Promise<{ status: 200 | 201; body: z.output<typeof broadcastCreatedView> }> {
  assertFitsItem({ filter: input.filter, content: input.content }, ['filter', 'content'], MAX_REQUEST_BYTES);
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));
  // Stage and field conditions name a stage of the pipeline and live fields (400 naming each bad one).
  if (input.filter.stages || input.filter.fields) await checkAttributeFilter(deps, corpId, input.filter);
  await checkMaterialRefs(deps, corpId, input.content.attachments);
  const nowSec = Math.floor(deps.clock.now() / 1000);
  const filter = input.filter;
  const content = input.content;
  if (input.dryRun) {
    const recipients = await broadcastAudience(deps, { corpId, target: input.target, filter });
    const plan = await planSend(deps, { corpId, sendId: `dryrun#${randomUUID()}`, kind: input.target, recipients, nowSec });
    const sendable = plan.batches.reduce((n, b) => n + b.ids.length, 0);
    return {
      status: 200,
      body: {
        dryRun: true,
        target: input.target,
        audience: { count: recipients.length, sample: recipients.slice(0, LIST_CAP).map((r) => r.id) },
        wouldSend: sendable,
        calls: plan.batches.length,
        blocked: { count: plan.blocked.length, byReason: countByReason(plan.blocked), sample: plan.blocked.slice(0, LIST_CAP) },
        content: {
          text: massText(content.text, content.nameFallback),
          attachments: content.attachments ?? [],
          personalisation: content.text?.includes('{{')
            ? `one text per mass message: {{name}} is sent as "${content.nameFallback ?? DEFAULT_NAME_FALLBACK}"`
            : 'none',
        },
      },
    };
  }
  const now = new Date(deps.clock.now()).toISOString();
  const record: BroadcastRecord = {
    corpId,
    // Time first (base-36 ms, 9 characters), so the list reads newest first.
    id: `${deps.clock.now().toString(36).padStart(9, '0')}${randomUUID().replace(/-/g, '').slice(0, 11)}`,
    target: input.target,
    filter,
    content,
    sendAt: input.sendAt ?? nowSec,
    status: 'scheduled',
    audience: 0,
    sent: 0,
    blockedCount: 0,
    blockedByReason: {},
    blocked: [],
    failedCount: 0,
    failed: [],
    remaining: 0,
    msgids: [],
    batches: [],
    runs: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.broadcasts.create(record);
  await deps.due.schedule({ corpId, job: 'broadcast', id: record.id, dueAt: record.sendAt });
  return { status: 201, body: publicBroadcast(record) };
}

/**
 * GET …/broadcasts/{id}. Counts are the broadcast's; the lists that name recipients or senders (blocked,
 * failed, batches) show only those inside the caller's scope.
 */
export async function getBroadcast(
  deps: Pick<BroadcastDeps, 'broadcasts' | 'follows'> & { groups: Pick<GroupStore, 'list'> },
  corpId: string,
  id: string,
  scope: CustomerScope = { kind: 'all' },
) {
  const b = await deps.broadcasts.get(corpId, id);
  if (!b) throw new NotFoundError(msg('unknown_broadcast'));
  if (scope.kind === 'all') return publicBroadcast(b);
  const named = [...b.blocked.map((x) => x.recipient), ...b.failed.map((x) => x.recipient)];
  const visible = b.target === 'groups' ? await groupsInScope(deps, corpId, scope, named) : await customersInScope(deps, corpId, scope, named);
  return publicBroadcast({
    ...b,
    blocked: b.blocked.filter((x) => visible.has(x.recipient)),
    failed: b.failed.filter((x) => visible.has(x.recipient)),
    batches: b.batches.filter((x) => x.sender !== null && inScope(scope, x.sender)),
  });
}

/** `?format=csv` on GET …/broadcasts/{id}: the results as a file. */
export const broadcastQuery = z.object({ format: z.enum(['json', 'csv']).default('json') });

interface ResultLine {
  result: 'batch' | 'blocked' | 'failed';
  sender?: string | null | undefined;
  recipient?: string | undefined;
  size?: number | undefined;
  failed?: number | undefined;
  reason?: string | undefined;
  msgid?: string | undefined;
  at?: number | undefined;
}
const RESULT_ZH: Record<ResultLine['result'], string> = { batch: '发送批次', blocked: '未发送（频次上限）', failed: '发送失败' };
const REASON_ZH: Record<string, string> = { monthly_cap: '本月已达上限', weekly_cap: '本周已达上限', daily_cap: '今日已达上限' };
const RESULT_CSV: Column<ResultLine>[] = [
  { zh: '结果', en: 'result', value: (l) => l.result },
  { zh: '结果说明', en: 'resultText', value: (l) => RESULT_ZH[l.result] },
  { zh: '员工', en: 'sender', value: (l) => l.sender },
  { zh: '接收者', en: 'recipient', value: (l) => l.recipient },
  { zh: '人数', en: 'size', value: (l) => l.size },
  { zh: '失败人数', en: 'failed', value: (l) => l.failed },
  { zh: '原因', en: 'reason', value: (l) => (l.reason === undefined ? null : (REASON_ZH[l.reason] ?? l.reason)) },
  { zh: '消息ID', en: 'msgid', value: (l) => l.msgid },
  { zh: '时间', en: 'at', value: (l) => localTime(l.at) },
];

/**
 * A broadcast's results as a CSV file (群发结果): one line per send batch (sender, size, WeCom's fail count,
 * msgid or error), then the blocked and failed recipients the record keeps (the first LIST_CAP of each;
 * the counts are in the JSON), all within the caller's scope. One record: one answer.
 */
export function broadcastResultsCsv(b: ReturnType<typeof publicBroadcast>, lang: CsvLang): string {
  const lines: ResultLine[] = [
    ...b.batches.map((x) => ({
      result: 'batch' as const,
      sender: x.sender,
      size: x.size,
      failed: x.failed,
      msgid: x.msgid,
      reason: x.error ? `${x.error.errcode} ${x.error.errmsg}` : undefined,
      at: x.at,
    })),
    ...b.blocked.map((x) => ({ result: 'blocked' as const, recipient: x.recipient, reason: x.reason })),
    ...b.failed.map((x) => ({ result: 'failed' as const, recipient: x.recipient, reason: x.reason })),
  ];
  return sheet(RESULT_CSV, lang, lines);
}

/** GET …/broadcasts: newest first, `limit` (≤ 100) a page, `cursor` to go on. */
export const broadcastsQuery = pageQuery(100);

export async function listBroadcasts(deps: Pick<BroadcastDeps, 'broadcasts'>, corpId: string, q: z.output<typeof broadcastsQuery>) {
  const page = await deps.broadcasts.list(corpId, q.limit ?? 20, q.cursor ? decodeCursor('broadcasts', q.cursor).a : undefined);
  return {
    items: page.items.map((b) => {
      const v = publicBroadcast(b);
      return {
        id: v.id,
        target: v.target,
        status: v.status,
        sendAt: v.sendAt,
        audience: v.audience,
        sent: v.sent,
        blockedCount: v.blockedCount,
        failedCount: v.failedCount,
        ...(v.content.text === undefined ? {} : { text: v.content.text.slice(0, 100) }),
        ...(v.delivery === undefined
          ? {}
          : {
              delivery: {
                status: v.delivery.status,
                reach: v.delivery.reach,
                staffTotal: v.delivery.staffTotal,
                staffSent: v.delivery.staffSent,
                completion: v.delivery.completion,
              },
            }),
        createdAt: v.createdAt,
      };
    }),
    cursor: page.last ? encodeCursor('broadcasts', { a: page.last }) : null,
  };
}

export type BroadcastControlDeps = Pick<BroadcastDeps, 'broadcasts' | 'clock'> &
  TenantApiDeps & {
    /** broadcast.finished on a cancel (the delivery becomes final). */
    webhookEvents?: WebhookPublisher | undefined;
  };

/** The broadcast a remind or cancel acts on: WeCom has it (msgids) and its delivery is not over. */
async function controllable(deps: BroadcastControlDeps, corpId: string, id: string) {
  const b = await deps.broadcasts.get(corpId, id);
  if (!b) throw new NotFoundError(msg('unknown_broadcast'));
  if (!b.delivery || b.msgids.length === 0)
    throw new AppError('broadcast_not_accepted', msg('broadcast_not_accepted'), 409, false, true, { details: { status: b.status } });
  if (FINAL_DELIVERY.has(b.delivery.status)) {
    throw new AppError('broadcast_delivery_final', msg('broadcast_delivery_final', { status: b.delivery.status }), 409, false, true, {
      details: { delivery: b.delivery.status },
    });
  }
  return { b, delivery: b.delivery };
}

async function store(deps: BroadcastControlDeps, b: BroadcastRecord, nowSec: number) {
  const next = { ...b, version: b.version + 1, updatedAt: iso(nowSec) };
  if (!(await deps.broadcasts.update(next))) throw new ConflictError(msg('broadcast_changed'));
  return next;
}

/**
 * POST …/broadcasts/{id}/remind: WeCom notifies the members who have not sent yet (remind_groupmsg_send on each
 * msgid). WeCom allows 3 per msgid per 24 h (wecom-frontier.md §4): the 4th within 24 h is refused here, before
 * any call, with 429 `remind_limit_reached` and when the next one is allowed.
 */
export async function remindBroadcast(deps: BroadcastControlDeps, corpId: string, id: string) {
  const { b, delivery } = await controllable(deps, corpId, id);
  const nowSec = Math.floor(deps.clock.now() / 1000);
  const w = remindWindow(delivery.reminders, nowSec);
  if (w.nextAt !== undefined) {
    throw new AppError('remind_limit_reached', msg('broadcast_remind_limit', { nextAt: shanghaiMinuteText(w.nextAt) }), 429, false, true, {
      details: { limit: REMINDS_PER_DAY, windowHours: 24, nextAt: iso(w.nextAt) },
    });
  }
  const api = await requireTenantApi(deps, corpId);
  for (const msgid of b.msgids) await api.call('externalcontact/remind_groupmsg_send', { msgid });
  return publicBroadcast(await store(deps, { ...b, delivery: { ...delivery, reminders: [...w.recent, nowSec] } }, nowSec));
}

/**
 * POST …/broadcasts/{id}/cancel: stops what members have not sent (cancel_groupmsg_send on each msgid); what was
 * delivered stays delivered. A finished, cancelled or expired broadcast answers 409 `broadcast_delivery_final`.
 */
export async function cancelBroadcast(deps: BroadcastControlDeps, corpId: string, id: string) {
  const { b, delivery } = await controllable(deps, corpId, id);
  const nowSec = Math.floor(deps.clock.now() / 1000);
  const api = await requireTenantApi(deps, corpId);
  for (const msgid of b.msgids) await api.call('externalcontact/cancel_groupmsg_send', { msgid });
  const saved = await store(deps, { ...b, delivery: { ...delivery, status: 'cancelled', cancelledAt: nowSec } }, nowSec);
  // After the save: a cancel refused by a concurrent write (409) announces nothing.
  await announceIfFinal(deps.webhookEvents, saved, saved.delivery!);
  return publicBroadcast(saved);
}
