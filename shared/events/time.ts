// Business days are Asia/Shanghai days (UTC+8, no daylight saving).
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

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
