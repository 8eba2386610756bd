// CSV exports (RFC 4180) that open in Excel: a header row and one line per row, CRLF line ends, fields quoted
// when needed; a UTF-8 BOM (added by the admin dispatcher) so Excel reads UTF-8, column headers and file names
// in the caller's language (Chinese first), money in yuan with two decimals, and a file name for
// Content-Disposition (RFC 6266, with the RFC 5987 UTF-8 form). A cell that a spreadsheet would run as a
// formula (=, +, -, @, tab, CR first) is prefixed with ' so it stays text (OWASP CSV injection).
// Big lists are written page by page from the store's cursor pages (csvPages), up to a byte and row cap; the
// rest continues with the next cursor (docs/manual.md#导出-exports).

import { negotiateLanguage } from '../i18n/language';

const FORMULA = /^[=+\-@\t\r]/;

/** The UTF-8 byte order mark: without it Excel reads a CSV file as the local code page (mojibake). */
export const BOM = '\uFEFF';

/** The language of headers and file names. */
export type CsvLang = 'zh' | 'en';

/** The language of an export: the request's negotiated language (shared/i18n), Chinese unless English is chosen. */
export const csvLang = (acceptLanguage: string | undefined): CsvLang => (negotiateLanguage(acceptLanguage) === 'en' ? 'en' : 'zh');

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One column of an export: its header in both languages and how a row gives its value. */
export interface Column<T> extends Bilingual {
  value: (row: T) => unknown;
}

/** A column reading one field of the row; `yuan` for an amount in fen. */
export const field = <T>(key: keyof T & string, zh: string, en: string = key, money?: 'yuan'): Column<T> => ({
  zh,
  en,
  value: (r) => (money === 'yuan' ? yuan(r[key] as number | null | undefined) : r[key]),
});

/**
 * Fen as yuan with two decimals, by integer arithmetic (1 → "0.01", 1999 → "19.99", -5 → "-0.05"). A
 * fraction of a fen (an average) is rounded to the nearest fen first. null/undefined stay empty.
 */
export function yuan(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return null;
  const f = Math.round(fen);
  const abs = Math.abs(f);
  const cents = String(abs % 100).padStart(2, '0');
  return `${f < 0 ? '-' : ''}${Math.floor(abs / 100)}.${cents}`;
}

/** An instant (ISO text or unix seconds) as Beijing time `YYYY-MM-DD HH:mm:ss`, which Excel reads as a date. */
export function localTime(t: string | number | null | undefined): string | null {
  if (t === null || t === undefined) return null;
  const ms = typeof t === 'number' ? t * 1000 : Date.parse(t);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const line = (cells: readonly unknown[]): string => cells.map(cell).join(',') + '\r\n';

export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return line(columns) + rows.map((r) => line(columns.map((c) => r[c]))).join('');
}

/** The header line of typed columns in a language. */
export const headerLine = <T>(columns: readonly Column<T>[], lang: CsvLang): string => line(columns.map((c) => c[lang]));
/** The data lines of rows under typed columns. */
export const rowLines = <T>(columns: readonly Column<T>[], rows: readonly T[]): string => rows.map((r) => line(columns.map((c) => c.value(r)))).join('');
/** A whole (small) export: the header in a language and every row. */
export const sheet = <T>(columns: readonly Column<T>[], lang: CsvLang, rows: readonly T[]): string => headerLine(columns, lang) + rowLines(columns, rows);

/**
 * How much one answer holds. API Gateway + Lambda send one buffered body of at most 6 MB (the JSON-escaped
 * response), so an export stops at 5 MB counted as it travels (CR LF and quotes escaped), at a row cap, or
 * when reading has taken `ms` (the admin Lambda times out at 29 s; a filtered customer list may examine many
 * customers per line written); it then names the cursor to continue from.
 */
export const CSV_CAP = { bytes: 5_000_000, rows: 20_000, ms: 15_000 } as const;

/** The bytes a text takes in the Lambda response (UTF-8 inside a JSON string). */
const wireBytes = (s: string): number => Buffer.byteLength(JSON.stringify(s)) - 2;

export interface CsvPage<T> {
  items: readonly T[];
  cursor?: string | null | undefined;
}

/**
 * An export built page by page: each store page is fetched, written as lines and dropped before the next is
 * read. Pages are written whole: when a page would pass the cap, or the time budget is spent before the next
 * page, that page is left out and its cursor becomes `nextCursor`, so a request with `cursor=nextCursor` continues exactly there (the first page is always
 * written). `nextCursor` is null when the list is complete.
 */
export async function csvPages<T>(opts: {
  columns: readonly Column<T>[];
  lang: CsvLang;
  cursor?: string | undefined;
  page: (cursor: string | undefined) => Promise<CsvPage<T>>;
  /** The clock of the time budget (milliseconds). */
  now: () => number;
  cap?: { bytes: number; rows: number; ms: number };
}): Promise<{ text: string; nextCursor: string | null; rows: number }> {
  const cap = opts.cap ?? CSV_CAP;
  const started = opts.now();
  const chunks = [headerLine(opts.columns, opts.lang)];
  let bytes = wireBytes(chunks[0]!);
  let rows = 0;
  let cursor = opts.cursor;
  for (let first = true; ; first = false) {
    if (!first && opts.now() - started >= cap.ms) return { text: chunks.join(''), nextCursor: cursor ?? null, rows };
    const page = await opts.page(cursor);
    const text = rowLines(opts.columns, page.items);
    const size = wireBytes(text);
    if (!first && (bytes + size > cap.bytes || rows + page.items.length > cap.rows)) return { text: chunks.join(''), nextCursor: cursor ?? null, rows };
    chunks.push(text);
    bytes += size;
    rows += page.items.length;
    if (!page.cursor) return { text: chunks.join(''), nextCursor: null, rows };
    cursor = page.cursor;
  }
}

/** A file name in both languages (the English one is the ASCII fallback), or one name for both. */
export type CsvName = Bilingual | string;

/**
 * The response headers of an export: text/csv in UTF-8, `Content-Disposition: attachment` with an ASCII
 * `filename` and the UTF-8 `filename*` (RFC 6266 / RFC 5987), e.g. 客户列表-2026-12-01.csv, and when the file
 * stops at the cap `x-siyu-truncated: true` with `x-siyu-next-cursor`.
 */
export function csvHeaders(o: { name?: CsvName | undefined; lang: CsvLang; day: string; nextCursor?: string | null | undefined }): Record<string, string> {
  const name = o.name ?? { zh: '导出', en: 'export' };
  const both = typeof name === 'string' ? { zh: name, en: name } : name;
  const utf8 = `${both[o.lang]}-${o.day}.csv`;
  const ascii = `${both.en.replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'export'}-${o.day}.csv`;
  const encoded = encodeURIComponent(utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    ...(o.nextCursor ? { 'x-siyu-truncated': 'true', 'x-siyu-next-cursor': o.nextCursor } : {}),
  };
}

/** The body with the BOM in front (once). */
export const withBom = (body: string): string => (body.startsWith(BOM) ? body : BOM + body);
