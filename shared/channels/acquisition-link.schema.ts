// 获客链接 channels (docs/manual.md#获客链接): the admin API's input schemas. The limits are WeCom's
// (shared/domain/acquisition-link.ts); tags, remark and welcome mean what they mean on a QR-code channel.
import * as z from 'zod';
import { displayName } from '../input/text.schema';
import { MAX_LINK_NAME_CHARS, MAX_LINK_STAFF } from '../domain/acquisition-link';
import { dayParam } from '../input/params';
import { channelCreateSchema, channelPatchSchema } from './channel.schema';

const staff = z
  .array(z.string().min(1).max(64))
  .min(1)
  .max(MAX_LINK_STAFF, `获客链接最多关联 ${MAX_LINK_STAFF} 名成员 / at most ${MAX_LINK_STAFF} members per link (WeCom)`)
  .refine((xs) => new Set(xs).size === xs.length, '成员重复 / a member is listed twice');
const name = displayName(MAX_LINK_NAME_CHARS);

export const acquisitionLinkCreateSchema = z.strictObject({
  name,
  staff,
  skipVerify: z.boolean().default(true),
  ...channelCreateSchema.pick({ tags: true, remark: true, welcome: true }).shape,
});

export const acquisitionLinkPatchSchema = z.strictObject({
  name: name.optional(),
  staff: staff.optional(),
  skipVerify: z.boolean().optional(),
  ...channelPatchSchema.pick({ tags: true, remark: true, welcome: true }).shape,
});

/** `?from=&to=` of a link's statistics: Asia/Shanghai days. */
export const acquisitionStatsQuery = z.object({ from: dayParam.optional(), to: dayParam.optional() });
