// Business days are Asia/Shanghai days (UTC+8, no daylight saving), written YYYY-MM-DD; calendar
// arithmetic on them works on the date alone.
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;
const dayIndex = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** `YYYY-MM-DD` of a unix-seconds instant in Asia/Shanghai. */
export function shanghaiDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000 + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Every Shanghai day from the day of `fromSeconds` to the day of `toSeconds`, inclusive. */
export function shanghaiDaysBetween(fromSeconds: number, toSeconds: number): string[] {
  const days: string[] = [];
  for (let t = fromSeconds; shanghaiDay(t) <= shanghaiDay(toSeconds); t += 86_400) days.push(shanghaiDay(t));
  return days;
}

/** Whether `d` is a real calendar day written YYYY-MM-DD (2026-02-30 and 2026-13-01 are not). */
export function isCalendarDay(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = Date.parse(`${d}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
}

/** Unix seconds of 00:00 Asia/Shanghai on `day`. */
export const shanghaiMidnight = (day: string): number => Date.parse(`${day}T00:00:00+08:00`) / 1000;

/** The day `n` days after `day` (before it for negative `n`). */
export const addDays = (day: string, n: number): string => new Date((dayIndex(day) + n) * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayIndex(to) - dayIndex(from);

/** The Monday of `day`'s ISO week. */
export const mondayOf = (day: string): string => addDays(day, -((new Date(dayIndex(day) * DAY_MS).getUTCDay() + 6) % 7));

/** An instant as operators read it: `YYYY-MM-DD HH:mm` in Asia/Shanghai, with the offset said (for messages). */
export const shanghaiMinuteText = (unixSeconds: number): string =>
  `${new Date((unixSeconds + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
