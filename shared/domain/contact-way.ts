// What a channel's WeCom contact way should say right now, and when that can next change. Pure.
// The contact way is a projection of the channel's policy (docs/wecom.md#auto-accept): the staff with capacity
// left today (else the backup staff, else everyone with verification forced on), and skip_verify as the
// auto-accept mode and its Asia/Shanghai windows decide. It changes only at window edges and at midnight,
// when the daily counters start again.
import { routeStaff } from './capacity';
import { isWithin, nextEdge, type WeeklyWindow } from './weekly-window';

export interface ChannelPolicy {
  staff: readonly string[];
  backupStaff: readonly string[];
  dailyCapPerStaff: number;
  autoAccept: { mode: 'always' | 'schedule' | 'never'; windows: readonly WeeklyWindow[] };
}

export interface ContactWayProjection {
  user: string[];
  skipVerify: boolean;
  /** Staff who reached the daily cap (removed from the contact way until midnight). */
  capped: string[];
  usingBackup: boolean;
  /** True when nobody has capacity left and there is no backup: verification is switched on. */
  forceVerify: boolean;
}

/** WeCom's skip_verify for the auto-accept policy alone, at an instant. */
export function autoAcceptAt(policy: Pick<ChannelPolicy, 'autoAccept'>, unixSeconds: number): boolean {
  if (policy.autoAccept.mode === 'always') return true;
  if (policy.autoAccept.mode === 'never') return false;
  return isWithin(policy.autoAccept.windows, unixSeconds);
}

export function projectContactWay(policy: ChannelPolicy, input: { unixSeconds: number; addsToday: Readonly<Record<string, number>> }): ContactWayProjection {
  const routing = routeStaff({
    staff: policy.staff,
    backupStaff: policy.backupStaff,
    dailyCapPerStaff: policy.dailyCapPerStaff,
    addsToday: input.addsToday,
  });
  return {
    user: routing.users,
    skipVerify: autoAcceptAt(policy, input.unixSeconds) && !routing.forceVerify,
    capped: routing.capped,
    usingBackup: routing.usingBackup,
    forceVerify: routing.forceVerify,
  };
}

/** Whether two projections would write the same contact way (order of staff matters to nobody). */
export function sameContactWay(a: Pick<ContactWayProjection, 'user' | 'skipVerify'>, b: Pick<ContactWayProjection, 'user' | 'skipVerify'>) {
  const sorted = (xs: readonly string[]) => [...xs].sort().join('\u0000');
  return a.skipVerify === b.skipVerify && sorted(a.user) === sorted(b.user);
}

const DAY_SECONDS = 86_400;
const SHANGHAI_OFFSET = 8 * 3600;

/** The next Asia/Shanghai midnight strictly after an instant (unix seconds). */
export function nextShanghaiMidnight(unixSeconds: number): number {
  const local = unixSeconds + SHANGHAI_OFFSET;
  return local - (((local % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS) + DAY_SECONDS - SHANGHAI_OFFSET;
}

/**
 * When the projection must next be reviewed: the next window edge of a scheduled channel, and the next
 * midnight when today's caps changed the contact way. Undefined when nothing time-based can change it.
 */
export function nextReviewAt(policy: ChannelPolicy, projection: ContactWayProjection, unixSeconds: number): number | undefined {
  const candidates: number[] = [];
  if (policy.autoAccept.mode === 'schedule') {
    const edge = nextEdge(policy.autoAccept.windows, unixSeconds);
    if (edge !== undefined) candidates.push(edge);
  }
  if (projection.capped.length > 0) candidates.push(nextShanghaiMidnight(unixSeconds));
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}

/**
 * The staff member a returning customer should go back to: the one who had them through this channel,
 * when that member is still on the channel (staff or backup) and has capacity today. Undefined when the
 * customer is new here, is already with that member, or the member is not available.
 */
export function returningOwner(input: {
  policy: ChannelPolicy;
  addedTo: string;
  previous: ReadonlyArray<{ userId: string; status: 'active' | 'deleted_by_staff' | 'deleted_by_customer'; changedAt: number }>;
  addsToday: Readonly<Record<string, number>>;
}): string | undefined {
  const { policy } = input;
  const last = [...input.previous].filter((f) => f.userId !== input.addedTo).sort((a, b) => b.changedAt - a.changedAt)[0];
  // Only a customer who left on their own comes back to the same member; a member who removed the
  // customer made a choice, and a customer still active with the member needs nothing.
  if (!last || last.status !== 'deleted_by_customer') return undefined;
  const onChannel = policy.staff.includes(last.userId) || policy.backupStaff.includes(last.userId);
  const cap = policy.dailyCapPerStaff;
  const hasRoom = cap <= 0 || (input.addsToday[last.userId] ?? 0) < cap;
  return onChannel && hasRoom ? last.userId : undefined;
}
