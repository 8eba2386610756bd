// A change_external_contact event as the callback path stores it (event log), applied to the follow
// projection as the relationship consumer does: for tests and benchmarks that need a day of known events
// without running the whole callback path.
import { createHash, randomUUID } from 'node:crypto';
import type { EventLog } from '../../shared/events/ports';
import { followChangeOf, type FollowStore } from '../../shared/domain/relationship';

export interface ContactEvent {
  corpId: string;
  /** add_external_contact, add_half_external_contact, del_external_contact, del_follow_user … */
  change: string;
  /** Unix seconds (the event's CreateTime). */
  occurredAt: number;
  userId: string;
  externalUserId: string;
  state?: string | undefined;
  /** Default: a random key (every call is a new event). */
  eventKey?: string | undefined;
}

export async function recordContactEvent(deps: { eventLog: Pick<EventLog, 'record'>; follows: FollowStore }, e: ContactEvent): Promise<void> {
  const { corpId, occurredAt } = e;
  const type = `change_external_contact.${e.change}`;
  const eventKey = e.eventKey ?? createHash('sha256').update(randomUUID()).digest('hex');
  const receivedAt = occurredAt * 1000;
  const event = {
    ToUserName: corpId,
    CreateTime: occurredAt,
    MsgType: 'event',
    Event: 'change_external_contact',
    ChangeType: e.change,
    UserID: e.userId,
    ExternalUserID: e.externalUserId,
    ...(e.state ? { State: e.state } : {}),
  };
  await deps.eventLog.record({
    corpId,
    eventKey,
    type,
    occurredAt,
    receivedAt,
    concerns: [],
    message: { v: 1, eventKey, corpId, type, occurredAt, receivedAt, event },
  });
  const change = followChangeOf({ corpId, type, occurredAt, eventKey, event });
  if (change) await deps.follows.apply(change);
}
