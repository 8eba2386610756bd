// Weekly time windows in Asia/Shanghai (UTC+8, no DST), e.g. auto-accept Mon–Fri 09:00–18:00. Pure.
// days: 1 = Monday … 7 = Sunday (ISO). `to` is exclusive; a window with to ≤ from runs past midnight.

export interface WeeklyWindow {
  days: number[];
  from: string; // HH:MM
  to: string; // HH:MM
}

const OFFSET_MIN = 8 * 60;
const WEEK_MIN = 7 * 24 * 60;

const minutesOf = (hhmm: string) => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`invalid time ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Minute of the Shanghai week (0 = Monday 00:00) of a unix-seconds instant. */
export function weekMinute(unixSeconds: number): number {
  const local = Math.floor(unixSeconds / 60) + OFFSET_MIN;
  // 1970-01-01 was a Thursday: shift so that Monday is 0.
  return (((local + 3 * 24 * 60) % WEEK_MIN) + WEEK_MIN) % WEEK_MIN;
}

/** [start, end) intervals in week minutes; an interval may wrap past the end of the week. */
function intervals(w: WeeklyWindow): Array<[number, number]> {
  const from = minutesOf(w.from);
  const to = minutesOf(w.to);
  const len = to > from ? to - from : to + 24 * 60 - from;
  return w.days.map((d) => {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new Error(`invalid day ${d}`);
    const start = (d - 1) * 24 * 60 + from;
    return [start, start + len];
  });
}

export function isWithin(windows: readonly WeeklyWindow[], unixSeconds: number): boolean {
  const m = weekMinute(unixSeconds);
  return windows.some((w) => intervals(w).some(([s, e]) => (m >= s && m < e) || (e > WEEK_MIN && m < e - WEEK_MIN)));
}

/** The next instant (unix seconds, on a minute boundary) after `unixSeconds` at which isWithin changes. */
export function nextEdge(windows: readonly WeeklyWindow[], unixSeconds: number): number | undefined {
  const edges = new Set<number>();
  for (const w of windows) for (const [s, e] of intervals(w)) edges.add(s % WEEK_MIN).add(e % WEEK_MIN);
  if (edges.size === 0) return undefined;
  const now = weekMinute(unixSeconds);
  const startOfMinute = unixSeconds - (unixSeconds % 60);
  let best = Infinity;
  for (const edge of edges) {
    let delta = (edge - now + WEEK_MIN) % WEEK_MIN;
    if (delta === 0) delta = WEEK_MIN;
    best = Math.min(best, delta);
  }
  const candidate = startOfMinute + best * 60;
  // An edge where the state does not actually change (adjacent windows) is skipped.
  return isWithin(windows, candidate) === isWithin(windows, unixSeconds) && best < WEEK_MIN ? nextEdge(windows, candidate) : candidate;
}
