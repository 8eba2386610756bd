// A channel as Siyu stores it, its store port, its ids and `state`, and how the API shows it. Input
// schemas: channel.schema.ts; adapter: shared/db/channel-repository.ts.
import { randomBytes } from 'node:crypto';
import type { ContactWayProjection } from '../domain/contact-way';
import type { WeeklyWindow } from '../domain/weekly-window';
import type { Welcome } from '../tenants/tenant.schema';
import { linkUrlWithChannel } from '../domain/acquisition-link';
import type { ChannelView } from './channel.view';

export interface ChannelRecord {
  corpId: string;
  id: string;
  state: string;
  name: string;
  staff: string[];
  backupStaff: string[];
  skipVerify: boolean;
  autoAccept: { mode: 'always' | 'schedule' | 'never'; windows: WeeklyWindow[] };
  dailyCapPerStaff: number;
  tags: string[];
  remark?: string | undefined;
  welcome?: Welcome | undefined;
  configId: string;
  qrCode: string;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
  /** What the WeCom contact way says now (written by the contact-way sync), and for which day's counters. */
  applied?: AppliedContactWay | undefined;
  /** Unix seconds of the next window edge or midnight at which the contact way must be reviewed. */
  reviewAt?: number | undefined;
  /** What brings customers in: a 「联系我」 contact way (absent: channels written before links existed) or a 获客链接. */
  kind?: ChannelKind | undefined;
  /** The 获客助手 link of an `acquisition_link` channel (configId and qrCode are empty then). */
  link?: { id: string; url: string } | undefined;
}

export type ChannelKind = 'contact_way' | 'acquisition_link';
export const kindOf = (c: Pick<ChannelRecord, 'kind'>): ChannelKind => c.kind ?? 'contact_way';

export interface AppliedContactWay extends ContactWayProjection {
  day: string;
  at: string;
}

export interface ChannelStore {
  get(corpId: string, id: string): Promise<ChannelRecord | undefined>;
  list(corpId: string): Promise<ChannelRecord[]>;
  put(record: ChannelRecord): Promise<void>;
  /** Records what was written to WeCom and when to look again, leaving the rest of the channel alone. */
  saveProjection(corpId: string, id: string, applied: AppliedContactWay, reviewAt: number | undefined): Promise<void>;
  /** Takes a channel off the review schedule (its tenant is gone). */
  unschedule(corpId: string, id: string): Promise<void>;
  /** Channels of every tenant whose review time has come, oldest first. */
  dueForReview(nowSeconds: number, limit: number): Promise<Array<{ corpId: string; id: string; reviewAt: number }>>;
}

/** Channel ids are short so that the contact way's `state` stays well under WeCom's 30 characters. */
export const newChannelId = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);
export const stateOf = (id: string) => `c_${id}`;
/** The channel id a callback's `State` names, if it is one of ours. */
export const channelIdOfState = (state: unknown) => (typeof state === 'string' && /^c_[A-Za-z0-9]{10}$/.test(state) ? state.slice(2) : undefined);

/** The channel as the API shows it (channel.view.ts): its policy and the contact way as applied now. */
export function publicChannel(c: ChannelRecord): ChannelView {
  const { applied, reviewAt } = c;
  return {
    id: c.id,
    kind: kindOf(c),
    state: c.state,
    name: c.name,
    staff: c.staff,
    backupStaff: c.backupStaff,
    skipVerify: c.skipVerify,
    autoAccept: c.autoAccept,
    dailyCapPerStaff: c.dailyCapPerStaff,
    tags: c.tags,
    ...(c.remark === undefined ? {} : { remark: c.remark }),
    ...(c.welcome === undefined ? {} : { welcome: c.welcome }),
    configId: c.configId,
    qrCode: c.qrCode,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    link: c.link ? { id: c.link.id, url: c.link.url, customerUrl: linkUrlWithChannel(c.link.url, c.state) } : null,
    contactWay: applied
      ? {
          staff: applied.user,
          skipVerify: applied.skipVerify,
          cappedStaff: applied.capped,
          usingBackup: applied.usingBackup,
          verificationForced: applied.forceVerify,
          appliedAt: applied.at,
          nextReviewAt: reviewAt === undefined ? null : new Date(reviewAt * 1000).toISOString(),
        }
      : null,
  };
}
