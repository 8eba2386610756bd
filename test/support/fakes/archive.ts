// Fakes of the archive ports (shared/archive/archive-ports.ts; adapters in shared/db/archive-repository.ts,
// ledger-repository.ts and sensitive-word-repository.ts):
// - InMemoryArchiveStore: put() once per (msgtime, msgid), 'exists' on a replay (the first put's actions
//   stay); actionsOf() the planned actions and those done; markActionDone() once per action ('exists'
//   after), and only for a stored message (a ConditionalCheckFailed, as the adapter's attribute_exists
//   answers 'exists' too); search() in time order, narrowed by customer, staff and case-insensitive text.
//   Paging: a full page carries a cursor after its last item (the adapter may also hand out a cursor at a
//   day boundary; use cases do not depend on where a page ends).
// - InMemoryConsentStore: a change applies only when newer than the stored one.
// - InMemoryLedgerStore: a red packet counts once per msgid into its staff member's day.
// - InMemorySensitiveWordStore: put() replaces the list and bumps its version.
// - InMemoryArchiveCursorStore: the puller's seq only moves forward.
// - InMemoryArchiveSecretsStore: one archive-secrets record per tenant.
import type { ArchiveCursorStore } from '../../../shared/archive/archive-feed';
import type { ArchiveSecretsRecord, ArchiveSecretsStore } from '../../../shared/archive/archive-secrets';
import type {
  ArchiveAction,
  ArchiveActions,
  ArchivedMessage,
  ArchiveQuery,
  ArchiveStore,
  Consent,
  ConsentStore,
  LedgerEntry,
  LedgerStore,
  SensitiveWords,
  SensitiveWordStore,
} from '../../../shared/archive/archive-ports';
import { cursorOutsideQuery, decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import { shanghaiDay } from '../../../shared/events/time';
import { copy } from './common';

const sortOf = (msgtime: number, msgid: string) => `${String(msgtime).padStart(13, '0')}#${msgid}`;

interface Row {
  sk: string;
  message: ArchivedMessage;
  actions?: ArchiveActions;
  done: Set<ArchiveAction>;
}

export class InMemoryArchiveStore implements ArchiveStore {
  private readonly rows = new Map<string, Row>();

  async put(m: ArchivedMessage, actions?: ArchiveActions): Promise<'stored' | 'exists'> {
    const sk = sortOf(m.msgtime, m.msgid);
    const key = `${m.corpId}\n${sk}`;
    if (this.rows.has(key)) return 'exists';
    this.rows.set(key, { sk, message: copy(m), ...(actions ? { actions: copy(actions) } : {}), done: new Set() });
    return 'stored';
  }

  async actionsOf(corpId: string, msgtime: number, msgid: string): Promise<{ planned: ArchiveActions; done: ArchiveAction[] } | undefined> {
    const row = this.rows.get(`${corpId}\n${sortOf(msgtime, msgid)}`);
    if (!row?.actions) return undefined;
    return { planned: copy(row.actions), done: [...row.done] };
  }

  async markActionDone(corpId: string, msgtime: number, msgid: string, action: ArchiveAction): Promise<'marked' | 'exists'> {
    const row = this.rows.get(`${corpId}\n${sortOf(msgtime, msgid)}`);
    if (!row || row.done.has(action)) return 'exists';
    row.done.add(action);
    return 'marked';
  }

  async search(corpId: string, q: ArchiveQuery): Promise<{ items: ArchivedMessage[]; cursor?: string | undefined }> {
    const lo = sortOf(q.fromMs, '');
    const hi = sortOf(q.toMs, '~');
    const after = q.cursor ? decodeCursor('archive', q.cursor).sk : undefined;
    if (after !== undefined && (after < lo || after > hi)) throw cursorOutsideQuery();
    const needle = q.q?.toLowerCase();
    const matches = [...this.rows.values()]
      .filter((r) => r.message.corpId === corpId && r.sk >= lo && r.sk <= hi && (after === undefined || r.sk > after))
      .filter(
        (r) =>
          (!q.customer || r.message.customer === q.customer) &&
          (!q.staff || r.message.staff === q.staff) &&
          (!needle || r.message.text.toLowerCase().includes(needle)),
      )
      .sort((a, b) => (a.sk < b.sk ? -1 : 1));
    const page = matches.slice(0, q.limit);
    const last = page.at(-1);
    const more = last !== undefined && matches.length > page.length;
    const cursor = more
      ? encodeCursor('archive', q.customer ? { sk: last.sk } : { day: shanghaiDay(Math.floor(last.message.msgtime / 1000)), sk: last.sk })
      : undefined;
    return { items: page.map((r) => copy(r.message)), ...(cursor ? { cursor } : {}) };
  }

  /** Every stored message of a tenant in time order (test inspection). */
  of(corpId: string): ArchivedMessage[] {
    return [...this.rows.values()]
      .filter((r) => r.message.corpId === corpId)
      .sort((a, b) => (a.sk < b.sk ? -1 : 1))
      .map((r) => copy(r.message));
  }
}

export class InMemoryConsentStore implements ConsentStore {
  private readonly byCustomer = new Map<string, { status: Consent; at: number }>();

  async get(corpId: string, externalUserId: string) {
    const c = this.byCustomer.get(`${corpId}\n${externalUserId}`);
    return c ? { ...c } : undefined;
  }

  async apply(corpId: string, externalUserId: string, status: Consent, atMs: number): Promise<'applied' | 'stale'> {
    const key = `${corpId}\n${externalUserId}`;
    const cur = this.byCustomer.get(key);
    if (cur && cur.at >= atMs) return 'stale';
    this.byCustomer.set(key, { status, at: atMs });
    return 'applied';
  }
}

export class InMemoryLedgerStore implements LedgerStore {
  private readonly seen = new Set<string>();
  private readonly days = new Map<string, { userId: string; inCount: number; inFen: number; outCount: number; outFen: number }>();

  async record(e: LedgerEntry): Promise<'recorded' | 'exists'> {
    const marker = `${e.corpId}\n${e.day}\n${e.msgid}`;
    if (this.seen.has(marker)) return 'exists';
    this.seen.add(marker);
    const key = `${e.corpId}\n${e.day}\n${e.userId}`;
    const row = this.days.get(key) ?? { userId: e.userId, inCount: 0, inFen: 0, outCount: 0, outFen: 0 };
    if (e.direction === 'in') {
      row.inCount += e.count;
      row.inFen += e.amountFen;
    } else {
      row.outCount += e.count;
      row.outFen += e.amountFen;
    }
    this.days.set(key, row);
    return 'recorded';
  }

  async day(corpId: string, day: string) {
    const prefix = `${corpId}\n${day}\n`;
    return [...this.days.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, r]) => ({ ...r }));
  }
}

