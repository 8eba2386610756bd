// Fake of the channel store (~ shared/db/channel-repository.ts): put replaces the channel; list is in id
// order (the table's sort key CHANNEL#<id>); saveProjection and unschedule fail on a channel that does not
// exist (attribute_exists); a channel is due for review only while it is active with a reviewAt (the
// GSI entry put/saveProjection write), and dueForReview reads the due ones oldest first, across tenants.
import type { AppliedContactWay, ChannelRecord, ChannelStore } from '../../../shared/channels/channel.schema';
import { ConditionalCheckFailedError, copy, timeKey } from './common';

export class InMemoryChannelStore implements ChannelStore {
  private readonly items = new Map<string, ChannelRecord>();
  /** The review index: id → gsi1sk. */
  private readonly due = new Map<string, string>();

  async get(corpId: string, id: string): Promise<ChannelRecord | undefined> {
    const c = this.items.get(rowId(corpId, id));
    return c ? copy(c) : undefined;
  }

  async list(corpId: string): Promise<ChannelRecord[]> {
    return [...this.items.values()].filter((c) => c.corpId === corpId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(copy);
  }

  async put(record: ChannelRecord): Promise<void> {
    const id = rowId(record.corpId, record.id);
    this.items.set(id, copy(record));
    this.index(id, record.corpId, record.id, record.status === 'active' ? record.reviewAt : undefined);
  }

  async saveProjection(corpId: string, id: string, applied: AppliedContactWay, reviewAt: number | undefined): Promise<void> {
    const key = rowId(corpId, id);
    const c = this.items.get(key);
    if (!c) throw new ConditionalCheckFailedError('The conditional request failed');
    c.applied = copy(applied);
    if (reviewAt === undefined) delete c.reviewAt;
    else c.reviewAt = reviewAt;
    this.index(key, corpId, id, reviewAt);
  }

  async unschedule(corpId: string, id: string): Promise<void> {
    const key = rowId(corpId, id);
    const c = this.items.get(key);
    if (!c) throw new ConditionalCheckFailedError('The conditional request failed');
    delete c.reviewAt;
    this.due.delete(key);
  }

  async dueForReview(nowSeconds: number, limit: number): Promise<Array<{ corpId: string; id: string; reviewAt: number }>> {
    const to = timeKey(nowSeconds, '~');
    return [...this.due.entries()]
      .filter(([, sk]) => sk <= to)
      .sort((a, b) => (a[1] < b[1] ? -1 : 1))
      .slice(0, limit)
      .map(([key]) => {
        const c = this.items.get(key)!;
        return { corpId: c.corpId, id: c.id, reviewAt: Number(c.reviewAt) };
      });
  }

  private index(key: string, corpId: string, id: string, reviewAt: number | undefined): void {
    if (reviewAt === undefined) this.due.delete(key);
    else this.due.set(key, timeKey(reviewAt, `${corpId}#${id}`));
  }
}

const rowId = (corpId: string, id: string) => `${corpId}\n${id}`;
