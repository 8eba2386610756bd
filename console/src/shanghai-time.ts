// Times in the console are Asia/Shanghai (UTC+8, no daylight saving): show an ISO instant or Unix seconds as
// `YYYY-MM-DD HH:mm`, and turn a date or datetime-local input (read as Shanghai time) into what the API takes.
const OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD HH:mm` in Asia/Shanghai; a dash when missing. */
export function shanghaiTime(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === '') return '—';
  const ms = typeof t === 'number' ? t * 1000 : Date.parse(t);
  if (Number.isNaN(ms)) return String(t);
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

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
