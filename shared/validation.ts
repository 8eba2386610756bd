// Parses input at a trust boundary; a failure is a 400 that names each failing field. Input that is valid
// but too large to store (item-size.ts) is a 413 naming the field and the limit.
import type { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from './errors';
import { TOO_LARGE } from './input/item-size';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const details = issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    if (issues.every((i) => i.code === 'custom' && i.params?.[TOO_LARGE] === true)) throw new PayloadTooLargeError(message, { details });
    throw new ValidationError(message, { details });
  }
  return parsed.data;
}
