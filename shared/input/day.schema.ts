// Days and instants of the admin API. A day is a real calendar date written YYYY-MM-DD (2026-02-30 and
// 2026-13-45 are not). Both are bounded to the years Siyu holds data for, 2000–2099, so a year 0001 or
// 9999 is a 400 and never reaches key building or date arithmetic. Routes narrow further where the day
// must be finished or within the tenant's life (functions/admin-api/jobs.ts, metrics.ts).
import * as z from 'zod';
import { isCalendarDay } from '../events/time';

export const FIRST_DAY = '2000-01-01';
export const LAST_DAY = '2099-12-31';
const DAY_MESSAGE = `须为 YYYY-MM-DD 格式的真实日期，${FIRST_DAY} 至 ${LAST_DAY} (a real calendar date YYYY-MM-DD from ${FIRST_DAY} to ${LAST_DAY})`;

/** Whether `d` is a real calendar day within the supported years. */
export const isSupportedDay = (d: string): boolean => isCalendarDay(d) && d >= FIRST_DAY && d <= LAST_DAY;

/** An Asia/Shanghai day, YYYY-MM-DD. */
export const daySchema = z.string().refine(isSupportedDay, DAY_MESSAGE);

/** Unix seconds of 2000-01-01T00:00:00Z and of the last second of 2099 (UTC). */
export const FIRST_INSTANT = Date.UTC(2000, 0, 1) / 1000;
export const LAST_INSTANT = Date.UTC(2100, 0, 1) / 1000 - 1;
const INSTANT_MESSAGE = '须在 2000 年至 2099 年之间 (an instant in the years 2000–2099)';

/** Unix seconds within the supported years. */
export const supportedSeconds = z.number().int().min(FIRST_INSTANT, INSTANT_MESSAGE).max(LAST_INSTANT, INSTANT_MESSAGE);

/** An instant in a JSON body: ISO 8601 with an offset, or unix seconds; as unix seconds. */
export const instantSchema = z
  .union([z.iso.datetime({ offset: true }).transform((s) => Math.floor(Date.parse(s) / 1000)), z.number().int()])
  .pipe(supportedSeconds);
