// Fake of the channel store (~ shared/db/channel-repository.ts): put replaces the channel; list is in id
// order (the table's sort key CHANNEL#<id>); saveProjection and unschedule fail on a channel that does not
// exist (attribute_exists); a channel is due for review only while it is active with a reviewAt (the
// GSI entry put/saveProjection write), and dueForReview reads the due ones oldest first, across tenants.
import type { ChannelActivityStore, ChannelAdd, ChannelDayStats, ChannelDeletion, ChannelStats } from '../../../shared/channels/channel-activity';
import type { AppliedContactWay, ChannelRecord, ChannelStore } from '../../../shared/channels/channel';
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
    return [...this.items.values()]
      .filter((c) => c.corpId === corpId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(copy);
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

/**
 * Fake of the channel activity store (~ shared/db/channel-activity-repository.ts): an add counts once
 * per (channel, day, staff member, customer), a deletion once per event (the marker and the counters
 * are one transaction there: all or nothing); per-staff adds of a day, stats per day (only days with
 * activity, in day order) and the running total.
 */
export class InMemoryChannelActivityStore implements ChannelActivityStore {
  private readonly markers = new Set<string>();
  private readonly staffAdds = new Map<string, Record<string, number>>();
  private readonly dayStats = new Map<string, ChannelStats['total'] & { corpId: string; channelId: string; day: string }>();
  private readonly totals = new Map<string, ChannelStats['total']>();

  async recordAdd(a: ChannelAdd): Promise<'counted' | 'duplicate'> {
    const marker = `${a.corpId}\n${a.channelId}\n${a.day}\nADD#${a.userId}#${a.externalUserId}`;
    if (this.markers.has(marker)) return 'duplicate';
    this.markers.add(marker);
    const key = `${a.corpId}\n${a.channelId}\n${a.day}`;
    const perStaff = this.staffAdds.get(key) ?? {};
    perStaff[a.userId] = (perStaff[a.userId] ?? 0) + 1;
    this.staffAdds.set(key, perStaff);
    this.bump(a, { adds: 1 });
    return 'counted';
  }

  async recordDeletion(d: ChannelDeletion): Promise<'counted' | 'duplicate'> {
    const marker = `${d.corpId}\n${d.channelId}\n${d.day}\nDEL#${d.eventKey}`;
    if (this.markers.has(marker)) return 'duplicate';
    this.markers.add(marker);
    this.bump(d, { deletions: 1, ...(d.by === 'staff' ? { deletedByStaff: 1 } : { deletedByCustomer: 1 }) });
    return 'counted';
  }

  async addsOn(corpId: string, channelId: string, day: string): Promise<Record<string, number>> {
    return { ...(this.staffAdds.get(`${corpId}\n${channelId}\n${day}`) ?? {}) };
  }

  async stats(corpId: string, channelId: string, range: { fromDay: string; toDay: string }): Promise<ChannelStats> {
    const days = [...this.dayStats.values()]
      .filter((s) => s.corpId === corpId && s.channelId === channelId && s.day >= range.fromDay && s.day <= range.toDay)
      .sort((a, b) => (a.day < b.day ? -1 : 1))
      .map(({ corpId: _c, channelId: _ch, ...s }): ChannelDayStats => ({ ...s, net: s.adds - s.deletions }));
    return { total: await this.total(corpId, channelId), days };
  }

  async total(corpId: string, channelId: string): Promise<ChannelStats['total']> {
    const t = this.totals.get(`${corpId}\n${channelId}`) ?? zero();
    return { ...t, net: t.adds - t.deletions };
  }

  private bump(
    e: { corpId: string; channelId: string; day: string },
    by: Partial<Record<'adds' | 'deletions' | 'deletedByStaff' | 'deletedByCustomer', number>>,
  ): void {
    const dayKey = `${e.corpId}\n${e.channelId}\n${e.day}`;
    const day = this.dayStats.get(dayKey) ?? { corpId: e.corpId, channelId: e.channelId, day: e.day, ...zero() };
    const total = this.totals.get(`${e.corpId}\n${e.channelId}`) ?? zero();
    for (const [k, n] of Object.entries(by) as Array<[keyof typeof by, number]>) {
      day[k] += n;
      total[k] += n;
    }
    this.dayStats.set(dayKey, day);
    this.totals.set(`${e.corpId}\n${e.channelId}`, total);
  }
}

const zero = (): ChannelStats['total'] => ({ adds: 0, deletions: 0, deletedByStaff: 0, deletedByCustomer: 0, net: 0 });

/** An active channel record with a given id and name (its state `c_<id>`), for tests that only need it to exist. */
export const fakeChannel = (corpId: string, id: string, name: string): ChannelRecord => ({
  corpId,
  id,
  state: `c_${id}`,
  name,
  staff: [],
  backupStaff: [],
  skipVerify: true,
  autoAccept: { mode: 'always', windows: [] },
  dailyCapPerStaff: 0,
  tags: [],
  configId: 'cfg',
  qrCode: 'https://wecom.example/qr',
  status: 'active',
  createdAt: '2025-11-01T00:00:00Z',
  updatedAt: '2025-11-01T00:00:00Z',
});
