// Ports of the archive consumer: stored messages, customer consent, the red-packet ledger and the
// tenant's sensitive words. Adapters live in shared/db.

export interface ArchivedMessage {
  corpId: string;
  msgid: string;
  seq: number;
  /** Unix milliseconds. */
  msgtime: number;
  msgtype: string;
  action: string;
  from: string;
  tolist: string[];
  roomid: string;
  staff: string;
  customer: string;
  /** Searchable text of the message (text content, link titles, file names …). */
  text: string;
  body: Record<string, unknown>;
}

export interface ArchiveQuery {
  fromMs: number;
  toMs: number;
  staff?: string | undefined;
  customer?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * What the archive-scoped keyword rules make of a customer's message, decided once, when the message is
 * first stored, and kept with it: a retry completes exactly these, a replay finds them done.
 */
export interface ArchiveActions {
  /** Corp tags for the customer (one mark_tag). */
  tags?: string[] | undefined;
  /** The note to the staff member: suggested replies and group invitations (one app message). */
  note?: string | undefined;
}
export type ArchiveAction = keyof ArchiveActions;

export interface ArchiveStore {
  /** Stores a message once (by msgid), with its keyword actions if any; 'exists' on a replay. */
  put(m: ArchivedMessage, actions?: ArchiveActions): Promise<'stored' | 'exists'>;
  search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }>;
  /** A stored message's keyword actions and those already done; undefined when it has none (or is not stored). */
  actionsOf(corpId: string, msgtime: number, msgid: string): Promise<{ planned: ArchiveActions; done: ArchiveAction[] } | undefined>;
  /** Marks one action of a stored message done, once: 'exists' when it already was. */
  markActionDone(corpId: string, msgtime: number, msgid: string, action: ArchiveAction): Promise<'marked' | 'exists'>;
}

export type Consent = 'agree' | 'disagree';

export interface ConsentStore {
  get(corpId: string, externalUserId: string): Promise<{ status: Consent; at: number } | undefined>;
  /** Applies a consent change if it is newer than the stored one (order-safe). */
  apply(corpId: string, externalUserId: string, status: Consent, atMs: number): Promise<'applied' | 'stale'>;
}

export interface LedgerEntry {
  corpId: string;
  day: string;
  userId: string;
  /** `out`: the staff member sent it; `in`: a customer sent it to the staff member. */
  direction: 'in' | 'out';
  amountFen: number;
  count: number;
  msgid: string;
}

export interface LedgerStore {
  /** Adds a red packet to the staff member's day once (by msgid). */
  record(entry: LedgerEntry): Promise<'recorded' | 'exists'>;
  day(corpId: string, day: string): Promise<Array<{ userId: string; inCount: number; inFen: number; outCount: number; outFen: number }>>;
}

export interface SensitiveWords {
  words: string[];
  /** Managers alerted on a hit (userIds); the tenant's notify list when empty. */
  notify: string[];
  version: number;
}

export interface SensitiveWordStore {
  get(corpId: string): Promise<SensitiveWords | undefined>;
  put(corpId: string, words: { words: string[]; notify: string[] }): Promise<SensitiveWords>;
}
