// Puts an event on the queues of the given concerns, then records which ones took it. A queue that
// fails leaves the event partially enqueued: the error makes the callback answer 5xx, WeCom retries,
// and the retry sends only to the concerns still missing.
import type { Concern } from '../domain/fanout';
import { DependencyError } from '../errors';
import type { EventLog, QueuePublisher } from './ports';
import type { QueueMessage } from './queue-message.schema';

export interface DeliverDeps {
  eventLog: EventLog;
  queues: QueuePublisher;
}

export async function deliver(deps: DeliverDeps, message: QueueMessage, concerns: readonly Concern[]): Promise<void> {
  if (concerns.length === 0) return;
  const results = await Promise.allSettled(concerns.map((c) => deps.queues.publish(c, message)));
  const sent = concerns.filter((_, i) => results[i]?.status === 'fulfilled');
  if (sent.length > 0) await deps.eventLog.markEnqueued(message.corpId, message.eventKey, sent);
  const failed = concerns.filter((_, i) => results[i]?.status === 'rejected');
  if (failed.length > 0) {
    const first = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    throw new DependencyError(`could not enqueue to ${failed.join(', ')}`, { cause: first.reason, details: { failed } });
  }
}
