// Instants as operators read them: in Asia/Shanghai whatever the browser's zone, `YYYY-MM-DD HH:mm:ss`.
const SHANGHAI = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO instant (or null) as Shanghai wall-clock time; a dash when missing. */
export const shanghaiTime = (iso: string | null | undefined): string => (iso ? SHANGHAI.format(new Date(iso)) : '—');

/** A Shanghai day `YYYY-MM-DD` as the ISO instant of its start (00:00 +08:00) or, with `end`, its last second. */
export const dayBound = (day: string, end = false): string => `${day}T${end ? '23:59:59' : '00:00:00'}+08:00`;
