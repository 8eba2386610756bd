// Parses input at a trust boundary; a failure is a 400 that names each failing field. Input that is valid
// but too large to store (item-size.ts) is a 413 naming the field and the limit. Each field's message is kept
// in zh-CN and en (zod 4 locales, per parse: shared/i18n/zod.ts); the answer shows the request's language.
import type * as z from 'zod';
import { PayloadTooLargeError, ValidationError, type Text } from './errors';
import { LANGUAGES, type Lang } from './i18n/language';
import { zodParseOptions } from './i18n/zod';
import { TOO_LARGE } from './input/item-size';

const detailsOf = (issues: readonly z.core.$ZodIssue[]) => issues.map((i) => ({ field: i.path.join('.'), message: i.message }));

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, message: Text): z.infer<S> {
  const parsed = schema.safeParse(value, zodParseOptions('en'));
  if (!parsed.success) {
    const issues = parsed.error.issues;
    // Only a failure parses again, once per other language, so a valid request costs one parse.
    const localizedDetails: Partial<Record<Lang, unknown>> = { en: detailsOf(issues) };
    for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
      const again = schema.safeParse(value, zodParseOptions(lang));
      if (!again.success) localizedDetails[lang] = detailsOf(again.error.issues);
    }
    const options = { details: localizedDetails.en, localizedDetails };
    if (issues.every((i) => i.code === 'custom' && i.params?.[TOO_LARGE] === true)) throw new PayloadTooLargeError(message, options);
    throw new ValidationError(message, options);
  }
  return parsed.data;
}
