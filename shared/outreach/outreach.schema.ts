// Input shapes shared by broadcasts and SOP plans (admin API trust boundary).
import * as z from 'zod';
import { attachmentInput } from '../materials/attachment.schema';
import { safeName, safeText } from '../input/text.schema';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_@.-]+$/, 'letters, digits and _ @ . - only');

/** What a mass message or reminder sends: text (≤4000 bytes, may use {{name}}) and/or ≤9 attachments. */
export const contentSchema = z
  .strictObject({
    text: z
      .string()
      .min(1)
      .refine((t) => bytes(t) <= 4000, 'at most 4000 bytes of UTF-8')
      .superRefine(safeText)
      .optional(),
    attachments: z.array(attachmentInput).max(9).optional(),
    /** What `{{name}}` becomes in a mass message (one text for every recipient); default 朋友. */
    nameFallback: z.string().max(32).superRefine(safeName).optional(),
  })
  .refine((c) => c.text !== undefined || (c.attachments?.length ?? 0) > 0, 'text or attachments is required');
export type ContentInput = z.infer<typeof contentSchema>;

/**
 * Stage and custom field conditions of an audience (broadcasts, SOP plans): `stages` ANY of, `fields` EVERY
 * condition (text/number/date/single: equal; multi: contains). Checked against the tenant's pipeline and
 * definitions when the broadcast or plan is saved (functions/admin-api/customer-fields.ts checkAttributeFilter).
 */
export const attributeConditions = {
  stages: z.array(z.string().min(1).max(16)).min(1).max(20).optional().describe('客户阶段（任一）/ stages, any of'),
  fields: z
    .array(z.strictObject({ field: z.string().min(1).max(64), value: z.string().min(1).max(200) }))
    .min(1)
    .max(20)
    .optional()
    .describe('自定义字段条件（全部满足；多选为包含）/ custom field conditions, all of (multi: contains)'),
};

/** One id or a list of ids. */
export const idList = z.union([idSchema.transform((s) => [s]), z.array(idSchema).min(1).max(1000)]);
