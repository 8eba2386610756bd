// Group welcome templates (入群欢迎语素材, docs/wecom.md#group-welcome-templates): our text with `{{name}}`, kept in WeCom's
// template library as `%NICKNAME%`. The admin API's input schemas; the record, its store port, ids and
// presenter: group-welcome-template.ts.
import * as z from 'zod';
import { MAX_GROUP_WELCOME_TEXT_BYTES, toWecomWelcomeText, utf8Bytes } from '../domain/group-routing';
import { displayName, safeText } from '../input/text.schema';

const text = z
  .string()
  .min(1)
  .refine((t) => t.trim() !== '', 'must not be blank')
  .superRefine(safeText)
  .refine(
    (t) => utf8Bytes(toWecomWelcomeText(t)) <= MAX_GROUP_WELCOME_TEXT_BYTES,
    `at most ${MAX_GROUP_WELCOME_TEXT_BYTES} bytes (UTF-8, after {{name}} becomes %NICKNAME%)`,
  );

export const groupWelcomeTemplateCreateSchema = z.strictObject({
  name: displayName(100).optional(),
  text,
  /** Notify the members to apply it in their client (WeCom's default: yes). */
  notify: z.boolean().default(true),
});
export const groupWelcomeTemplatePatchSchema = z.strictObject({
  name: displayName(100).optional(),
  text: text.optional(),
});
