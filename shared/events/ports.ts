// Ports of the ingest path. Use cases depend on these; adapters live in shared/db and shared/aws.
import type { Concern } from '../domain/fanout';
import type { QueueMessage } from './queue-message.schema';

export interface EventRecord {
  corpId: string;
  eventKey: string;
  type: string;
  occurredAt: number;
  receivedAt: number;
  concerns: readonly Concern[];
  message: QueueMessage;
}

export interface StoredEvent extends EventRecord {
  enqueued: ReadonlySet<Concern>;
}

export interface EventQuery {
  from: number;
  to: number;
  type?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface EventPage {
  items: StoredEvent[];
  cursor?: string | undefined;
}

export interface EventLog {
  /**
   * Conditional put. Returns the stored record: the new one, or the one already there. `enqueued`: the queues
   * the event is already on when it is first written (the fan-out recorded in the same write).
   */
  record(entry: EventRecord, enqueued?: readonly Concern[]): Promise<{ created: boolean; stored: StoredEvent }>;
  /** The stored event (a strongly consistent read), or undefined. */
  get(corpId: string, eventKey: string): Promise<StoredEvent | undefined>;
  /** Adds concerns to the set of queues the event is known to be on. */
  markEnqueued(corpId: string, eventKey: string, concerns: readonly Concern[]): Promise<void>;
  list(corpId: string, query: EventQuery): Promise<EventPage>;
}

export interface QueuePublisher {
  /** Sends one message to a concern queue; rejects when the queue did not take it. */
  publish(concern: Concern, message: QueueMessage): Promise<void>;
}

export interface CallbackKeys {
  token: string;
  aesKey: Buffer;
}

export interface CallbackKeyStore {
  /** The tenant's callback token and AES key, or undefined for an unknown corp. */
  get(corpId: string): Promise<CallbackKeys | undefined>;
}
