// Group welcome templates (入群欢迎语素材, wecom-api.md §3.2): our text with `{{name}}`, kept in WeCom's
// template library as `%NICKNAME%`. Adapter: shared/db/group-code-repository.ts.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MAX_GROUP_WELCOME_TEXT_BYTES, toWecomWelcomeText, utf8Bytes } from '../domain/group-routing';
import { displayName, safeText } from '../input/text.schema';

const text = z
  .string()
  .min(1)
  .refine((t) => t.trim() !== '', 'must not be blank')
  .superRefine(safeText)
  .refine((t) => utf8Bytes(toWecomWelcomeText(t)) <= MAX_GROUP_WELCOME_TEXT_BYTES, `at most ${MAX_GROUP_WELCOME_TEXT_BYTES} bytes (UTF-8, after {{name}} becomes %NICKNAME%)`);

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

export interface GroupWelcomeTemplateRecord {
  corpId: string;
  id: string;
  name?: string | undefined;
  text: string;
  notify: boolean;
  /** WeCom's template_id. */
  templateId: string;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
}

export interface GroupWelcomeTemplateStore {
  get(corpId: string, id: string): Promise<GroupWelcomeTemplateRecord | undefined>;
  list(corpId: string): Promise<GroupWelcomeTemplateRecord[]>;
  put(record: GroupWelcomeTemplateRecord): Promise<void>;
}

export const newGroupWelcomeTemplateId = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);

export function publicGroupWelcomeTemplate(t: GroupWelcomeTemplateRecord) {
  const { corpId: _c, ...rest } = t;
  return rest;
}
