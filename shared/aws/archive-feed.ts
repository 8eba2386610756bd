// The archive queue as the puller's feed: one SQS message per archive entry, in the shape every concern
// queue carries (shared/archive/archive-message.ts), on a FIFO queue grouped by tenant.
import { type Clock, systemClock } from '../clock';
import type { ArchiveFeed } from '../archive/archive-feed';
import { archiveQueueMessage, type ArchiveEntry } from '../archive/archive-message';
import type { QueuePublisher } from '../events/ports';

export class QueueArchiveFeed implements ArchiveFeed {
  constructor(
    private readonly queues: QueuePublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  /** In seq order, one after another: the archive queue is FIFO per tenant, so order is what arrives. */
  async publish(entries: readonly ArchiveEntry[]): Promise<void> {
    for (const e of [...entries].sort((a, b) => a.seq - b.seq)) await this.queues.publish('archive', archiveQueueMessage(e, this.clock.now()));
  }
}
