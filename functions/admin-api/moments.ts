// Moments campaigns (客户朋友圈) in the admin API (docs/manual.md#admin-api): POST/GET …/moments and GET …/moments/{id}.
// A campaign is checked against the moments limits in force on its send day (9 images | 1 video | 1 link,
// text ≤ 2000 characters, ≤ 100,000 executors), stored `scheduled` with a due marker (job `moments`) at
// `sendAt` (or now); the moments job submits and follows it (functions/schedules/moments/run-moments.ts).
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { MomentStore } from '../../shared/db/moment-repository';
import { momentIssues, type MomentCampaign } from '../../shared/domain/moments';
import { limitsOn } from '../../shared/domain/quota';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { assertFitsItem } from '../../shared/input/item-size';
import { safeName, safeText } from '../../shared/input/text.schema';
import { shanghaiDay } from '../../shared/events/time';
import { instantSchema } from '../../shared/input/day.schema';
import { idSchema } from '../../shared/outreach/outreach.schema';
import type { DueStore } from '../../shared/schedules/due';
import type { TenantStore } from '../../shared/tenants/tenant';
import { pageQuery } from '../../shared/input/params';
import { msg } from '../../shared/i18n/messages';
import { materialRef } from '../../shared/materials/attachment.schema';
import type { MaterialStore } from '../../shared/materials/material';
import { MOMENT_KINDS, type MomentKind } from '../../shared/materials/resolve';
import type { MomentView } from './moments.view';

export interface MomentDeps {
  moments: MomentStore;
  materials: MaterialStore;
  tenants: TenantStore;
  due: DueStore;
  clock: Clock;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const mediaId = z.string().min(1).max(256);

/**
 * WeCom's shape, as welcome attachments: image/video `{media_id}` (upload_attachment, attachment_type 1), link `{title, url, media_id?}`;
 * or `{materialId}`: an image, video or link of the material library, uploaded for Moments when the campaign is published.
 */
const attachmentSchema = z.discriminatedUnion('msgtype', [
  // No msgtype: a material (keeps the WeCom options' error paths, e.g. `attachments.0.msgtype`, precise).
  materialRef.extend({ msgtype: z.undefined().optional() }),
  z.strictObject({ msgtype: z.literal('image'), image: z.strictObject({ media_id: mediaId }) }),
  z.strictObject({ msgtype: z.literal('video'), video: z.strictObject({ media_id: mediaId }) }),
  z.strictObject({
    msgtype: z.literal('link'),
    link: z.strictObject({
      title: z
        .string()
        .min(1)
        .refine((t) => bytes(t) <= 64, 'at most 64 bytes of UTF-8')
        .superRefine(safeName),
      url: z.url({ protocol: /^https?$/ }),
      media_id: mediaId.optional(),
    }),
  }),
]);

/** `{materialId}` → `{msgtype: its kind, materialId}` (so the limits count it); a missing one or a kind Moments cannot carry is a 400. */
async function withMaterialKinds(deps: MomentDeps, corpId: string, attachments: z.output<typeof momentBody>['attachments']) {
  const out: MomentCampaign['attachments'] = [];
  for (const [i, a] of attachments.entries()) {
    if (!('materialId' in a)) {
      out.push(a);
      continue;
    }
    const m = await deps.materials.get(corpId, a.materialId);
    if (!m)
      throw new ValidationError(msg('material_not_found', { id: a.materialId }), { details: [{ field: `attachments.${i}`, message: 'no such material' }] });
    if (!MOMENT_KINDS.includes(m.kind))
      throw new ValidationError(msg('invalid_moment'), {
        details: [{ field: `attachments.${i}`, message: `a ${m.kind} material cannot go on Moments (image, video or link)` }],
      });
    // Moments take link titles of ≤64 bytes (docs/wecom-api.md §9); a link material may have up to 128.
    if (m.kind === 'link' && bytes(m.title) > 64)
      throw new ValidationError(msg('invalid_moment'), {
        details: [{ field: `attachments.${i}`, message: 'a Moments link title is at most 64 bytes of UTF-8' }],
      });
    out.push({ msgtype: m.kind as MomentKind, materialId: m.id });
  }
  return out;
}

// Counts (images, videos, links, characters, executors) are checked against the dated limits, not here.
export const momentBody = z.strictObject({
  text: z.string().min(1).superRefine(safeText).optional(),
  attachments: z.array(attachmentSchema).default([]),
  senders: z.array(idSchema).default([]),
  visibleTags: z.array(idSchema).max(10_000).default([]),
  sendAt: instantSchema.optional(),
});

export const momentsQuery = pageQuery(100);

const iso = (s: number | undefined) => (s === undefined ? undefined : new Date(s * 1000).toISOString());

/** A campaign as the API shows it (moments.view.ts): times as ISO strings. */
export function publicMoment(c: MomentCampaign): MomentView {
  const { corpId: _c, version: _v, sendAt, submittedAt, finishedAt, engagement, ...rest } = c;
  return {
    ...rest,
    sendAt: iso(sendAt),
    submittedAt: iso(submittedAt),
    finishedAt: iso(finishedAt),
    ...(engagement ? { engagement: { ...engagement, checkedAt: iso(engagement.checkedAt)! } } : {}),
  };
}

/** Time-ordered ids (creation ms in base 36, then randomness): sk order is creation order. */
const newMomentId = (nowMs: number) => `${nowMs.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;

export async function createMoment(deps: MomentDeps, corpId: string, input: z.output<typeof momentBody>) {
  const nowMs = deps.clock.now();
  const sendAt = input.sendAt ?? Math.floor(nowMs / 1000);
  const attachments = await withMaterialKinds(deps, corpId, input.attachments);
  const issues = momentIssues({ ...input, attachments }, limitsOn(shanghaiDay(Math.max(sendAt, Math.floor(nowMs / 1000)))).moments);
  if (issues.length > 0) throw new ValidationError(msg('invalid_moment'), { details: issues });
  const now = new Date(nowMs).toISOString();
  const record: MomentCampaign = {
    corpId,
    id: newMomentId(nowMs),
    ...(input.text !== undefined ? { text: input.text } : {}),
    attachments,
    senders: [...new Set(input.senders)],
    visibleTags: [...new Set(input.visibleTags)],
    sendAt,
    status: 'scheduled',
    refusals: 0,
    polls: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // DynamoDB keeps ≤ 400 KB per item: a campaign whose executors list does not fit is refused.
  assertFitsItem(record, ['senders', 'visibleTags', 'attachments', 'text']);
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));
  await deps.moments.create(record);
  await deps.due.schedule({ corpId, job: 'moments', id: record.id, dueAt: sendAt });
  return publicMoment(record);
}

export async function listMoments(deps: Pick<MomentDeps, 'moments'>, corpId: string, q: z.output<typeof momentsQuery>) {
  const page = await deps.moments.list(corpId, q.limit ?? 50, q.cursor ? decodeCursor('moments', q.cursor).a : undefined);
  return { items: page.items.map(publicMoment), cursor: page.last ? encodeCursor('moments', { a: page.last }) : null };
}

export async function getMoment(deps: Pick<MomentDeps, 'moments'>, corpId: string, id: string) {
  const c = await deps.moments.get(corpId, id);
  if (!c) throw new NotFoundError(msg('unknown_moment'));
  return publicMoment(c);
}
