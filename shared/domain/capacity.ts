// Who a channel routes new customers to, given per-staff daily caps and backup staff. Pure.
// Capped staff are removed from the contact way (WeCom stops routing to them); when everyone is capped,
// the backup staff take over, or — with no backup — the channel keeps its staff and requires
// verification until the counters reset at midnight (docs/wecom.md#auto-accept).

export interface CapacityInput {
  staff: readonly string[];
  backupStaff: readonly string[];
  /** 0 or undefined: no cap. */
  dailyCapPerStaff?: number | undefined;
  addsToday: Readonly<Record<string, number>>;
}

export interface Routing {
  users: string[];
  /** True when the channel must require verification because nobody has capacity left. */
  forceVerify: boolean;
  capped: string[];
  usingBackup: boolean;
}

export function routeStaff(input: CapacityInput): Routing {
  const cap = input.dailyCapPerStaff ?? 0;
  const hasRoom = (u: string) => cap <= 0 || (input.addsToday[u] ?? 0) < cap;
  const unique = (xs: readonly string[]) => [...new Set(xs)];
  const staff = unique(input.staff);
  const capped = staff.filter((u) => !hasRoom(u));
  const open = staff.filter(hasRoom);
  if (open.length > 0) return { users: open, forceVerify: false, capped, usingBackup: false };
  const backup = unique(input.backupStaff).filter((u) => !staff.includes(u));
  if (backup.length > 0) return { users: backup, forceVerify: false, capped, usingBackup: true };
  return { users: staff, forceVerify: true, capped, usingBackup: false };
}
