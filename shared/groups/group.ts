// The group registry: what Siyu knows of each customer group chat (projection of change_external_chat
// plus groupchat/get), and how the API shows it. Adapter: shared/db/group-repository.ts.
import * as z from 'zod';

export interface GroupRecord {
  corpId: string;
  chatId: string;
  name: string;
  owner: string;
  /** Every member (staff and customers), as groupchat/get lists them. */
  memberCount: number;
  memberVersion?: string | undefined;
  /** `dismissed` is terminal. */
  status: 'active' | 'dismissed';
  /** Unix seconds of the change (the event's CreateTime, or the moment of an operator's refresh). */
  changedAt: number;
  updatedAt: string;
}

export interface GroupStore {
  get(corpId: string, chatId: string): Promise<GroupRecord | undefined>;
  getMany(corpId: string, chatIds: readonly string[]): Promise<Record<string, GroupRecord | undefined>>;
  list(corpId: string): Promise<GroupRecord[]>;
  /**
   * Stores a snapshot unless the group is dismissed or a newer change is stored (conditional on
   * changedAt). Returns false when it was older (stale).
   */
  applySnapshot(record: GroupRecord): Promise<boolean>;
  /** Marks the group dismissed (terminal; also before its first snapshot). False when it already was. */
  markDismissed(corpId: string, chatId: string, changedAt: number, updatedAt: string): Promise<boolean>;
}

/** A group as the API shows it. */
export const groupView = z.strictObject({
  chatId: z.string(),
  name: z.string(),
  owner: z.string().describe("群主 userid / the owner's userid"),
  memberCount: z.number().int().min(0).describe('成员数（员工与客户）/ members, staff and customers'),
  memberVersion: z.string().optional().describe('企业微信 member_version / WeCom member_version'),
  status: z.enum(['active', 'dismissed']),
  changedAt: z.number().int().describe('最近变更时间，Unix 秒 / last change, Unix seconds'),
  updatedAt: z.iso.datetime(),
});
export const groupListView = z.strictObject({ items: z.array(groupView) });

export function publicGroup(g: GroupRecord): z.output<typeof groupView> {
  return {
    chatId: g.chatId,
    name: g.name,
    owner: g.owner,
    memberCount: g.memberCount,
    ...(g.memberVersion === undefined ? {} : { memberVersion: g.memberVersion }),
    status: g.status,
    changedAt: g.changedAt,
    updatedAt: g.updatedAt,
  };
}
