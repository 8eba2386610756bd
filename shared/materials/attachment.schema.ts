// An attachment as the admin API takes it wherever messages carry attachments (welcome messages, quick replies, keyword
// replies, broadcasts, SOP steps): a WeCom attachment object passed through as given, or `{materialId}` — a material
// of the library (素材库), turned into WeCom's object (with a fresh media_id) when the message is sent (resolve.ts).
import * as z from 'zod';
import { fitsItem, MAX_ATTACHMENT_BYTES } from '../input/item-size';

const MSGTYPES = ['image', 'link', 'miniprogram', 'video', 'file'] as const;

export const materialRef = z.strictObject({
  materialId: z
    .string()
    .regex(/^mat[0-9a-f]{12}$/, 'a material id (mat…)')
    .describe('素材库中的素材 id，发送时换成企业微信的附件 / a material of the library, resolved at send time'),
});

const wecomAttachment = z.looseObject({ msgtype: z.enum(MSGTYPES) }).superRefine(fitsItem(MAX_ATTACHMENT_BYTES));
export const attachmentInput = z.union([materialRef, wecomAttachment]);
/** Where attachments are not yet resolved at send time (quick replies, keyword replies): WeCom objects only, ≤9. */
export const plainAttachments = z.array(wecomAttachment).max(9);

/** As answered: the material reference or the WeCom object, as stored. */
export const attachmentView = z.union([
  materialRef,
  z.looseObject({ msgtype: z.enum(MSGTYPES) }).describe('企业微信消息附件，原样转发 / a WeCom attachment, passed through'),
]);
