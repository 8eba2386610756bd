// In-memory fakes of the ingest ports (shared/events/ports.ts) and the keyword-rule store for use-case and
// property tests (docs/architecture.md#tests). They keep the semantics of the adapters they stand for:
// - InMemoryEventLog ~ shared/db/event-log-repository.ts: a conditional put keyed by (corp, event key) that
//   returns what is stored; the message is stored as JSON and read back through queueMessageSchema; the
//   enqueued set only grows (ADD), and only for an event that exists (attribute_exists); list() is ordered
//   by occurredAt then event key and pages with the same cursors (shared/db/cursor.ts).
// - RecordingQueuePublisher ~ shared/aws/queue-publisher.ts: each publish sends a JSON copy, or rejects
//   for concerns told to fail (a queue that is down or throttled).
// - InMemoryCallbackKeys ~ shared/tenants/callback-keys.ts: the decoded keys of known corps.
// - InMemoryKeywordRuleStore ~ shared/db/keyword-rule-repository.ts: rules stored as JSON copies, listed by
//   createdAt then id; every put bumps the tenant's rule-set version.
import { encodeCursor, eventsStart } from '../../shared/db/cursor';
import type { Concern } from '../../shared/domain/fanout';
import type { CallbackKeyStore, CallbackKeys, EventLog, EventPage, EventQuery, EventRecord, QueuePublisher, StoredEvent } from '../../shared/events/ports';
import { queueMessageSchema, type QueueMessage } from '../../shared/events/queue-message.schema';
import { shanghaiDay } from '../../shared/events/time';
import type { KeywordRuleRecord, KeywordRuleStore } from '../../shared/keywords/keyword-rule';
import { decodeAesKey } from '../../shared/wecom/crypto';

interface Row {
  corpId: string;
  eventKey: string;
  type: string;
  occurredAt: number;
  receivedAt: number;
  concerns: Concern[];
  enqueued: Set<Concern>;
  /** As the table holds it: JSON text. */
  message: string;
}

/** The error a conditional write fails with (DynamoDB's ConditionalCheckFailedException). */
export class ConditionalCheckFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionalCheckFailedException';
  }
}

const sortKey = (r: { occurredAt: number; eventKey: string }) => `${String(r.occurredAt).padStart(10, '0')}#${r.eventKey}`;

export class InMemoryEventLog implements EventLog {
  private readonly rows = new Map<string, Row>();
  /** When set, the next calls to record() and get() reject with it (the table is unavailable). */
  failRecordWith: Error | undefined;

  async record(entry: EventRecord, enqueued: readonly Concern[] = []): Promise<{ created: boolean; stored: StoredEvent }> {
    if (this.failRecordWith) throw this.failRecordWith;
    const id = rowId(entry.corpId, entry.eventKey);
    const existing = this.rows.get(id);
    if (existing) return { created: false, stored: toStored(existing) };
    const row: Row = {
      corpId: entry.corpId,
      eventKey: entry.eventKey,
      type: entry.type,
      occurredAt: entry.occurredAt,
      receivedAt: entry.receivedAt,
      concerns: [...entry.concerns],
      enqueued: new Set(enqueued),
      message: JSON.stringify(entry.message),
    };
    this.rows.set(id, row);
    return { created: true, stored: toStored(row) };
  }

  async markEnqueued(corpId: string, eventKey: string, concerns: readonly Concern[]): Promise<void> {
    if (concerns.length === 0) return;
    const row = this.rows.get(rowId(corpId, eventKey));
    if (!row) throw new ConditionalCheckFailedError('The conditional request failed');
    for (const c of concerns) row.enqueued.add(c);
  }

  async list(corpId: string, q: EventQuery): Promise<EventPage> {
    const after = eventsStart(q.cursor, q.from, q.to)?.sk ?? '';
    const matching = [...this.rows.values()]
      .filter((r) => r.corpId === corpId && r.occurredAt >= q.from && r.occurredAt <= q.to && (!q.type || r.type === q.type))
      .filter((r) => sortKey(r) > after)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
    const items = matching.slice(0, q.limit);
    const last = items[items.length - 1];
    const more = matching.length > items.length && last !== undefined;
    return { items: items.map(toStored), ...(more ? { cursor: encodeCursor('events', { day: shanghaiDay(last.occurredAt), sk: sortKey(last) }) } : {}) };
  }

