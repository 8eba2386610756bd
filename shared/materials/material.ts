// The material library (素材库): what a material is, WeCom's size/type limits on its original, and when a cached
// media_id must be uploaded again. Pure: no I/O. Limits from docs/wecom-api.md §20.1 (media/upload: image ≤10 MB
// JPG/PNG, video ≤10 MB MP4, file ≤20 MB, every file >5 bytes) and §20.2 (media/uploadimg: ≤2 MB JPG/PNG, permanent URL).

export type MaterialKind = 'image' | 'file' | 'video' | 'link' | 'miniprogram';
/** Kinds whose original is a file kept in object storage. */
export type FileKind = 'image' | 'file' | 'video';

const MB = 1024 * 1024;

/** WeCom's limits per file kind (docs/wecom-api.md §20.1). `types`: accepted content types (undefined: any). */
export const FILE_LIMITS: Record<FileKind, { maxBytes: number; types: readonly string[] | undefined; label: string }> = {
  image: { maxBytes: 10 * MB, types: ['image/jpeg', 'image/png'], label: 'JPG/PNG' },
  video: { maxBytes: 10 * MB, types: ['video/mp4'], label: 'MP4' },
  file: { maxBytes: 20 * MB, types: undefined, label: '任意类型 / any type' },
};
/** WeCom refuses files of 5 bytes or less (§20.1). */
export const MIN_FILE_BYTES = 6;
/** media/uploadimg: permanent image URLs only for images ≤2 MB (§20.2). */
export const UPLOADIMG_MAX_BYTES = 2 * MB;
/** A media/upload media_id is valid 3 days (§20.1); re-upload one hour before that. */
export const MEDIA_ID_TTL_SEC = 3 * 86_400;
export const MEDIA_ID_MARGIN_SEC = 3_600;

/** The first bytes of a JPG, PNG and MP4 (an `ftyp` box at offset 4): the declared type must match the bytes. */
export function sniffType(data: Uint8Array): string | undefined {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'image/png';
  if (data.length >= 8 && Buffer.from(data.subarray(4, 8)).toString('latin1') === 'ftyp') return 'video/mp4';
  return undefined;
}

export type FileCheck = { ok: true; contentType: string } | { ok: false; status: 400 | 413; reason: 'type' | 'too_small' | 'too_large'; limit: string };

/** Whether WeCom would take this original for `kind` (checked before anything is stored). */
export function checkFile(kind: FileKind, contentType: string, data: Uint8Array): FileCheck {
  const limit = FILE_LIMITS[kind];
  if (data.length < MIN_FILE_BYTES) return { ok: false, status: 400, reason: 'too_small', limit: `> 5 B` };
  if (limit.types) {
    const sniffed = sniffType(data);
    if (!limit.types.includes(contentType) || sniffed !== contentType) return { ok: false, status: 400, reason: 'type', limit: limit.label };
  }
  if (data.length > limit.maxBytes) return { ok: false, status: 413, reason: 'too_large', limit: `${limit.maxBytes / MB} MB` };
  return { ok: true, contentType };
}

/** A media_id cached on a material: reusable while it has at least the margin left. */
export interface CachedMedia {
  mediaId: string;
  /** WeCom's created_at (seconds). */
  createdAt: number;
}
export const mediaStillValid = (m: CachedMedia | undefined, nowSec: number): m is CachedMedia =>
  m !== undefined && nowSec < m.createdAt + MEDIA_ID_TTL_SEC - MEDIA_ID_MARGIN_SEC;

export interface FileInfo {
  filename: string;
  contentType: string;
  bytes: number;
  /** The object key of the original (tenant-prefixed). */
  objectKey: string;
}

/** A material as stored (metadata; the original of a file kind is in object storage under `file.objectKey`). */
export interface Material {
  corpId: string;
  id: string;
  kind: MaterialKind;
  title: string;
  file?: FileInfo | undefined;
  /** link: its url and description; its cover is `coverId` (an image material) or `picUrl`. */
  url?: string | undefined;
  desc?: string | undefined;
  picUrl?: string | undefined;
  /** link / miniprogram: the image material used as cover. */
  coverId?: string | undefined;
  /** miniprogram */
  appid?: string | undefined;
  page?: string | undefined;
  /** The last media/upload media_id of this original, and the permanent media/uploadimg URL (images ≤2 MB). */
  media?: CachedMedia | undefined;
  imageUrl?: string | undefined;
  /** The last media/upload_attachment media_id for Moments (attachment_type 1; its own id, also valid 3 days, §20.3). */
  momentMedia?: CachedMedia | undefined;
  createdAt: string;
}

/** The object key of a material's original: per tenant, never derived from the caller's file name. */
export const objectKeyOf = (corpId: string, id: string) => `materials/${corpId}/${id}`;

export interface MaterialPage {
  items: Material[];
  nextCursor: string | null;
}

/** What saveMedia records: any of the cached WeCom copies of a material's original. */
export interface MediaPatch {
  media?: CachedMedia;
  imageUrl?: string;
  momentMedia?: CachedMedia;
}

/** The material store port (shared/db/material-repository.ts; an in-memory fake for unit tests). */
export interface MaterialStore {
  put(m: Material): Promise<void>;
  get(corpId: string, id: string): Promise<Material | undefined>;
  list(corpId: string, o: { kind?: MaterialKind | undefined; limit: number; cursor?: string | undefined }): Promise<MaterialPage>;
  delete(corpId: string, id: string): Promise<boolean>;
  /** Records a new media_id / permanent URL (last writer wins: any valid one will do). */
  saveMedia(corpId: string, id: string, patch: MediaPatch): Promise<void>;
}

/** The object storage port (S3; an in-memory fake for unit tests). */
export interface BlobStore {
  put(key: string, data: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
}
