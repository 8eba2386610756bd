// The archive queue as the puller's feed: one SQS message per archive entry, in the shape every concern
// queue carries (shared/archive/archive-message.ts).
import type { ArchiveFeed } from '../archive/archive-feed';
import { archiveQueueMessage, type ArchiveEntry } from '../archive/archive-message';
import type { QueuePublisher } from '../events/ports';

export class QueueArchiveFeed implements ArchiveFeed {
  constructor(
    private readonly queues: QueuePublisher,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async publish(entries: readonly ArchiveEntry[]): Promise<void> {
    await Promise.all(entries.map((e) => this.queues.publish('archive', archiveQueueMessage(e, this.nowMs()))));
  }
}
