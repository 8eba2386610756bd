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

export interface ArchiveStore {
  /** Stores a message once (by msgid); 'exists' on a replay. */
  put(m: ArchivedMessage): Promise<'stored' | 'exists'>;
  search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }>;
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
