// `from`/`to` in the admin API: ISO 8601 or unix seconds, in the years 2000–2099; a window of at most 31 days.
import * as z from 'zod';
import { ValidationError } from '../../shared/errors';
import { instantSchema, supportedSeconds } from '../../shared/input/day.schema';
import { msg } from '../../shared/i18n/messages';

const instant = z.union([
  z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number)
    .pipe(supportedSeconds),
  instantSchema,
]);
const FIELD_MESSAGE = 'ISO 8601 或 Unix 秒，2000–2099 年 (ISO 8601 or unix seconds, years 2000–2099)';

export const MAX_SPAN_SECONDS = 31 * 86_400;

export function timeRange(from: unknown, to: unknown, nowSeconds: number): { from: number; to: number } {
  const f = from === undefined ? { success: true as const, data: nowSeconds - 86_400 } : instant.safeParse(from);
  const t = to === undefined ? { success: true as const, data: nowSeconds } : instant.safeParse(to);
  const issues = [...(f.success ? [] : [{ field: 'from', message: FIELD_MESSAGE }]), ...(t.success ? [] : [{ field: 'to', message: FIELD_MESSAGE }])];
  if (!f.success || !t.success) throw new ValidationError(msg('invalid_time_range'), { details: issues });
  if (t.data < f.data) throw new ValidationError(msg('range_to_before_from'), { details: [{ field: 'to', message: 'before from' }] });
  if (t.data - f.data > MAX_SPAN_SECONDS) {
    throw new ValidationError(msg('range_over_31_days'), { details: [{ field: 'to', message: 'span > 31 days' }] });
  }
  return { from: f.data, to: t.data };
}
