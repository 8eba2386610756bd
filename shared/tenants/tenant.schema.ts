// Tenant settings as the admin API takes them (docs/manual.md#admin-api). Secrets are write-only. The record, its store
// port and presenter: tenant.ts.
import * as z from 'zod';
import { attachmentInput, attachmentView } from '../materials/attachment.schema';
import { displayName, safeText } from '../input/text.schema';
import { CryptoError, decodeAesKey } from '../wecom/crypto';

export const corpIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'corp id: 1-64 of [A-Za-z0-9_-]');

const encodingAesKey = z.string().superRefine((v, ctx) => {
  try {
    decodeAesKey(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: e instanceof CryptoError ? e.message : 'invalid EncodingAESKey' });
  }
});

export const welcomeSchema = z.strictObject({
  text: z
    .string()
    .min(1)
    .refine((t) => Buffer.byteLength(t, 'utf8') <= 4000, 'at most 4000 bytes of UTF-8')
    .superRefine(safeText),
  attachments: z.array(attachmentInput).max(9).optional(),
});
export type Welcome = z.infer<typeof welcomeSchema>;
/** A welcome (or reply) as the API shows it; its attachments are WeCom's objects, passed through as given. */
export const welcomeView = z.strictObject({
  text: z.string(),
  attachments: z.array(attachmentView).optional(),
});

const memberUserId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'userid: 1-64 of [A-Za-z0-9_.@-]');

export const tenantInputSchema = z.strictObject({
  name: displayName(100).optional(),
  token: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'token: 1-32 letters or digits')
    .optional(),
  encodingAesKey: encodingAesKey.optional(),
  secret: z.string().min(1).max(256).optional(),
  agentId: z
    .union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()])
    .transform(String)
    .optional(),
  notify: z.array(z.string().min(1).max(64)).max(100).optional(),
  /** The tenant's default welcome, used when a channel has none; `{{name}}` is the customer's name. */
  welcome: welcomeSchema.optional(),
  /** Red packets of at least this amount (fen) alert the notify list; unset: no red-packet alerts. */
  redPacketAlertFen: z.number().int().min(1).max(100_000_000).optional(),
  /** Members (userids) who log in as 管理员 (shared/auth/member-role.ts). */
  admins: z.array(memberUserId).max(100).optional(),
  /** Members who log in as 主管, each with the department id they lead (their customers' scope). */
  managers: z
    .record(memberUserId, z.number().int().min(1))
    .refine((m) => Object.keys(m).length <= 500, 'at most 500 managers')
    .optional(),
  /**
   * The tenant's own per-customer mass-message caps (群发助手 rules, wecom-api.md §8.1: WeCom lets the admin
   * tighten the monthly cap to 7 per week or 1 per day): at most this many broadcasts reach one customer per
   * day / per week. null clears them.
   */
  massMessageCaps: z
    .strictObject({ perDay: z.int().min(1).max(31).optional(), perWeek: z.int().min(1).max(217).optional() })
    .refine((c) => c.perDay === undefined || c.perWeek === undefined || c.perDay <= c.perWeek, { message: 'perDay must not exceed perWeek', path: ['perDay'] })
    .nullable()
    .optional(),
});
export type TenantInput = z.infer<typeof tenantInputSchema>;
