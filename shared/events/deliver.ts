// Putting events on the queues of their concerns, with the event log recording which queues took them.
// - ingest(): a new event from WeCom or the reconciler. The fan-out is recorded in the event's FIRST write:
//   look the event up (a consistent read), publish to every concern, then one conditional put that already
//   names the queues that took it. Nothing is written before the queues have it, so a crash or a failed
//   publish never leaves a log entry claiming a queue it did not reach; the 200 is only answered after the put.
//   A queue that fails: the put records the others, the error answers 5xx, WeCom retries, and the retry (which
//   finds the entry) sends only to the concerns still missing.
// - deliver(): an event already in the log (a retry, reconcile, replay): publish, then ADD the queues to it.
import type { Concern } from '../domain/fanout';
import { DependencyError } from '../errors';
import type { EventLog, EventRecord, QueuePublisher, StoredEvent } from './ports';
import type { QueueMessage } from './queue-message.schema';

export interface DeliverDeps {
  eventLog: EventLog;
  queues: QueuePublisher;
}

interface Fanout {
  sent: Concern[];
  failed: Concern[];
  error?: DependencyError;
}

async function publishAll(deps: DeliverDeps, message: QueueMessage, concerns: readonly Concern[]): Promise<Fanout> {
  const results = await Promise.allSettled(concerns.map((c) => deps.queues.publish(c, message)));
  const sent = concerns.filter((_, i) => results[i]?.status === 'fulfilled');
  const failed = concerns.filter((_, i) => results[i]?.status === 'rejected');
  if (failed.length === 0) return { sent, failed };
  const first = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  return { sent, failed, error: new DependencyError(`could not enqueue to ${failed.join(', ')}`, { cause: first.reason, details: { failed } }) };
}

/** Sends a logged event to the given concerns, then adds the ones that took it to its enqueued set. */
export async function deliver(deps: DeliverDeps, message: QueueMessage, concerns: readonly Concern[]): Promise<void> {
  if (concerns.length === 0) return;
  const out = await publishAll(deps, message, concerns);
  if (out.sent.length > 0) await deps.eventLog.markEnqueued(message.corpId, message.eventKey, out.sent);
  if (out.error) throw out.error;
}

/**
 * Logs an event once and puts it on its concerns' queues: one conditional put in the common case (and one
 * read when it has concerns). A repeated event sends only what the log says is missing, with the stored message.
 */
export async function ingest(deps: DeliverDeps, entry: EventRecord): Promise<{ created: boolean; stored: StoredEvent }> {
  if (entry.concerns.length === 0) return deps.eventLog.record(entry);
  const existing = await deps.eventLog.get(entry.corpId, entry.eventKey);
  if (existing) return redeliver(deps, existing);
  const out = await publishAll(deps, entry.message, entry.concerns);
  const recorded = await deps.eventLog.record(entry, out.sent);
  if (!recorded.created) {
    // Another delivery of the same event logged it between our read and our put. Our sends happened too
    // (consumers apply each event once per concern): record them, and send what neither attempt reached.
    const extra = out.sent.filter((c) => !recorded.stored.enqueued.has(c));
    if (extra.length > 0) await deps.eventLog.markEnqueued(entry.corpId, entry.eventKey, extra);
    const stored = { ...recorded.stored, enqueued: new Set([...recorded.stored.enqueued, ...extra]) };
    if (out.error && out.failed.some((c) => !stored.enqueued.has(c))) return redeliver(deps, stored);
    return { created: false, stored };
  }
  if (out.error) throw out.error;
  return recorded;
}

async function redeliver(deps: DeliverDeps, stored: StoredEvent): Promise<{ created: false; stored: StoredEvent }> {
  const missing = stored.concerns.filter((c) => !stored.enqueued.has(c));
  await deliver(deps, stored.message, missing);
  return { created: false, stored };
}
