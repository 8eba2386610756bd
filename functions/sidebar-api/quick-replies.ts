// Quick replies in the sidebar (话术库, docs/manual.md#侧边栏): GET /sidebar/v1/quick-replies?q=&group= searches
// title and text with the keyword rules' normalisation (NFKC, lower case; shared/domain/keyword-rules.ts),
// the member's most used first, then by title; POST …/{id}/sent counts one send by this member (the page
// calls it after WeCom's sendChatMessage succeeded); POST …/{id}/message answers the reply ready to send, every
// `{materialId}` attachment turned into WeCom's object with a valid media_id (shared/materials/resolve.ts, the
// cached one while fresh), for the page to hand to sendChatMessage.
import * as z from 'zod';
import { normalizeText } from '../../shared/domain/keyword-rules';
import { NotFoundError, UnprocessableError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { QuickReplyStore, QuickReplyUses } from '../../shared/keywords/quick-reply';
import { MaterialUnusableError, resolveAttachments, type MaterialResolverDeps } from '../../shared/materials/resolve';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { StaffMember } from './member';

export interface SidebarQuickReplyDeps extends MaterialResolverDeps, TenantApiDeps {
  quickReplies: QuickReplyStore & QuickReplyUses;
}

const MAX_ITEMS = 200;
export const quickReplySearchQuery = z.object({ q: z.string().max(100).optional(), group: z.string().max(50).optional() });
export const quickReplyIdParams = z.object({ id: z.string().min(1).max(64) });

export const sidebarQuickReplyView = z.strictObject({
  id: z.string(),
  group: z.string(),
  title: z.string(),
  text: z.string(),
  attachments: z.array(z.record(z.string(), z.unknown())).describe('企业微信消息附件，原样转发 / WeCom attachments, passed through'),
  uses: z.number().int().min(0).describe('当前员工发送次数 / how often this member sent it'),
});
export const sidebarQuickRepliesView = z.strictObject({ items: z.array(sidebarQuickReplyView) });
export const quickReplyMessageView = z.strictObject({
  id: z.string(),
  text: z.string(),
  attachments: z
    .array(z.record(z.string(), z.unknown()))
    .describe('企业微信消息附件，素材已换成有效的 media_id / WeCom attachments, materials resolved to valid media ids'),
});
export const quickReplySentView = z.strictObject({ id: z.string(), uses: z.number().int().min(1) });

export async function searchQuickReplies(
  deps: SidebarQuickReplyDeps,
  member: StaffMember,
  q: z.output<typeof quickReplySearchQuery>,
): Promise<z.output<typeof sidebarQuickRepliesView>> {
  const [all, uses] = await Promise.all([deps.quickReplies.list(member.corpId), deps.quickReplies.usesOf(member.corpId, member.userId)]);
  const needle = normalizeText((q.q ?? '').trim());
  const items = all
    .filter((r) => !q.group || r.group === q.group)
    .filter((r) => needle === '' || normalizeText(r.title).includes(needle) || normalizeText(r.content).includes(needle))
    .map((r) => ({ id: r.id, group: r.group, title: r.title, text: r.content, attachments: r.attachments, uses: uses.get(r.id) ?? 0 }))
    .sort((a, b) => b.uses - a.uses || a.title.localeCompare(b.title, 'zh-Hans-CN') || (a.id < b.id ? -1 : 1));
  return { items: items.slice(0, MAX_ITEMS) };
}

export async function quickReplySent(deps: SidebarQuickReplyDeps, member: StaffMember, id: string): Promise<z.output<typeof quickReplySentView>> {
  const exists = (await deps.quickReplies.list(member.corpId)).some((r) => r.id === id);
  if (!exists) throw new NotFoundError(msg('sidebar_unknown_quick_reply'));
  return { id, uses: await deps.quickReplies.countUse(member.corpId, member.userId, id) };
}

/** The reply ready for sendChatMessage: its materials resolved now (a deleted material is a 422 naming it). */
export async function quickReplyMessage(deps: SidebarQuickReplyDeps, member: StaffMember, id: string): Promise<z.output<typeof quickReplyMessageView>> {
  const reply = (await deps.quickReplies.list(member.corpId)).find((r) => r.id === id);
  if (!reply) throw new NotFoundError(msg('sidebar_unknown_quick_reply'));
  try {
    const attachments = await resolveAttachments(deps, () => requireTenantApi(deps, member.corpId), member.corpId, reply.attachments);
    return { id, text: reply.content, attachments: attachments ?? [] };
  } catch (e) {
    if (e instanceof MaterialUnusableError) throw new UnprocessableError(msg('material_unusable', { id: e.materialId }));
    throw e;
  }
}
