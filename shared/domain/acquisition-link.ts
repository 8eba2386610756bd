// 获客助手 acquisition links as channels: WeCom's limits, the URL an operator publishes and the day range of
// a link's statistics (../shared/docs/wecom-frontier.md §3). Pure: no I/O.

/** §3.2: a link's range covers at most 500 members (DOC 97297, 2023/11/13; WxJava's older text says 100). */
export const MAX_LINK_STAFF = 500;
/** A link's name: WeCom's docs seen do not state a limit (§10.5); we keep 30 characters, the contact way's remark limit. */
export const MAX_LINK_NAME_CHARS = 30;
/** §3.4: statistics cover at most 30 days, within the last 180 days. */
export const MAX_STATS_DAYS = 30;
export const STATS_HISTORY_DAYS = 180;

/**
 * The URL to publish: the link with `customer_channel` = the channel's state, so that WeCom reports it as
 * `State` on add_external_contact (§3.3) and the add is attributed to the channel like a QR code's.
 */
export function linkUrlWithChannel(url: string, state: string): string {
  const u = new URL(url);
  u.searchParams.set('customer_channel', state);
  return u.toString();
}

const DAY_MS = 86_400_000;
const dayIndex = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayOf = (index: number) => new Date(index * DAY_MS).toISOString().slice(0, 10);

export type StatsRange =
  { ok: true; fromDay: string; toDay: string; startTime: number; endTime: number } | { ok: false; field: 'from' | 'to'; problem: string };

/**
 * The statistic request for a range of Asia/Shanghai days (default: the 30 days ending today): WeCom's
 * start_time/end_time are the days' midnights (day granularity, closed interval).
 */
export function statsRange(input: { from?: string | undefined; to?: string | undefined; today: string }): StatsRange {
  const toDay = input.to ?? input.today;
  const fromDay = input.from ?? dayOf(dayIndex(toDay) - (MAX_STATS_DAYS - 1));
  const today = dayIndex(input.today);
  if (dayIndex(toDay) > today) return { ok: false, field: 'to', problem: 'after today' };
  if (fromDay > toDay) return { ok: false, field: 'from', problem: 'after to' };
  if (dayIndex(toDay) - dayIndex(fromDay) + 1 > MAX_STATS_DAYS) return { ok: false, field: 'from', problem: `range exceeds ${MAX_STATS_DAYS} days` };
  if (today - dayIndex(fromDay) >= STATS_HISTORY_DAYS) return { ok: false, field: 'from', problem: `more than ${STATS_HISTORY_DAYS} days ago` };
  const midnight = (day: string) => Date.parse(`${day}T00:00:00+08:00`) / 1000;
  return { ok: true, fromDay, toDay, startTime: midnight(fromDay), endTime: midnight(toDay) };
}
