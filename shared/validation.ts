// Parses input at a trust boundary; a failure is a 400 that names each failing field.
import type { z } from 'zod';
import { ValidationError } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(message, {
      details: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}
