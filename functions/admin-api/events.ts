// The event log API: list a tenant's events, and replay a window into the concern queues.
// Replay is idempotent: consumers apply each (event, concern) once, so a replay re-delivers only
// what a consumer has not applied yet (e.g. after a fix, once its DLQ was drained).
import * as z from 'zod';
import { CONCERNS, type Concern } from '../../shared/domain/fanout';
import { deliver, type DeliverDeps } from '../../shared/events/deliver';
import type { StoredEvent } from '../../shared/events/ports';
import { epochSeconds, type Clock } from '../../shared/clock';
import { cursorParam, limitParam } from '../../shared/input/params';
import type { EventView } from './events.view';
import { timeRange } from './time-range';

export interface EventsDeps extends DeliverDeps {
  clock: Clock;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

function view(e: StoredEvent): EventView {
  return {
    eventKey: e.eventKey,
    type: e.type,
    occurredAt: iso(e.occurredAt),
    receivedAt: new Date(e.receivedAt).toISOString(),
    concerns: e.concerns,
    enqueued: [...e.enqueued].sort(),
    event: e.message.event,
  };
}

/** `from`/`to` are judged by timeRange (its own messages); the rest here. */
export const eventsQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  type: z.string().min(1).max(200).optional(),
  limit: limitParam(500),
  cursor: cursorParam,
});

export async function listEvents(deps: EventsDeps, corpId: string, q: z.output<typeof eventsQuery>) {
  const range = timeRange(q.from, q.to, epochSeconds(deps.clock.now()));
  const page = await deps.eventLog.list(corpId, { ...range, type: q.type, limit: q.limit ?? 100, cursor: q.cursor });
  return { items: page.items.map(view), cursor: page.cursor ?? null };
}

export const replayBody = z.strictObject({
  from: z.union([z.string(), z.number()]),
  to: z.union([z.string(), z.number()]),
  concerns: z.array(z.enum(CONCERNS)).min(1).optional(),
  cursor: cursorParam,
});

/** Events replayed per request; a larger window continues with the returned cursor. */
export const REPLAY_PAGE = 500;

export async function replayEvents(deps: EventsDeps, corpId: string, b: z.output<typeof replayBody>) {
  const range = timeRange(b.from, b.to, epochSeconds(deps.clock.now()));
  const only = b.concerns ? new Set<Concern>(b.concerns) : undefined;
  const page = await deps.eventLog.list(corpId, { ...range, limit: REPLAY_PAGE, cursor: b.cursor });
  let enqueued = 0;
  for (const e of page.items) {
    const targets = e.concerns.filter((c) => !only || only.has(c));
    await deliver(deps, e.message, targets);
    enqueued += targets.length;
  }
  return { events: page.items.length, enqueued, cursor: page.cursor ?? null };
}
