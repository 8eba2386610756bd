// A material of the library (素材库) as the admin API answers it, field by field: one material and a page of them.
// The original's bytes are never in an answer (they stay in S3).
import * as z from 'zod';
import type { Material } from '../../shared/materials/material';

export const materialView = z.strictObject({
  id: z.string(),
  kind: z.enum(['image', 'file', 'video', 'link', 'miniprogram']).describe('图片、文件、视频、链接、小程序 / image, file, video, link, mini-program'),
  title: z.string(),
  file: z
    .strictObject({ filename: z.string(), contentType: z.string(), bytes: z.number().int().min(0) })
    .optional()
    .describe('原文件（存于 S3）/ the original (kept in S3)'),
  url: z.string().optional(),
  desc: z.string().optional(),
  picUrl: z.string().optional(),
  coverId: z.string().optional().describe('封面图片素材 id / the image material used as cover'),
  appid: z.string().optional(),
  page: z.string().optional(),
  mediaExpiresAt: z.iso.datetime().optional().describe('已上传到企业微信的临时素材 media_id 的过期时间（3 天）/ when the cached media_id expires'),
  createdAt: z.iso.datetime(),
});
export type MaterialView = z.output<typeof materialView>;
export const materialsPage = z.strictObject({ items: z.array(materialView), cursor: z.string().nullable() });

export const materialOut = (m: Material): MaterialView => ({
  id: m.id,
  kind: m.kind,
  title: m.title,
  ...(m.file ? { file: { filename: m.file.filename, contentType: m.file.contentType, bytes: m.file.bytes } } : {}),
  ...(m.url === undefined ? {} : { url: m.url }),
  ...(m.desc === undefined ? {} : { desc: m.desc }),
  ...(m.picUrl === undefined ? {} : { picUrl: m.picUrl }),
  ...(m.coverId === undefined ? {} : { coverId: m.coverId }),
  ...(m.appid === undefined ? {} : { appid: m.appid }),
  ...(m.page === undefined ? {} : { page: m.page }),
  ...(m.media ? { mediaExpiresAt: new Date((m.media.createdAt + 3 * 86_400) * 1000).toISOString() } : {}),
  createdAt: m.createdAt,
});