export class InMemorySensitiveWordStore implements SensitiveWordStore {
  private readonly lists = new Map<string, SensitiveWords>();

  async get(corpId: string): Promise<SensitiveWords | undefined> {
    const l = this.lists.get(corpId);
    return l ? copy(l) : undefined;
  }

  async put(corpId: string, w: { words: string[]; notify: string[] }): Promise<SensitiveWords> {
    const next = { words: [...w.words], notify: [...w.notify], version: (this.lists.get(corpId)?.version ?? 0) + 1 };
    this.lists.set(corpId, next);
    return copy(next);
  }
}

export class InMemoryArchiveCursorStore implements ArchiveCursorStore {
  private readonly seqs = new Map<string, number>();

  async get(corpId: string): Promise<number> {
    return this.seqs.get(corpId) ?? 0;
  }

  async save(corpId: string, seq: number): Promise<void> {
    if ((this.seqs.get(corpId) ?? 0) <= seq) this.seqs.set(corpId, seq);
  }
}

/** The tenants' archive secrets (shared/archive/archive-secrets.ts): one record per tenant, corp id order. */
export class InMemoryArchiveSecretsStore implements ArchiveSecretsStore {
  private readonly records = new Map<string, ArchiveSecretsRecord>();

  async get(corpId: string): Promise<ArchiveSecretsRecord | undefined> {
    const r = this.records.get(corpId);
    return r ? copy(r) : undefined;
  }

  async put(record: ArchiveSecretsRecord): Promise<void> {
    this.records.set(record.corpId, copy(record));
  }

  async corpIds(): Promise<string[]> {
    return [...this.records.keys()].sort();
  }
}
