// Times in the console and the sidebar are Asia/Shanghai (UTC+8, no daylight saving): show an ISO instant or
// Unix seconds as `YYYY-MM-DD HH:mm` (or to the second), and turn a date or datetime-local input (read as
// Shanghai time) into what the API takes.
const OFFSET_MS = 8 * 3600_000;

const format = (t: string | number | null | undefined, length: 16 | 19): string => {
  if (t === null || t === undefined || t === '') return '—';
  const ms = typeof t === 'number' ? t * 1000 : Date.parse(t);
  if (Number.isNaN(ms)) return String(t);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, length).replace('T', ' ');
};

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai; a dash when missing. */
export const shanghaiTime = (t: string | number | null | undefined): string => format(t, 16);

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (logs, where the second matters); a dash when missing. */
export const shanghaiTimeToSecond = (t: string | number | null | undefined): string => format(t, 19);

/** A Shanghai day `YYYY-MM-DD` as the ISO instant of its start (00:00 +08:00) or, with `end`, its last second. */
export const dayBound = (day: string, end = false): string => `${day}T${end ? '23:59:59' : '00:00:00'}+08:00`;

/** A datetime-local value (`YYYY-MM-DDTHH:mm`, Shanghai) as ISO 8601 with its offset; undefined when empty. */
export const shanghaiInstant = (local: string): string | undefined => (local === '' ? undefined : `${local.length === 16 ? `${local}:00` : local}+08:00`);

/** The first second of a day (`YYYY-MM-DD`, Shanghai) in Unix seconds; undefined when empty. */
export const shanghaiDayStart = (day: string): number | undefined => (day === '' ? undefined : Math.floor((Date.parse(`${day}T00:00:00Z`) - OFFSET_MS) / 1000));

/** Ids typed in one box, separated by commas, 、 or spaces. */
export const idsOf = (text: string): string[] =>
  text
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