  async get(corpId: string, eventKey: string): Promise<StoredEvent | undefined> {
    if (this.failRecordWith) throw this.failRecordWith;
    const row = this.rows.get(rowId(corpId, eventKey));
    return row ? toStored(row) : undefined;
  }

  /** Every stored event, oldest first (test inspection). */
  all(): StoredEvent[] {
    return [...this.rows.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1)).map(toStored);
  }

  get size(): number {
    return this.rows.size;
  }
}

const rowId = (corpId: string, eventKey: string) => `${corpId}\n${eventKey}`;

function toStored(r: Row): StoredEvent {
  return {
    corpId: r.corpId,
    eventKey: r.eventKey,
    type: r.type,
    occurredAt: r.occurredAt,
    receivedAt: r.receivedAt,
    concerns: [...r.concerns],
    enqueued: new Set(r.enqueued),
    message: queueMessageSchema.parse(JSON.parse(r.message)),
  };
}

export interface Published {
  concern: Concern;
  message: QueueMessage;
}

export class RecordingQueuePublisher implements QueuePublisher {
  /** Every message a queue took, in order. */
  readonly sent: Published[] = [];
  /** Every attempt, including the rejected ones. */
  readonly attempts: Array<{ concern: Concern; ok: boolean }> = [];
  private readonly failing = new Set<Concern>();

  /** Makes publishing to these concerns reject until recover(). */
  failFor(...concerns: Concern[]): this {
    for (const c of concerns) this.failing.add(c);
    return this;
  }

  recover(...concerns: Concern[]): this {
    if (concerns.length === 0) this.failing.clear();
    for (const c of concerns) this.failing.delete(c);
    return this;
  }

  async publish(concern: Concern, message: QueueMessage): Promise<void> {
    const ok = !this.failing.has(concern);
    this.attempts.push({ concern, ok });
    if (!ok) throw new Error(`queue ${concern} is unavailable`);
    this.sent.push({ concern, message: JSON.parse(JSON.stringify(message)) as QueueMessage });
  }

  /** Messages a concern's queue took. */
  on(concern: Concern): QueueMessage[] {
    return this.sent.filter((s) => s.concern === concern).map((s) => s.message);
  }
}

export interface FakeTenant {
  corpId: string;
  token: string;
  encodingAesKey: string;
}

export class InMemoryCallbackKeys implements CallbackKeyStore {
  private readonly byCorp = new Map<string, CallbackKeys>();
  lookups = 0;

  constructor(tenants: readonly FakeTenant[] = []) {
    for (const t of tenants) this.add(t);
  }

  add(t: FakeTenant): this {
    this.byCorp.set(t.corpId, { token: t.token, aesKey: decodeAesKey(t.encodingAesKey) });
    return this;
  }

  async get(corpId: string): Promise<CallbackKeys | undefined> {
    this.lookups++;
    return this.byCorp.get(corpId);
  }
}

export class InMemoryKeywordRuleStore implements KeywordRuleStore {
  private readonly rules = new Map<string, string>();
  private readonly versions = new Map<string, number>();

  async list(corpId: string): Promise<KeywordRuleRecord[]> {
    return [...this.rules.values()]
      .map((json) => JSON.parse(json) as KeywordRuleRecord)
      .filter((r) => r.corpId === corpId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async get(corpId: string, id: string): Promise<KeywordRuleRecord | undefined> {
    const json = this.rules.get(`${corpId}#${id}`);
    return json === undefined ? undefined : (JSON.parse(json) as KeywordRuleRecord);
  }

  async put(record: KeywordRuleRecord): Promise<void> {
    this.rules.set(`${record.corpId}#${record.id}`, JSON.stringify(record));
    this.versions.set(record.corpId, (this.versions.get(record.corpId) ?? 0) + 1);
  }

  async version(corpId: string): Promise<number> {
    return this.versions.get(corpId) ?? 0;
  }
}
