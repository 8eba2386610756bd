// Configuration is validated once, at cold start (docs/architecture.md#configuration-at-cold-start). Each function declares only what it uses.
import * as z from 'zod';

export function loadEnv<S extends z.ZodType>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${fields}`);
  }
  return parsed.data;
}

/** An optional variable where "" (how serverless.yml spells "not set") means undefined. */
const notSetWhenEmpty = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v));

/** Optional endpoint override (DynamoDB Local, the SQS emulator); empty means "AWS default". */
export const optionalUrl = notSetWhenEmpty.pipe(z.url().optional());

/** An optional string matching `pattern`; empty means not set. */
export const optionalMatching = (pattern: RegExp) => notSetWhenEmpty.pipe(z.string().regex(pattern).optional());
