// Materials in the sidebar (素材库, docs/manual.md#侧边栏): GET /sidebar/v1/materials lists the tenant's library
// (read-only, newest first, ?kind= and a cursor), POST /sidebar/v1/materials/{id}/chat-message answers the
// arguments of the JS-SDK's sendChatMessage (DOC 98539, docs/wecom-frontier.md §1) for that material, resolved
// at the time of sending (shared/materials/resolve.ts): image/video/file carry a media/upload media_id (the
// cached one while valid, else a fresh upload); a link is msgtype news with its cover's permanent URL
// (media/uploadimg) as imgUrl; a mini-program's imgUrl is its cover's permanent URL. The page then calls
// sendChatMessage itself; a material deleted or without its original is 409 sidebar_material_unusable.
import * as z from 'zod';
import { ConflictError, NotFoundError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { BlobStore, MaterialKind, MaterialStore } from '../../shared/materials/material';
import { imageUrlOf, MaterialUnusableError, mediaIdOf, type MaterialResolverDeps } from '../../shared/materials/resolve';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { Clock } from '../../shared/clock';
import type { StaffMember } from './member';

export interface SidebarMaterialDeps extends TenantApiDeps {
  materials: MaterialStore;
  blobs: BlobStore;
  clock: Clock;
}

const KINDS = ['image', 'file', 'video', 'link', 'miniprogram'] as const;
export const sidebarMaterialsQuery = z.object({
  kind: z.enum(KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().min(1).max(512).optional(),
});
export const materialIdParams = z.object({ id: z.string().min(1).max(64) });

export const sidebarMaterialView = z.strictObject({
  id: z.string(),
  kind: z.enum(KINDS).describe('图片、文件、视频、链接、小程序 / image, file, video, link, mini-program'),
  title: z.string(),
  filename: z.string().optional(),
  url: z.string().optional(),
  desc: z.string().optional(),
  createdAt: z.iso.datetime(),
});
export const sidebarMaterialsView = z.strictObject({ items: z.array(sidebarMaterialView), cursor: z.string().nullable() });

const mediaOf = z.strictObject({ mediaid: z.string() });
/** What the page passes to wx.invoke('sendChatMessage', …) (DOC 98539). */
export const chatMessageView = z.discriminatedUnion('msgtype', [
  z.strictObject({ msgtype: z.literal('image'), enterChat: z.literal(false), image: mediaOf }),
  z.strictObject({ msgtype: z.literal('video'), enterChat: z.literal(false), video: mediaOf }),
  z.strictObject({ msgtype: z.literal('file'), enterChat: z.literal(false), file: mediaOf }),
  z.strictObject({
    msgtype: z.literal('news'),
    enterChat: z.literal(false),
    news: z.strictObject({ link: z.string(), title: z.string(), desc: z.string(), imgUrl: z.string() }),
  }),
  z.strictObject({
    msgtype: z.literal('miniprogram'),
    enterChat: z.literal(false),
    miniprogram: z.strictObject({ appid: z.string(), title: z.string(), imgUrl: z.string(), page: z.string() }),
  }),
]);

export async function sidebarMaterials(
  deps: Pick<SidebarMaterialDeps, 'materials'>,
  member: StaffMember,
  q: z.output<typeof sidebarMaterialsQuery>,
): Promise<z.output<typeof sidebarMaterialsView>> {
  const page = await deps.materials.list(member.corpId, { kind: q.kind, limit: q.limit ?? 50, cursor: q.cursor });
  return {
    items: page.items.map((m) => ({
      id: m.id,
      kind: m.kind as MaterialKind,
      title: m.title,
      ...(m.file ? { filename: m.file.filename } : {}),
      ...(m.url === undefined ? {} : { url: m.url }),
      ...(m.desc === undefined ? {} : { desc: m.desc }),
      createdAt: m.createdAt,
    })),
    cursor: page.nextCursor,
  };
}

const UNUSABLE: Record<MaterialUnusableError['reason'], string> = {
  missing: '素材或其封面已删除 / the material or its cover was deleted',
  no_original: '原文件缺失 / the original file is missing',
  cover_too_large: '封面超过 2 MB / the cover exceeds 2 MB',
  not_for_moments: '此类素材不能发到朋友圈 / this kind of material cannot be posted to Moments',
};

/** The sendChatMessage arguments of one material, with a valid media_id / permanent cover URL. */
export async function materialChatMessage(deps: SidebarMaterialDeps, member: StaffMember, id: string): Promise<z.output<typeof chatMessageView>> {
  const { corpId } = member;
  const m = await deps.materials.get(corpId, id);
  if (!m) throw new NotFoundError(msg('material_not_found', { id }));
  const resolver: MaterialResolverDeps = deps;
  const api = await requireTenantApi(deps, corpId);
  const cover = async (coverId: string | undefined) => {
    const c = coverId ? await deps.materials.get(corpId, coverId) : undefined;
    if (!c) throw new MaterialUnusableError(coverId ?? id, 'missing');
    return imageUrlOf(resolver, api, c);
  };
  try {
    switch (m.kind) {
      case 'image':
      case 'video':
      case 'file': {
        const mediaid = await mediaIdOf(resolver, api, m);
        return m.kind === 'image'
          ? { msgtype: 'image', enterChat: false, image: { mediaid } }
          : m.kind === 'video'
            ? { msgtype: 'video', enterChat: false, video: { mediaid } }
            : { msgtype: 'file', enterChat: false, file: { mediaid } };
      }
      case 'link': {
        const imgUrl = m.coverId ? await cover(m.coverId) : (m.picUrl ?? '');
        return { msgtype: 'news', enterChat: false, news: { link: m.url ?? '', title: m.title, desc: m.desc ?? '', imgUrl } };
      }
      case 'miniprogram':
        return {
          msgtype: 'miniprogram',
          enterChat: false,
          miniprogram: { appid: m.appid ?? '', title: m.title, imgUrl: await cover(m.coverId), page: m.page ?? '' },
        };
    }
  } catch (e) {
    if (e instanceof MaterialUnusableError) {
      throw new ConflictError(msg('sidebar_material_unusable', { reason: UNUSABLE[e.reason] }), { details: { materialId: e.materialId, reason: e.reason } });
    }
    throw e;
  }
}
