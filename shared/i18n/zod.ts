// Zod issue messages in a language, per parse (zod 4's `error` parse option): no global `z.config`, so
// concurrent requests in one container never see each other's language. Messages a schema sets itself win.
import { z } from 'zod';
import type { Lang } from './language';

const maps = { 'zh-CN': z.locales.zhCN().localeError, en: z.locales.en().localeError } satisfies Record<Lang, z.core.$ZodErrorMap>;

/** The parse options that render a schema's issues in `lang`. */
export const zodParseOptions = (lang: Lang) => ({ error: maps[lang] });
