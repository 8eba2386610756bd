// Group codes (群活码): a WeCom 「加入群聊」 join way plus Siyu's routing across an ordered list of groups
// (docs/manual.md#admin-api, docs/manual.md#what-users-can-rely-on). The admin API's input schemas; the record, its store port, ids and presenter: group-code.ts;
// decisions: shared/domain/group-routing.ts.
import * as z from 'zod';
import { displayName, safeName } from '../input/text.schema';

const chatId = z.string().min(1).max(64);
const chatIds = z
  .array(chatId)
  .min(1)
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, 'chat ids must be unique');

const fields = {
  name: displayName(100),
  chatIds,
  /** Members per group before the code moves on (WeCom: 500 for groups created by members). */
  memberCap: z.number().int().min(1).max(500),
  autoCreate: z.boolean(),
  /** Prefix of the rooms WeCom creates when every group is full (≤ 40 characters). */
  roomBaseName: z
    .string()
    .refine((s) => [...s].length <= 40, 'at most 40 characters')
    .superRefine(safeName),
  welcomeTemplateId: z.string().min(1).max(64),
};

export const groupCodeCreateSchema = z.strictObject({
  name: fields.name,
  chatIds: fields.chatIds,
  memberCap: fields.memberCap.default(200),
  autoCreate: fields.autoCreate.default(false),
  roomBaseName: fields.roomBaseName.default(''),
  welcomeTemplateId: fields.welcomeTemplateId.optional(),
});
export const groupCodePatchSchema = z.strictObject({
  name: fields.name.optional(),
  chatIds: fields.chatIds.optional(),
  memberCap: fields.memberCap.optional(),
  autoCreate: fields.autoCreate.optional(),
  roomBaseName: fields.roomBaseName.optional(),
  welcomeTemplateId: fields.welcomeTemplateId.nullable().optional(),
});
