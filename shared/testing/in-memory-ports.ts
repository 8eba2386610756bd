// In-memory ingest ports with the semantics of the DynamoDB/SQS adapters (conditional put, enqueued sets),
// for use-case tests and property tests.
import type { Concern } from '../domain/fanout';
import type { CallbackKeyStore, CallbackKeys, EventLog, EventPage, EventQuery, EventRecord, QueuePublisher, StoredEvent } from '../events/ports';
import type { QueueMessage } from '../events/queue-message.schema';

export class InMemoryEventLog implements EventLog {
  readonly events = new Map<string, StoredEvent>();

  async record(entry: EventRecord): Promise<{ created: boolean; stored: StoredEvent }> {
    const id = `${entry.corpId}/${entry.eventKey}`;
    const existing = this.events.get(id);
    if (existing) return { created: false, stored: { ...existing, enqueued: new Set(existing.enqueued) } };
    const stored: StoredEvent = { ...entry, enqueued: new Set() };
    this.events.set(id, stored);
    return { created: true, stored: { ...stored, enqueued: new Set() } };
  }

  async markEnqueued(corpId: string, eventKey: string, concerns: readonly Concern[]): Promise<void> {
    const e = this.events.get(`${corpId}/${eventKey}`);
    if (!e) throw new Error('no such event');
    this.events.set(`${corpId}/${eventKey}`, { ...e, enqueued: new Set([...e.enqueued, ...concerns]) });
  }

  async list(corpId: string, q: EventQuery): Promise<EventPage> {
    const items = [...this.events.values()]
      .filter((e) => e.corpId === corpId && e.occurredAt >= q.from && e.occurredAt <= q.to && (!q.type || e.type === q.type))
      .sort((a, b) => a.occurredAt - b.occurredAt || a.eventKey.localeCompare(b.eventKey))
      .slice(0, q.limit);
    return { items };
  }
}

export class RecordingQueues implements QueuePublisher {
  readonly sent: Array<{ concern: Concern; message: QueueMessage }> = [];
  readonly failing = new Set<Concern>();

  async publish(concern: Concern, message: QueueMessage): Promise<void> {
    if (this.failing.has(concern)) throw new Error(`queue ${concern} is down`);
    this.sent.push({ concern, message });
  }
}

export class StaticKeys implements CallbackKeyStore {
  constructor(private readonly byCorp: Record<string, CallbackKeys>) {}
  async get(corpId: string): Promise<CallbackKeys | undefined> {
    return Object.hasOwn(this.byCorp, corpId) ? this.byCorp[corpId] : undefined;
  }
}
