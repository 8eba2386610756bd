// The quota ledger's knowledge: WeCom's limits as dated configuration (docs/wecom.md#mass-messages, docs/wecom.md#moments, docs/wecom.md#rate-limits, docs/wecom.md#limits-we-enforce),
// and the one decision every send path asks: which recipients may receive now, in which batches, and who
// is blocked and why. Pure. Counts come from the ledger store; nothing here does I/O.
import { addDays, daysBetween, mondayOf } from '../events/time';

export interface WecomLimits {
  /** First day (Asia/Shanghai, YYYY-MM-DD) these limits apply. */
  since: string;
  /** Mass messages a customer or group may receive per month: a number, or the days of that month. */
  massMessagesPerRecipientPerMonth: number | 'days-in-month';
  recipientsPerMassMessage: { customers: number; groups: number };
  remindersPerMassMessagePer24h: number;
  callsPerApiPerMinute: number;
  moments: { executors: number; images: number; videos: number; links: number; textChars: number };
  welcomeAttachments: number;
}

/** Newest last. Add a row when WeCom changes a limit; a send uses the row in force on its day. */
export const WECOM_LIMITS: readonly WecomLimits[] = [
  {
    // Older docs: 4 mass messages per customer per natural month.
    since: '2019-01-01',
    massMessagesPerRecipientPerMonth: 4,
    recipientsPerMassMessage: { customers: 10_000, groups: 2000 },
    remindersPerMassMessagePer24h: 3,
    callsPerApiPerMinute: 10_000,
    moments: { executors: 100_000, images: 9, videos: 1, links: 1, textChars: 2000 },
    welcomeAttachments: 9,
  },
  {
    // DOC 92135: as many per month as the month has days (corp- and member-created combined).
    since: '2023-01-01',
    massMessagesPerRecipientPerMonth: 'days-in-month',
    recipientsPerMassMessage: { customers: 10_000, groups: 2000 },
    remindersPerMassMessagePer24h: 3,
    callsPerApiPerMinute: 10_000,
    moments: { executors: 100_000, images: 9, videos: 1, links: 1, textChars: 2000 },
    welcomeAttachments: 9,
  },
];

/** A tenant's own, tighter settings (群发助手: 7 per week or 1 per day), applied on top of WeCom's. */
export interface TenantQuota {
  massMessagesPerRecipientPerDay?: number | undefined;
  massMessagesPerRecipientPerWeek?: number | undefined;
}

export function limitsOn(day: string, table: readonly WecomLimits[] = WECOM_LIMITS): WecomLimits {
  const applicable = table.filter((l) => l.since <= day);
  const last = applicable.at(-1);
  if (!last) throw new Error(`no WeCom limits known for ${day}`);
  return last;
}

