// `from`/`to` in the admin API: ISO 8601 or unix seconds; a window of at most 31 days.
import { z } from 'zod';
import { ValidationError } from '../../shared/errors';

const instant = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d{1,12}$/).transform(Number),
  z.iso.datetime({ offset: true }).transform((s) => Math.floor(Date.parse(s) / 1000)),
]);

export const MAX_SPAN_SECONDS = 31 * 86_400;

export function timeRange(from: unknown, to: unknown, nowSeconds: number): { from: number; to: number } {
  const f = from === undefined ? { success: true as const, data: nowSeconds - 86_400 } : instant.safeParse(from);
  const t = to === undefined ? { success: true as const, data: nowSeconds } : instant.safeParse(to);
  const issues = [
    ...(f.success ? [] : [{ field: 'from', message: 'ISO 8601 or unix seconds' }]),
    ...(t.success ? [] : [{ field: 'to', message: 'ISO 8601 or unix seconds' }]),
  ];
  if (!f.success || !t.success) throw new ValidationError('invalid time range', { details: issues });
  if (t.data < f.data) throw new ValidationError('`to` is before `from`', { details: [{ field: 'to', message: 'before from' }] });
  if (t.data - f.data > MAX_SPAN_SECONDS) {
    throw new ValidationError('a time range spans at most 31 days', { details: [{ field: 'to', message: 'span > 31 days' }] });
  }
  return { from: f.data, to: t.data };
}
