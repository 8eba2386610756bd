// strict(schema): a copy of a response schema in which every object refuses keys it does not declare
// (z.strictObject), at every depth; loose objects (WeCom attachments passed through) stay loose. A test
// parses a real answer with it, so an answer with an undeclared, missing or mistyped field fails.
import * as z from 'zod';

export function strict(s: z.core.$ZodType): z.core.$ZodType {
  if (s instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(s.shape).map(([k, v]) => [k, strict(v)]));
    return s.def.catchall === undefined ? z.strictObject(shape) : z.object(shape).catchall(s.def.catchall);
  }
  if (s instanceof z.ZodArray) return z.array(strict(s.element));
  if (s instanceof z.ZodOptional) return z.optional(strict(s.unwrap()));
  if (s instanceof z.ZodNullable) return z.nullable(strict(s.unwrap()));
  if (s instanceof z.ZodReadonly) return strict(s.def.innerType);
  if (s instanceof z.ZodUnion) return z.union(s.options.map(strict));
  if (s instanceof z.ZodRecord) return z.record(s.keyType, strict(s.valueType));
  return s;
}

/** The issues of `value` against the strict copy of `schema` (empty: it matches exactly). */
export function strictIssues(schema: z.core.$ZodType, value: unknown): string[] {
  const r = z.safeParse(strict(schema), value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
