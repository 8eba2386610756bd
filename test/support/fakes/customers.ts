// Fakes of the customer-side stores:
// - InMemoryCustomerStore ~ shared/db/customer-repository.ts: touch() puts the customer in the tenant's
//   index and keeps the earliest firstSeenAt; setProfile() applies unless a newer WeCom read is stored
//   ('stale'); appendTimeline() once per (time, event key), 'exists' on a redelivery; timeline() newest
//   first; page() in external user id order with `last` set when the page is full.
// - InMemoryStaffStore ~ shared/db/staff-repository.ts: apply() unless the stored (changedAt, rank) is
//   newer (equal applies), fields not given keep their value (name defaults to the user id, status to
//   active); page()/all() in user id order.
// - InMemoryTagMirror ~ shared/db/tag-repository.ts: put/markDeleted unless a newer read (syncedAt) is
//   stored; markDeleted only for a known tag; list in tag id order, deleted tags stay listed.
import type { StaffPatch } from '../../../shared/db/staff-repository';
import type { CustomerPage, CustomerProfile, SeenProfile } from '../../../shared/db/customer-repository';
import type { TimelineItem } from '../../../shared/domain/customers';
import type { StaffRecord } from '../../../shared/domain/staff';
import type { CorpTag } from '../../../shared/domain/tags';
import { copy, timeKey } from './common';

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export class InMemoryCustomerStore {
  private readonly profiles = new Map<string, { corpId: string } & CustomerProfile>();
  private readonly timelines = new Map<string, { sk: string; item: TimelineItem }>();

  async touch(corpId: string, externalUserId: string, at: number): Promise<void> {
    const p = this.profile(corpId, externalUserId);
    if (p.firstSeenAt === null || p.firstSeenAt > at) p.firstSeenAt = at;
  }

  async setProfile(
    corpId: string,
    p: { externalUserId: string; name: string; avatar?: string | undefined; type: number; corpName?: string | undefined },
    fetchedAtMs: number,
  ): Promise<'applied' | 'stale'> {
    const cur = this.profile(corpId, p.externalUserId);
    if (cur.profileAt !== null && cur.profileAt > fetchedAtMs) return 'stale';
    Object.assign(cur, { name: p.name, avatar: p.avatar ?? null, type: p.type, corpName: p.corpName ?? null, profileAt: fetchedAtMs });
    return 'applied';
  }

  /** touch() and setProfile() at once (the Dynamo store writes them in one request). */
  async recordSeen(corpId: string, externalUserId: string, at: number, profile?: { read: SeenProfile; fetchedAtMs: number }): Promise<'applied' | 'stale'> {
    await this.touch(corpId, externalUserId, at);
    return profile ? this.setProfile(corpId, profile.read, profile.fetchedAtMs) : 'stale';
  }

  async get(corpId: string, externalUserId: string, _o?: { consistent?: boolean }): Promise<CustomerProfile | undefined> {
    const p = this.profiles.get(`${corpId}\n${externalUserId}`);
    if (!p) return undefined;
    const { corpId: _c, ...profile } = p;
    return copy(profile);
  }

  async page(corpId: string, limit: number, after?: string): Promise<CustomerPage> {
    const ids = [...this.profiles.values()]
      .filter((p) => p.corpId === corpId && (after === undefined || p.externalUserId > after))
      .map((p) => p.externalUserId)
      .sort()
      .slice(0, limit);
    return { items: ids, last: ids.length === limit ? (ids.at(-1) ?? null) : null };
  }

  async appendTimeline(item: TimelineItem): Promise<'appended' | 'exists'> {
    const sk = timeKey(item.at, item.eventKey);
    const id = `${item.corpId}\n${item.externalUserId}\n${sk}`;
    if (this.timelines.has(id)) return 'exists';
    this.timelines.set(id, { sk, item: copy(item) });
    return 'appended';
  }

  async timeline(corpId: string, externalUserId: string, limit: number): Promise<TimelineItem[]> {
    return [...this.timelines.values()]
      .filter((t) => t.item.corpId === corpId && t.item.externalUserId === externalUserId)
      .sort((a, b) => (a.sk < b.sk ? 1 : -1))
      .slice(0, limit)
      .map((t) => copy(t.item));
  }

  private profile(corpId: string, externalUserId: string) {
    const id = `${corpId}\n${externalUserId}`;
    let p = this.profiles.get(id);
    if (!p) this.profiles.set(id, (p = { corpId, externalUserId, name: null, avatar: null, type: null, corpName: null, profileAt: null, firstSeenAt: null }));
    return p;
  }
}

export class InMemoryStaffStore {
  private readonly members = new Map<string, StaffRecord>();

  async apply(p: StaffPatch): Promise<'applied' | 'stale'> {
    const id = `${p.corpId}\n${p.userId}`;
    const cur = this.members.get(id);
    if (cur && (cur.changedAt > p.changedAt || (cur.changedAt === p.changedAt && cur.rank > p.rank))) return 'stale';
    this.members.set(id, {
      corpId: p.corpId,
      userId: p.userId,
      name: p.name ?? cur?.name ?? p.userId,
      department: p.department ?? cur?.department ?? [],
      status: p.status ?? cur?.status ?? 'active',
      changedAt: p.changedAt,
      rank: p.rank,
    });
    return 'applied';
  }

  async get(corpId: string, userId: string): Promise<StaffRecord | undefined> {
    const s = this.members.get(`${corpId}\n${userId}`);
    return s ? copy(s) : undefined;
  }

  async page(corpId: string, limit: number, after?: string): Promise<{ items: StaffRecord[]; last: string | null }> {
    const items = [...this.members.values()]
      .filter((s) => s.corpId === corpId && (after === undefined || s.userId > after))
      .sort(byKey((s) => s.userId))
      .slice(0, limit)
      .map(copy);
    return { items, last: items.length === limit ? (items.at(-1)?.userId ?? null) : null };
  }

  async all(corpId: string): Promise<StaffRecord[]> {
    return [...this.members.values()]
      .filter((s) => s.corpId === corpId)
      .sort(byKey((s) => s.userId))
      .map(copy);
  }
}

export class InMemoryTagMirror {
  private readonly tags = new Map<string, { corpId: string; tag: CorpTag; syncedAt: number }>();

  async list(corpId: string): Promise<CorpTag[]> {
    return [...this.tags.values()]
      .filter((t) => t.corpId === corpId)
      .sort(byKey((t) => t.tag.id))
      .map((t) => copy(t.tag));
  }

  async put(corpId: string, tag: CorpTag, syncedAtMs: number): Promise<void> {
    const id = `${corpId}\n${tag.id}`;
    const cur = this.tags.get(id);
    if (cur && cur.syncedAt > syncedAtMs) return;
    this.tags.set(id, { corpId, tag: copy(tag), syncedAt: syncedAtMs });
  }

  async markDeleted(corpId: string, tagId: string, syncedAtMs: number): Promise<void> {
    const cur = this.tags.get(`${corpId}\n${tagId}`);
    if (!cur || cur.syncedAt > syncedAtMs) return;
    cur.tag.deleted = true;
    cur.syncedAt = syncedAtMs;
  }
}
