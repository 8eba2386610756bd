// Personal data of one customer (PIPL 个人信息): the stable pseudonym an erased customer is shown by, and
// what an erase takes out of each kind of stored record. Pure: the stores apply it (shared/db/personal-data-repository.ts).
//
// An erase keeps what counts need and identifies no one by itself: the WeCom external_userid (the follow still
// exists in WeCom and the daily metrics, channel counts, quota ledger and order summaries are keyed by it), times,
// message types and directions. It takes out names, avatars, company names, remarks, descriptions, remark
// phone numbers and every free text the person wrote or was described by.
/** FNV-1a, 32 bits, over UTF-16 code units: a short stable digest (not a secret; the id itself is kept). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `已删除客户-<8 hex>`: the same for the same customer of the same tenant, and shows neither id nor name. */
export function pseudonymOf(corpId: string, externalUserId: string): string {
  return `已删除客户-${fnv1a(`${corpId}\n${externalUserId}`).toString(16).padStart(8, '0')}`;
}

/** Profile attributes an erase removes (the name is replaced by the pseudonym). */
export const ERASED_PROFILE_FIELDS = ['avatar', 'corpName', 'corpFullName', 'unionid', 'gender', 'position', 'externalProfile'] as const;

/** Follow attributes an erase removes: what the member wrote about the person. */
export const ERASED_FOLLOW_FIELDS = ['remark', 'description', 'remarkCorpName', 'remarkMobiles', 'remarkMobilesCipher'] as const;

/** Timeline detail keys that hold free text about the person. */
export const ERASED_TIMELINE_DETAIL = ['remark', 'description', 'text', 'note'] as const;

/** Audit detail keys that quote the person (a message excerpt, a red-packet wish). */
export const ERASED_AUDIT_DETAIL = ['excerpt', 'wish'] as const;

/** Webhook payload keys that may hold free text about the person (today's event types carry ids only). */
export const ERASED_WEBHOOK_DATA = ['name', 'remark', 'description', 'text', 'excerpt', 'note'] as const;

/** The keys of `detail` present among `erasable` (what an erase has left to do there). */
export const presentKeys = (detail: Record<string, unknown> | undefined, erasable: readonly string[]): string[] =>
  detail ? erasable.filter((k) => k in detail) : [];

/** What an erase did, per store (counts of items changed; all zero: nothing was left to do). */
export type EraseReport = Record<string, number>;

export const nothingLeft = (r: EraseReport): boolean => Object.values(r).every((n) => n === 0);
