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
