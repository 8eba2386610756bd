// Fakes of the group ports (~ shared/db/group-repository.ts and group-code-repository.ts):
// - the group registry: applySnapshot writes only over nothing, or over a group that is not dismissed
//   and whose changedAt is not newer (false otherwise); markDismissed is terminal and also creates a
//   group never seen (name/owner empty, no members), false when it already was dismissed;
// - group codes and group welcome templates: get/list (id order)/put that replaces.
import type { GroupCodeRecord, GroupCodeStore } from '../../../shared/groups/group-code';
import type { GroupWelcomeTemplateRecord, GroupWelcomeTemplateStore } from '../../../shared/groups/group-welcome-template';
import type { GroupRecord, GroupStore } from '../../../shared/groups/group';
import { copy, RecordTable } from './common';

export class InMemoryGroupStore implements GroupStore {
  private readonly items = new Map<string, GroupRecord>();

  async get(corpId: string, chatId: string): Promise<GroupRecord | undefined> {
    const g = this.items.get(`${corpId}\n${chatId}`);
    return g ? copy(g) : undefined;
  }

  async getMany(corpId: string, chatIds: readonly string[]): Promise<Record<string, GroupRecord | undefined>> {
    return Object.fromEntries(await Promise.all([...new Set(chatIds)].map(async (id) => [id, await this.get(corpId, id)] as const)));
  }

  async list(corpId: string): Promise<GroupRecord[]> {
    return [...this.items.values()]
      .filter((g) => g.corpId === corpId)
      .sort((a, b) => (a.chatId < b.chatId ? -1 : 1))
      .map(copy);
  }

  async applySnapshot(record: GroupRecord): Promise<boolean> {
    const key = `${record.corpId}\n${record.chatId}`;
    const cur = this.items.get(key);
    if (cur && (cur.status === 'dismissed' || cur.changedAt > record.changedAt)) return false;
    this.items.set(key, copy(record));
    return true;
  }

  async markDismissed(corpId: string, chatId: string, changedAt: number, updatedAt: string): Promise<boolean> {
    const key = `${corpId}\n${chatId}`;
    const cur = this.items.get(key);
    if (cur?.status === 'dismissed') return false;
    this.items.set(key, {
      corpId,
      chatId,
      name: cur?.name ?? '',
      owner: cur?.owner ?? '',
      memberCount: cur?.memberCount ?? 0,
      ...(cur?.memberVersion ? { memberVersion: cur.memberVersion } : {}),
      status: 'dismissed',
      changedAt,
      updatedAt,
    });
    return true;
  }
}

export class InMemoryGroupCodeStore extends RecordTable<GroupCodeRecord> implements GroupCodeStore {
  constructor() {
    super((r) => r.id);
  }
}

export class InMemoryGroupWelcomeTemplateStore extends RecordTable<GroupWelcomeTemplateRecord> implements GroupWelcomeTemplateStore {
  constructor() {
    super((r) => r.id);
  }
}
