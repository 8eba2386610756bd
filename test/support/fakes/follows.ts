// Fake of the follow store (~ shared/db/follow-repository.ts DynamoFollowStore):
// - apply() writes only when the change is newer by (changedAt, rank) than the stored one, or when the
//   item has no event yet (created by addTags/setFollowProfile); otherwise 'stale'. Every change joins the
//   follow's history either way (a set: a replay adds nothing), and a stale add still backfills addedAt
//   and state when the follow has none.
// - addTags() adds to the tag set (idempotent) and may create an item that is not a follow yet;
//   setFollowProfile() replaces or adds tags and sets the remark.
// - followsOfCustomer() and followsOfStaffPage() show only items with an applied event, tags sorted,
//   the staff page in external user id order with `last` as the next page's start.
import { decodeFollowEvent, encodeFollowEvent, followEventOf, type FollowEvent } from '../../../shared/domain/follow-periods';
import type { FollowChange, FollowStatus, FollowStore, FollowView } from '../../../shared/domain/relationship';
import type { FollowProfile } from '../../../shared/db/follow-repository';

interface Item {
  corpId: string;
  externalUserId: string;
  userId: string;
  status?: FollowStatus;
  changedAt?: number;
  rank?: number;
  lastEventKey?: string;
  addedAt?: number;
  state?: string;
  tags: Set<string>;
  remark?: string;
  description?: string;
  hist: Set<string>;
}

export class InMemoryFollowStore implements FollowStore {
  private readonly items = new Map<string, Item>();

  /** With `profile`: the follow profile stored too (tags added), whether the change applies or not. */
  async apply(change: FollowChange, profile?: FollowProfile): Promise<'applied' | 'stale'> {
    const outcome = await this.applyChange(change);
    if (profile) await this.setFollowProfile(change.corpId, change.externalUserId, change.userId, profile, false);
    return outcome;
  }

  private async applyChange(change: FollowChange): Promise<'applied' | 'stale'> {
    const item = this.item(change.corpId, change.externalUserId, change.userId);
    item.hist.add(encodeFollowEvent(followEventOf(change)));
    const newer = item.changedAt === undefined || item.changedAt < change.changedAt || (item.changedAt === change.changedAt && (item.rank ?? 0) < change.rank);
    if (newer) {
      item.status = change.status;
      item.changedAt = change.changedAt;
      item.rank = change.rank;
      item.lastEventKey = change.eventKey;
      if (change.added) {
        item.addedAt = change.changedAt;
        if (change.added.state) item.state = change.added.state;
      }
      return 'applied';
    }
    if (change.added && item.addedAt === undefined) {
      item.addedAt = change.added.at;
      if (change.added.state) item.state = change.added.state;
    }
    return 'stale';
  }

  async followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> {
    return [...this.items.values()]
      .filter((i) => i.corpId === corpId && i.externalUserId === externalUserId && i.changedAt !== undefined)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
      .map(viewOf);
  }

  async addTags(corpId: string, externalUserId: string, userId: string, tagIds: string[]): Promise<void> {
    const ids = tagIds.filter((t) => t.length > 0);
    if (ids.length === 0) return;
    const item = this.item(corpId, externalUserId, userId);
    for (const t of ids) item.tags.add(t);
  }

  async setFollowProfile(
    corpId: string,
    externalUserId: string,
    userId: string,
    profile: { tags: string[]; remark: string | null; description?: string | null | undefined },
    replaceTags: boolean,
  ): Promise<void> {
    const item = this.item(corpId, externalUserId, userId);
    const ids = profile.tags.filter((t) => t.length > 0);
    if (profile.remark !== null) item.remark = profile.remark;
    if (profile.description !== null && profile.description !== undefined) item.description = profile.description;
    if (replaceTags) item.tags = new Set(ids);
    else for (const t of ids) item.tags.add(t);
  }

  async followsOfStaffPage(corpId: string, userId: string, limit: number, after?: string): Promise<{ items: FollowView[]; last: string | null }> {
    // The GSI holds only items apply() wrote (gsi1pk is set there); Limit counts them, the filter runs after.
    const page = [...this.items.values()]
      .filter((i) => i.corpId === corpId && i.userId === userId && i.changedAt !== undefined && (after === undefined || i.externalUserId > after))
      .sort((a, b) => (a.externalUserId < b.externalUserId ? -1 : 1))
      .slice(0, limit);
    const last = page.length === limit ? page[page.length - 1]!.externalUserId : null;
    return { items: page.map(viewOf), last };
  }

  /** The stored follow, applied or not (test inspection). */
  peek(corpId: string, externalUserId: string, userId: string): FollowView | undefined {
    const i = this.items.get(rowId(corpId, externalUserId, userId));
    return i ? viewOf(i) : undefined;
  }

  private item(corpId: string, externalUserId: string, userId: string): Item {
    const id = rowId(corpId, externalUserId, userId);
    let item = this.items.get(id);
    if (!item) this.items.set(id, (item = { corpId, externalUserId, userId, tags: new Set(), hist: new Set() }));
    return item;
  }
}

const rowId = (corpId: string, externalUserId: string, userId: string) => `${corpId}\n${externalUserId}\n${userId}`;

function viewOf(i: Item): FollowView {
  return {
    userId: i.userId,
    externalUserId: i.externalUserId,
    status: i.status as FollowStatus,
    state: i.state ?? null,
    addedAt: i.addedAt ?? null,
    changedAt: Number(i.changedAt),
    tags: [...i.tags].sort(),
    remark: i.remark ?? null,
    ...(i.description === undefined ? {} : { description: i.description }),
    history: [...i.hist].map(decodeFollowEvent).filter((h): h is FollowEvent => h !== undefined),
  };
}
