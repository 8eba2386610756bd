// The material library (素材库, docs/manual.md#素材库): upload an image, file or video (base64 in a JSON body), or save a
// link or mini-program card; list (paged, by kind), read, delete. WeCom's size/type limits (docs/wecom-api.md §20.1)
// are checked before anything is stored: a refused type is a 400, a file over the limit a 413, both naming the limit.
// The original goes to S3 first, then the metadata to DynamoDB (a crash between leaves an orphan object, never a
// material without its original).
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { NotFoundError, PayloadTooLargeError, ValidationError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import { cursorParam } from '../../shared/db/cursor';
import { displayName, safeText } from '../../shared/input/text.schema';
import { checkFile, FILE_LIMITS, objectKeyOf, type BlobStore, type FileKind, type Material, type MaterialStore } from '../../shared/materials/material';
import { materialOut, type MaterialView } from './materials.view';

export interface MaterialDeps {
  materials: MaterialStore;
  blobs: BlobStore;
  clock: Clock;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const httpsUrl = z.url({ protocol: /^https?$/ }).max(2048);
const materialId = z.string().regex(/^mat[0-9a-f]{12}$/, 'a material id (mat…)');
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const fileBody = (kind: FileKind) =>
  z.strictObject({
    kind: z.literal(kind),
    title: displayName(100).optional(),
    filename: z
      .string()
      .min(1)
      .max(128)
      .refine((n) => ![...n].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20), 'a file name without path or control characters'),
    contentType: z.string().min(1).max(100),
    data: z.string().min(1).regex(BASE64, 'base64').describe('原文件的 base64 / the original, base64'),
  });

export const materialBody = z.discriminatedUnion('kind', [
  fileBody('image'),
  fileBody('video'),
  fileBody('file'),
  z.strictObject({
    kind: z.literal('link'),
    // WeCom: link title ≤128 bytes, desc ≤512 bytes (docs/wecom-api.md §3 attachments).
    title: z
      .string()
      .min(1)
      .refine((t) => bytes(t) <= 128, 'at most 128 bytes of UTF-8')
      .superRefine(safeText),
    url: httpsUrl,
    desc: z
      .string()
      .refine((t) => bytes(t) <= 512, 'at most 512 bytes of UTF-8')
      .superRefine(safeText)
      .optional(),
    coverId: materialId.optional(),
    picUrl: httpsUrl.optional(),
  }),
  z.strictObject({
    kind: z.literal('miniprogram'),
    // WeCom: title ≤64 bytes; pic_media_id, appid, page all required (docs/wecom-api.md §3 attachments).
    title: z
      .string()
      .min(1)
      .refine((t) => bytes(t) <= 64, 'at most 64 bytes of UTF-8')
      .superRefine(safeText),
    appid: z.string().regex(/^wx[0-9a-f]{16}$/, 'a mini-program appid (wx + 16 hex)'),
    page: z.string().min(1).max(512),
    coverId: materialId,
  }),
]);

export const materialsQuery = z.object({
  kind: z.enum(['image', 'file', 'video', 'link', 'miniprogram']).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: cursorParam,
});

async function coverImage(deps: MaterialDeps, corpId: string, id: string): Promise<Material> {
  const cover = await deps.materials.get(corpId, id);
  if (!cover || cover.kind !== 'image') throw new ValidationError(msg('material_cover_not_image', { id }));
  return cover;
}

export async function createMaterial(deps: MaterialDeps, corpId: string, input: z.output<typeof materialBody>): Promise<MaterialView> {
  const id = `mat${randomBytes(6).toString('hex')}`;
  const createdAt = new Date(deps.clock.now()).toISOString();
  let record: Material;
  if (input.kind === 'link' || input.kind === 'miniprogram') {
    if (input.coverId) await coverImage(deps, corpId, input.coverId);
    record = { ...input, corpId, id, createdAt };
  } else {
    const data = Buffer.from(input.data, 'base64');
    const verdict = checkFile(input.kind, input.contentType, data);
    const limit = FILE_LIMITS[input.kind];
    if (!verdict.ok && verdict.status === 413) {
      throw new PayloadTooLargeError(msg('material_too_large', { kind: input.kind, limit: verdict.limit }), {
        details: [{ field: 'data', limit: limit.maxBytes, bytes: data.length }],
      });
    }
    if (!verdict.ok) {
      throw new ValidationError(msg(verdict.reason === 'type' ? 'material_type_refused' : 'material_too_small', { kind: input.kind, limit: verdict.limit }), {
        details: [{ field: verdict.reason === 'type' ? 'contentType' : 'data', limit: verdict.limit }],
      });
    }
    const objectKey = objectKeyOf(corpId, id);
    await deps.blobs.put(objectKey, data, input.contentType);
    record = {
      corpId,
      id,
      kind: input.kind,
      title: input.title ?? input.filename,
      file: { filename: input.filename, contentType: input.contentType, bytes: data.length, objectKey },
      createdAt,
    };
  }
  await deps.materials.put(record);
  return materialOut(record);
}

export async function listMaterials(deps: MaterialDeps, corpId: string, q: z.output<typeof materialsQuery>) {
  const page = await deps.materials.list(corpId, { kind: q.kind, limit: q.limit ?? 50, cursor: q.cursor });
  return { items: page.items.map(materialOut), cursor: page.nextCursor };
}

export async function getMaterial(deps: MaterialDeps, corpId: string, id: string): Promise<MaterialView> {
  const m = await deps.materials.get(corpId, id);
  if (!m) throw new NotFoundError(msg('material_not_found', { id }));
  return materialOut(m);
}

/** Deletes the metadata, then the original. Messages already sent keep their WeCom copy. */
export async function deleteMaterial(deps: MaterialDeps, corpId: string, id: string): Promise<MaterialView> {
  const m = await deps.materials.get(corpId, id);
  if (!m || !(await deps.materials.delete(corpId, id))) throw new NotFoundError(msg('material_not_found', { id }));
  if (m.file) await deps.blobs.delete(m.file.objectKey);
  return materialOut(m);
}

/** Every `{materialId}` of these attachments names a material of the tenant (checked when a message is saved). */
export async function checkMaterialRefs(
  deps: Pick<MaterialDeps, 'materials'>,
  corpId: string,
  attachments: ReadonlyArray<Record<string, unknown>> | undefined,
) {
  for (const a of attachments ?? []) {
    if (typeof a.materialId !== 'string') continue;
    if (!(await deps.materials.get(corpId, a.materialId))) throw new ValidationError(msg('material_not_found', { id: a.materialId }));
  }
}
