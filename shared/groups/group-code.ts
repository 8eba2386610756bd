// A group code as Siyu stores it, its store port, its ids and `state`, and how the API shows it. Input
// schemas: group-code.schema.ts; adapter: shared/db/group-code-repository.ts.
import { randomBytes } from 'node:crypto';
import type { GroupCodeGroupStatus } from '../domain/group-routing';
import type { GroupCodeView } from './group-code.view';

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

/** The code as the API shows it (group-code.view.ts). */
export function publicGroupCode(c: GroupCodeRecord, groups: GroupCodeGroupView[]): GroupCodeView {
  return {
    id: c.id,
    state: c.state,
    name: c.name,
    chatIds: c.chatIds,
    memberCap: c.memberCap,
    autoCreate: c.autoCreate,
    roomBaseName: c.roomBaseName,
    ...(c.welcomeTemplateId === undefined ? {} : { welcomeTemplateId: c.welcomeTemplateId }),
    configId: c.configId,
    qrCode: c.qrCode,
    activeChatId: c.activeChatId,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    joinWay: { chatIds: c.applied.chatIdList, autoCreateRoom: c.applied.autoCreateRoom === 1, appliedAt: c.applied.at },
    groups: groups.map((g) => ({ chatId: g.chatId, name: g.name, memberCount: g.memberCount, status: g.status })),
  };
}
