// Channels (渠道活码): a WeCom 「联系我」 contact way plus Siyu's policy around it (docs/manual.md#admin-api, docs/manual.md#what-users-can-rely-on). The admin
// API's input schemas; the record, its store port, ids and presenter: channel.ts.
import * as z from 'zod';
import { displayName, safeName } from '../input/text.schema';
import { welcomeSchema } from '../tenants/tenant.schema';

const userId = z.string().min(1).max(64);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const windowSchema = z.strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: hhmm, to: hhmm });

const fields = {
  name: displayName(100),
  staff: z.array(userId).min(1).max(100),
  backupStaff: z.array(userId).max(100),
  skipVerify: z.boolean(),
  autoAccept: z.strictObject({ mode: z.enum(['always', 'schedule', 'never']), windows: z.array(windowSchema).max(20).default([]) }),
  dailyCapPerStaff: z.number().int().min(0).max(100_000),
  tags: z.array(z.string().min(1).max(64)).max(100),
  /** The remark set on each customer of the channel (WeCom: ≤ 20 characters). */
  remark: z.string().max(20).superRefine(safeName),
  welcome: welcomeSchema,
};

export const channelCreateSchema = z.strictObject({
  name: fields.name,
  staff: fields.staff,
  backupStaff: fields.backupStaff.default([]),
  skipVerify: fields.skipVerify.default(true),
  autoAccept: fields.autoAccept.optional(),
  dailyCapPerStaff: fields.dailyCapPerStaff.default(0),
  tags: fields.tags.default([]),
  remark: fields.remark.optional(),
  welcome: fields.welcome.optional(),
});
export const channelPatchSchema = z.strictObject({
  name: fields.name.optional(),
  staff: fields.staff.optional(),
  backupStaff: fields.backupStaff.optional(),
  skipVerify: fields.skipVerify.optional(),
  autoAccept: fields.autoAccept.optional(),
  dailyCapPerStaff: fields.dailyCapPerStaff.optional(),
  tags: fields.tags.optional(),
  remark: fields.remark.optional(),
  welcome: fields.welcome.optional(),
});
