// The relationship concern: keeps customer ↔ staff follow state, order-safe by CreateTime.
import { followChangeOf, type FollowStore } from '../../shared/domain/relationship';
import type { QueueMessage } from '../../shared/events/queue-message.schema';
import type { Outcome } from '../../shared/sqs/consume';

export interface ApplyContactChangeDeps {
  follows: FollowStore;
}

export async function applyContactChange(deps: ApplyContactChangeDeps, message: QueueMessage): Promise<Outcome> {
  const change = followChangeOf({
    corpId: message.corpId,
    type: message.type,
    occurredAt: message.occurredAt,
    eventKey: message.eventKey,
    event: message.event,
  });
  if (!change) return 'ignored';
  return deps.follows.apply(change);
}
