// Group codes (群活码): a WeCom 「加入群聊」 join way plus Siyu's routing across an ordered list of groups
// (spec §3, §5). Adapter: shared/db/group-code-repository.ts; decisions: shared/domain/group-routing.ts.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { GroupCodeGroupStatus } from '../domain/group-routing';
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
  roomBaseName: z.string().refine((s) => [...s].length <= 40, 'at most 40 characters').superRefine(safeName),
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

/** What the WeCom join way says now. */
export interface AppliedJoinWay {
  chatIdList: string[];
  autoCreateRoom: 0 | 1;
  at: string;
}

export interface GroupCodeRecord {
  corpId: string;
  id: string;
  state: string;
  name: string;
  chatIds: string[];
  memberCap: number;
  autoCreate: boolean;
  roomBaseName: string;
  welcomeTemplateId?: string | undefined;
  configId: string;
  qrCode: string;
  activeChatId: string | null;
  /** `exhausted`: every group is full or dismissed and WeCom may not create rooms. */
  status: 'active' | 'exhausted' | 'deleted';
  applied: AppliedJoinWay;
  createdAt: string;
  updatedAt: string;
}

export interface GroupCodeStore {
  get(corpId: string, id: string): Promise<GroupCodeRecord | undefined>;
  list(corpId: string): Promise<GroupCodeRecord[]>;
  put(record: GroupCodeRecord): Promise<void>;
}

/** Short ids keep the join way's `state` (`g_<id>`, 12 characters) well under WeCom's 30. */
export const newGroupCodeId = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
export const groupCodeStateOf = (id: string) => `g_${id}`;

export interface GroupCodeGroupView {
  chatId: string;
  name: string;
  memberCount: number;
  status: GroupCodeGroupStatus;
}

export function publicGroupCode(c: GroupCodeRecord, groups: GroupCodeGroupView[]) {
  const { corpId: _c, applied, ...rest } = c;
  return { ...rest, joinWay: { chatIds: applied.chatIdList, autoCreateRoom: applied.autoCreateRoom === 1, appliedAt: applied.at }, groups };
}
