// Port for a channel's daily activity (adds and deletions per staff member).
// Adapter: shared/db/channel-activity-repository.ts.

export interface ChannelAdd {
  corpId: string;
  channelId: string;
  /** Asia/Shanghai day of the add. */
  day: string;
  userId: string;
  externalUserId: string;
}

export interface ChannelDeletion {
  corpId: string;
  channelId: string;
  day: string;
  userId: string;
  externalUserId: string;
  eventKey: string;
  by: 'staff' | 'customer';
}

export interface ChannelDayStats {
  day: string;
  adds: number;
  deletions: number;
  deletedByStaff: number;
  deletedByCustomer: number;
  net: number;
}

export interface ChannelStats {
  total: Omit<ChannelDayStats, 'day'>;
  days: ChannelDayStats[];
}

export interface ChannelActivityStore {
  /** Counts an add once per (day, staff member, customer): a half add and its full add count once. */
  recordAdd(add: ChannelAdd): Promise<'counted' | 'duplicate'>;
  /** Counts a deletion once per event. */
  recordDeletion(deletion: ChannelDeletion): Promise<'counted' | 'duplicate'>;
  /** Adds per staff member on a day. */
  addsOn(corpId: string, channelId: string, day: string): Promise<Record<string, number>>;
  stats(corpId: string, channelId: string, range: { fromDay: string; toDay: string }): Promise<ChannelStats>;
  /** The running totals only. */
  total(corpId: string, channelId: string): Promise<ChannelStats['total']>;
}
