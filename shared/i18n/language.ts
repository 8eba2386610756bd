// The languages Siyu answers in and the choice among them from an `Accept-Language` header (RFC 9110 §12.5.4):
// zh, zh-CN, zh-Hans and other Chinese tags → zh-CN; en and en-* → en; anything else, or no header → zh-CN
// (operators read Chinese first). q-values order the choices; q=0 refuses a language.
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

const langOfTag = (tag: string): Lang | undefined => {
  const t = tag.toLowerCase();
  if (t === 'zh' || t.startsWith('zh-')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return undefined;
};

/** The language to answer in; the first of the highest q wins, `*` means our default. */
export function negotiateLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',')) {
    const [rawTag = '', ...params] = part.trim().split(';');
    const tag = rawTag.trim();
    const qParam = params.map((p) => p.trim()).find((p) => /^q=/i.test(p));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    const lang = tag === '*' ? DEFAULT_LANG : langOfTag(tag);
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}