const daysInMonth = (day: string) => {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export function monthlyCap(day: string, limits: WecomLimits = limitsOn(day)): number {
  const v = limits.massMessagesPerRecipientPerMonth;
  return v === 'days-in-month' ? daysInMonth(day) : v;
}

export interface RecipientCounts {
  month: number;
  week: number;
  day: number;
}

export type BlockReason = 'monthly_cap' | 'weekly_cap' | 'daily_cap';

export interface SendPlan<T> {
  batches: T[][];
  blocked: Array<{ recipient: T; reason: BlockReason }>;
}

/**
 * Which recipients a mass message may go to on `day`, given how many they already received, split into
 * WeCom calls of at most the per-call recipient limit. Blocked recipients are reported with the cap that
 * blocked them; nothing is dropped silently.
 */
export function planMassMessage<T>(input: {
  day: string;
  kind: 'customers' | 'groups';
  recipients: readonly T[];
  countsOf: (recipient: T) => RecipientCounts;
  tenant?: TenantQuota | undefined;
  limits?: WecomLimits | undefined;
}): SendPlan<T> {
  const limits = input.limits ?? limitsOn(input.day);
  const month = monthlyCap(input.day, limits);
  const allowed: T[] = [];
  const blocked: SendPlan<T>['blocked'] = [];
  for (const r of new Set(input.recipients)) {
    const c = input.countsOf(r);
    if (c.month >= month) blocked.push({ recipient: r, reason: 'monthly_cap' });
    else if (input.tenant?.massMessagesPerRecipientPerWeek !== undefined && c.week >= input.tenant.massMessagesPerRecipientPerWeek)
      blocked.push({ recipient: r, reason: 'weekly_cap' });
    else if (input.tenant?.massMessagesPerRecipientPerDay !== undefined && c.day >= input.tenant.massMessagesPerRecipientPerDay)
      blocked.push({ recipient: r, reason: 'daily_cap' });
    else allowed.push(r);
  }
  const size = limits.recipientsPerMassMessage[input.kind];
  const batches: T[][] = [];
  for (let i = 0; i < allowed.length; i += size) batches.push(allowed.slice(i, i + size));
  return { batches, blocked };
}

// ── The ledger's arithmetic: what a recipient's stored months say about a day ──

/** One recipient's ledger month as stored: total, per-day counts, and the send ids counted in it. */
export interface LedgerMonth {
  /** `YYYY-MM` (Asia/Shanghai). */
  month: string;
  total: number;
  /** Day of month (1..31) → mass messages received that day. */
  days: Readonly<Record<number, number>>;
  sends: ReadonlySet<string>;
}

export const monthOf = (day: string) => day.slice(0, 7);

/** The ISO week of `day` up to and including it: Monday … `day`. */
export function isoWeekDaysUpTo(day: string): string[] {
  const monday = mondayOf(day);
  return Array.from({ length: daysBetween(monday, day) + 1 }, (_, i) => addDays(monday, i));
}

/** The ledger months a count on `day` needs: the day's month, and the month its ISO week began in. */
export function ledgerMonthsFor(day: string): string[] {
  return [...new Set([monthOf(isoWeekDaysUpTo(day)[0]!), monthOf(day)])];
}

/** A recipient's counts on `day` from its stored months (missing months count zero). */
export function countsOn(day: string, months: readonly LedgerMonth[]): RecipientCounts {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const dayCount = (d: string) => byMonth.get(monthOf(d))?.days[Number(d.slice(8, 10))] ?? 0;
  return {
    month: byMonth.get(monthOf(day))?.total ?? 0,
    week: isoWeekDaysUpTo(day).reduce((n, d) => n + dayCount(d), 0),
    day: dayCount(day),
  };
}

/**
 * The caps a count is taken under, atomically per recipient: the monthly cap, and the tenant's daily one.
 * The weekly setting spans two ledger months at a month's edge, so it is applied when planning only.
 */
export function reserveCaps(day: string, tenant?: TenantQuota, limits: WecomLimits = limitsOn(day)): { month: number; day?: number | undefined } {
  return { month: monthlyCap(day, limits), day: tenant?.massMessagesPerRecipientPerDay };
}

/**
 * `{{name}}` in a mass message. WeCom sends one text to every recipient of an add_msg_template call, so
 * a per-recipient name would take one call per distinct text (and one cap slot per call): a mass message
 * fills `{{name}}` with one neutral word for everyone instead. Personal names go through staff reminders
 * (SOP `via: staff_reminder`), where the member sends the text themselves.
 */
export const DEFAULT_NAME_FALLBACK = '朋友';

/** What a mass message sends: text (≤4000 bytes) and up to 9 attachments in WeCom's shape. */
export interface MassContent {
  text?: string | undefined;
  attachments?: ReadonlyArray<Record<string, unknown>> | undefined;
}

/** One add_msg_template call of a send. */
export interface BatchResult {
  sender: string | null;
  size: number;
  msgid?: string | undefined;
  /** Recipients WeCom put in fail_list (not a contact of the sender, unknown …). */
  failed: number;
  error?: { errcode: number; errmsg: string } | undefined;
  at: number;
}
