// The group registry: what Siyu knows of each customer group chat (projection of change_external_chat
// plus groupchat/get). Adapter: shared/db/group-repository.ts.

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

export function publicGroup(g: GroupRecord) {
  const { corpId: _c, ...rest } = g;
  return rest;
}
