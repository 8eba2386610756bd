// Material → what WeCom needs, at send time: a media_id from media/upload (cached on the material with its created_at,
// uploaded again when older than 3 days minus an hour, docs/wecom-api.md §20.1) or a permanent URL from media/uploadimg
// where WeCom takes a URL (a link's cover picurl, §20.2). Attachments `{materialId}` of a message become WeCom's
// attachment objects (welcome messages and mass messages, docs/wecom-api.md §3 attachments). Moments take their own
// media ids, from media/upload_attachment with attachment_type 1 (§20.3, also valid 3 days), cached apart.
import type { Clock } from '../clock';
import type { WecomTenantClient } from '../wecom/client';
import { mediaStillValid, UPLOADIMG_MAX_BYTES, type BlobStore, type FileKind, type Material, type MaterialKind, type MaterialStore } from './material';

export interface MaterialResolverDeps {
  materials: MaterialStore;
  blobs: BlobStore;
  clock: Clock;
}

/** A material named by an attachment is gone (deleted) or cannot be used as one: the send stops with this. */
export class MaterialUnusableError extends Error {
  constructor(
    readonly materialId: string,
    readonly reason: 'missing' | 'no_original' | 'cover_too_large' | 'not_for_moments',
  ) {
    super(`material ${materialId}: ${reason}`);
    this.name = 'MaterialUnusableError';
  }
}

export const isMaterialRef = (a: Record<string, unknown>): a is { materialId: string } => typeof a.materialId === 'string' && a.msgtype === undefined;

async function load(deps: MaterialResolverDeps, corpId: string, id: string): Promise<Material> {
  const m = await deps.materials.get(corpId, id);
  if (!m) throw new MaterialUnusableError(id, 'missing');
  return m;
}

async function original(deps: MaterialResolverDeps, m: Material): Promise<Uint8Array> {
  const data = m.file ? await deps.blobs.get(m.file.objectKey) : undefined;
  if (!m.file || !data) throw new MaterialUnusableError(m.id, 'no_original');
  return data;
}

/** A valid media/upload media_id of a file material: the cached one while fresh, else a new upload (then cached). */
export async function mediaIdOf(deps: MaterialResolverDeps, api: WecomTenantClient, m: Material): Promise<string> {
  const nowSec = Math.floor(deps.clock.now() / 1000);
  if (mediaStillValid(m.media, nowSec)) return m.media.mediaId;
  const data = await original(deps, m);
  const file = m.file!;
  const out = await api.call('media/upload', {
    type: m.kind as FileKind,
    media: { filename: file.filename, contentType: file.contentType, data: new Uint8Array(data) },
  });
  const media = { mediaId: out.media_id, createdAt: Number.isFinite(out.created_at) ? out.created_at : nowSec };
  await deps.materials.saveMedia(m.corpId, m.id, { media });
  return media.mediaId;
}

/** The permanent URL of an image material (media/uploadimg, ≤2 MB; uploaded once, then kept). */
export async function imageUrlOf(deps: MaterialResolverDeps, api: WecomTenantClient, m: Material): Promise<string> {
  if (m.imageUrl) return m.imageUrl;
  const data = await original(deps, m);
  if (data.length > UPLOADIMG_MAX_BYTES) throw new MaterialUnusableError(m.id, 'cover_too_large');
  const out = await api.call('media/uploadimg', { media: { filename: m.file!.filename, contentType: m.file!.contentType, data: new Uint8Array(data) } });
  await deps.materials.saveMedia(m.corpId, m.id, { imageUrl: out.url });
  return out.url;
}

/** One material as a WeCom attachment of a welcome or mass message. */
export async function attachmentOf(deps: MaterialResolverDeps, api: WecomTenantClient, corpId: string, id: string): Promise<Record<string, unknown>> {
  const m = await load(deps, corpId, id);
  switch (m.kind) {
    case 'image':
    case 'video':
    case 'file':
      return { msgtype: m.kind, [m.kind]: { media_id: await mediaIdOf(deps, api, m) } };
    case 'link': {
      const picurl = m.coverId ? await imageUrlOf(deps, api, await load(deps, corpId, m.coverId)) : m.picUrl;
      return { msgtype: 'link', link: { title: m.title, url: m.url, ...(m.desc ? { desc: m.desc } : {}), ...(picurl ? { picurl } : {}) } };
    }
    case 'miniprogram': {
      const cover = await load(deps, corpId, m.coverId ?? '');
      return { msgtype: 'miniprogram', miniprogram: { title: m.title, pic_media_id: await mediaIdOf(deps, api, cover), appid: m.appid, page: m.page } };
    }
  }
}

/** Attachments with every `{materialId}` replaced by its WeCom object (others passed through as given). */
export async function resolveAttachments(
  deps: MaterialResolverDeps,
  api: () => Promise<WecomTenantClient>,
  corpId: string,
  attachments: ReadonlyArray<Record<string, unknown>> | undefined,
): Promise<Array<Record<string, unknown>> | undefined> {
  if (!attachments?.some(isMaterialRef)) return attachments === undefined ? undefined : [...attachments];
  const client = await api();
  const out: Array<Record<string, unknown>> = [];
  for (const a of attachments) out.push(isMaterialRef(a) ? await attachmentOf(deps, client, corpId, a.materialId) : a);
  return out;
}

/** Material kinds a Moment can carry (docs/wecom-api.md §9: 9 images, or 1 video, or 1 link). */
export type MomentKind = 'image' | 'video' | 'link';
export const MOMENT_KINDS: readonly MaterialKind[] = ['image', 'video', 'link'];

/** A valid media/upload_attachment media_id (attachment_type 1, Moments) of an image or video material, cached like media/upload. */
export async function momentMediaIdOf(deps: MaterialResolverDeps, api: WecomTenantClient, m: Material): Promise<string> {
  const nowSec = Math.floor(deps.clock.now() / 1000);
  if (mediaStillValid(m.momentMedia, nowSec)) return m.momentMedia.mediaId;
  const data = await original(deps, m);
  const file = m.file!;
  const out = await api.call('media/upload_attachment', {
    media_type: m.kind === 'video' ? 'video' : 'image',
    attachment_type: 1,
    media: { filename: file.filename, contentType: file.contentType, data: new Uint8Array(data) },
  });
  const momentMedia = { mediaId: out.media_id, createdAt: Number.isFinite(out.created_at) ? out.created_at : nowSec };
  await deps.materials.saveMedia(m.corpId, m.id, { momentMedia });
  return momentMedia.mediaId;
}

/** One material as a Moments attachment: image/video `{media_id}`, link `{title, url, media_id?}` (its cover image). */
export async function momentAttachmentOf(deps: MaterialResolverDeps, api: WecomTenantClient, corpId: string, id: string): Promise<Record<string, unknown>> {
  const m = await load(deps, corpId, id);
  if (m.kind === 'image' || m.kind === 'video') return { msgtype: m.kind, [m.kind]: { media_id: await momentMediaIdOf(deps, api, m) } };
  if (m.kind === 'link') {
    const cover = m.coverId ? await momentMediaIdOf(deps, api, await load(deps, corpId, m.coverId)) : undefined;
    return { msgtype: 'link', link: { title: m.title, url: m.url, ...(cover ? { media_id: cover } : {}) } };
  }
  throw new MaterialUnusableError(id, 'not_for_moments');
}
