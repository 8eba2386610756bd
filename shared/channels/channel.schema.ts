// Channels (渠道活码): a WeCom 「联系我」 contact way plus Siyu's policy around it (spec §3, §5).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ContactWayProjection } from '../domain/contact-way';
import type { WeeklyWindow } from '../domain/weekly-window';
import { displayName, safeName } from '../input/text.schema';
import { welcomeSchema } from '../tenants/tenant.schema';
import type { ChannelStats } from './channel-activity';

const userId = z.string().min(1).max(64);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const windowSchema = z.strictObject({ days: z.array(z.number().int().min(1).max(7)).min(1).max(7), from: hhmm, to: hhmm });

const fields = {
  name: displayName(100),
  staff: z.array(userId).min(1).max(100),
  backupStaff: z.array(userId).max(100),
  skipVerify: z.boolean(),
  autoAccept: z.strictObject({ mode: z.enum(['always', 'schedule', 'never']), windows: z.array(windowSchema).max(20).default([]) }),
  dailyCapPerStaff: z.number().int().min(0).max(100_000),
  tags: z.array(z.string().min(1).max(64)).max(100),
  /** The remark set on each customer of the channel (WeCom: ≤ 20 characters). */
  remark: z.string().max(20).superRefine(safeName),
  welcome: welcomeSchema,
};

export const channelCreateSchema = z.strictObject({
  name: fields.name,
  staff: fields.staff,
  backupStaff: fields.backupStaff.default([]),
  skipVerify: fields.skipVerify.default(true),
  autoAccept: fields.autoAccept.optional(),
  dailyCapPerStaff: fields.dailyCapPerStaff.default(0),
  tags: fields.tags.default([]),
  remark: fields.remark.optional(),
  welcome: fields.welcome.optional(),
});
export const channelPatchSchema = z.strictObject({
  name: fields.name.optional(),
  staff: fields.staff.optional(),
  backupStaff: fields.backupStaff.optional(),
  skipVerify: fields.skipVerify.optional(),
  autoAccept: fields.autoAccept.optional(),
  dailyCapPerStaff: fields.dailyCapPerStaff.optional(),
  tags: fields.tags.optional(),
  remark: fields.remark.optional(),
  welcome: fields.welcome.optional(),
});

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
  welcome?: z.infer<typeof welcomeSchema> | undefined;
  configId: string;
  qrCode: string;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
  /** What the WeCom contact way says now (written by the contact-way sync), and for which day's counters. */
  applied?: AppliedContactWay | undefined;
  /** Unix seconds of the next window edge or midnight at which the contact way must be reviewed. */
  reviewAt?: number | undefined;
}

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

/** The channel as the API shows it: its policy, the contact way as applied now, and its stats. */
export function publicChannel(c: ChannelRecord, stats?: ChannelStats) {
  const { corpId: _c, applied, reviewAt, ...rest } = c;
  return {
    ...rest,
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
    ...(stats ? { stats } : {}),
  };
}
