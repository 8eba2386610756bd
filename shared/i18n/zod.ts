// Zod issue messages in a language, per parse (zod 4's `error` parse option): no global `z.config`, so
// concurrent requests in one container never see each other's language. Messages a schema sets itself win.
// Only the two locales we speak reach a bundle: a namespace import of zod's locale index, read by name, lets
// esbuild drop the ~50 others (`z.locales` through `import { z }` kept all of them).
import type * as z from 'zod';
import * as locales from 'zod/v4/locales';
import type { Lang } from './language';

const maps = { 'zh-CN': locales.zhCN().localeError, en: locales.en().localeError } satisfies Record<Lang, z.core.$ZodErrorMap>;

/** The parse options that render a schema's issues in `lang`. */
export const zodParseOptions = (lang: Lang) => ({ error: maps[lang] });
