// Quick replies (话术库, docs/manual.md#admin-api): scripts staff can send, in groups; keyword rules point at them.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import type { QuickReply, QuickReplyStore } from '../../shared/keywords/quick-reply';
import { attachmentInput } from '../../shared/materials/attachment.schema';
import type { MaterialStore } from '../../shared/materials/material';
import { displayName, safeText } from '../../shared/input/text.schema';
import { checkMaterialRefs } from './materials';

export interface QuickReplyDeps {
  quickReplies: QuickReplyStore;
  clock: Clock;
  materials: MaterialStore;
}

export const quickReplyBody = z.strictObject({
  group: displayName(50).default('默认'),
  title: displayName(100),
  content: z
    .string()
    .min(1)
    .refine((t) => Buffer.byteLength(t, 'utf8') <= 4000, 'at most 4000 bytes of UTF-8')
    .superRefine(safeText),
  /** WeCom objects or `{materialId}` (resolved to a fresh media_id when the sidebar sends the reply). */
  attachments: z.array(attachmentInput).max(9).optional().default([]),
});

export const quickRepliesQuery = z.object({ group: z.string().optional() });

/** A quick reply as the API shows it; its attachments as given: WeCom's message objects or `{materialId}`. */
export const quickReplyView = z.strictObject({
  id: z.string(),
  group: z.string(),
  title: z.string(),
  content: z.string(),
  attachments: z
    .array(z.record(z.string(), z.unknown()))
    .describe('企业微信消息附件或素材引用 {materialId} / WeCom attachments or material references {materialId}'),
  createdAt: z.iso.datetime(),
});
/** Every quick reply, by group. */
export const quickReplyGroupsView = z.strictObject({ groups: z.array(z.strictObject({ group: z.string(), items: z.array(quickReplyView) })) });

const quickReplyOut = (r: QuickReply): z.output<typeof quickReplyView> => ({
  id: r.id,
  group: r.group,
  title: r.title,
  content: r.content,
  attachments: r.attachments,
  createdAt: r.createdAt,
});

export async function createQuickReply(deps: QuickReplyDeps, corpId: string, input: z.output<typeof quickReplyBody>) {
  await checkMaterialRefs(deps, corpId, input.attachments);
  const record: QuickReply = {
    ...input,
    attachments: input.attachments ?? [],
    corpId,
    id: `qr${randomBytes(6).toString('hex')}`,
    createdAt: new Date(deps.clock.now()).toISOString(),
  };
  await deps.quickReplies.put(record);
  return quickReplyOut(record);
}

/** Every quick reply, grouped (groups and titles in order). */
export async function listQuickReplies(
  deps: QuickReplyDeps,
  corpId: string,
  query: z.output<typeof quickRepliesQuery>,
): Promise<z.output<typeof quickReplyGroupsView>> {
  const all = (await deps.quickReplies.list(corpId)).filter((r) => !query.group || r.group === query.group);
  const groups = [...new Set(all.map((r) => r.group))].sort();
  return {
    groups: groups.map((g) => ({
      group: g,
      items: all
        .filter((r) => r.group === g)
        .sort((a, b) => a.title.localeCompare(b.title))
        .map(quickReplyOut),
    })),
  };
}
