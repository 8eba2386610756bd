// Number formats of the console: counts with grouping, rates as percentages, money in yuan from fen,
// durations in minutes and seconds. Missing values (null) show as a dash.
import { currentLang } from './i18n';

const DASH = '—';
const locale = () => (currentLang() === 'en' ? 'en-US' : 'zh-CN');

export const count = (n: number | null | undefined) => (n === null || n === undefined ? DASH : n.toLocaleString(locale()));

export const percent = (r: number | null | undefined) => (r === null || r === undefined ? DASH : `${(r * 100).toFixed(1)}%`);

export const yuan = (fen: number | null | undefined) =>
  fen === null || fen === undefined ? DASH : (fen / 100).toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return DASH;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (currentLang() === 'en') return m > 0 ? `${m}m ${s}s` : `${s}s`;
  return m > 0 ? `${m}分${s}秒` : `${s}秒`;
}

/** A day `YYYY-MM-DD` in Asia/Shanghai, `offset` days from today. */
export function shanghaiDay(offset = 0, now = Date.now()): string {
  return new Date(now + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A message for whatever a call threw: the API's own message when it answered one. */
export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
