// A follow's history and the periods it makes (docs/metrics.md#2-a-follows-life-关系的生命周期). Pure: no I/O.
// Every change_external_contact event of a follow is kept on the follow item as a compact entry (a string
// set, so a redelivery adds nothing and the delivery order does not matter). Replayed in (time, rank) order,
// the events make periods: a period starts with an add or half add of a follow that was not on (new
// customer), may be confirmed by an add (a half add's confirmation is not a new customer), and ends with a
// deletion (lost customer). Metrics count periods; the projection's current status is the last event.
import type { FollowChange, FollowEvent, FollowRank, FollowView } from './relationship';

export type { FollowEvent, FollowRank } from './relationship';

export interface FollowPeriod {
  userId: string;
  externalUserId: string;
  /** Unix seconds the period started (the add or half add that made the follow new). */
  start: number;
  /** Whether it started with a half add (the customer added the member, who had not confirmed yet). */
  half: boolean;
  /** When a half-add period was confirmed by an add; the start for periods that began with an add. */
  confirmedAt: number | null;
  /** The contact way state of the starting add (the period's channel, fixed when it starts). */
  state: string | null;
  /** Unix seconds it ended (a deletion), and by whom: a transfer (继承) is the member's deletion WeCom marks DELETE_BY_TRANSFER. */
  end: number | null;
  endedBy: 'staff' | 'customer' | 'transfer' | null;
}

const KEY_CHARS = 16;

/** A deletion's last field: the transfer mark (adds carry their state there; deletions had nothing before). */
const TRANSFER_MARK = 'transfer';

/** The compact entry stored in the follow item's `hist` set: `<at10>|<rank>|<key16>|<state on adds, transfer mark on deletions>`. */
export function encodeFollowEvent(e: FollowEvent): string {
  const last = e.rank >= 3 ? (e.transfer ? TRANSFER_MARK : '') : (e.state ?? '');
  return `${String(e.at).padStart(10, '0')}|${e.rank}|${e.key.slice(0, KEY_CHARS)}|${last}`;
}

export function decodeFollowEvent(s: string): FollowEvent | undefined {
  const m = /^(\d{1,10})\|([1-4])\|([^|]*)\|(.*)$/s.exec(s);
  if (!m) return undefined;
  const rank = Number(m[2]) as FollowRank;
  if (rank >= 3) return { at: Number(m[1]), rank, key: m[3]!, ...(m[4] === TRANSFER_MARK ? { transfer: true as const } : {}) };
  return { at: Number(m[1]), rank, key: m[3]!, ...(m[4] ? { state: m[4] } : {}) };
}

export function followEventOf(change: Pick<FollowChange, 'changedAt' | 'rank' | 'eventKey' | 'added' | 'transfer'>): FollowEvent {
  return {
    at: change.changedAt,
    rank: change.rank as FollowRank,
    key: change.eventKey.slice(0, KEY_CHARS),
    ...(change.added?.state ? { state: change.added.state } : {}),
    ...(change.rank === 4 && change.transfer ? { transfer: true as const } : {}),
  };
}

/**
 * The follow's events. Follows written before histories were kept have none: their add (addedAt, state)
 * and, if deleted, their deletion (changedAt) stand in.
 */
export function historyOf(f: Pick<FollowView, 'history' | 'addedAt' | 'state' | 'status' | 'changedAt'>): FollowEvent[] {
  if (f.history && f.history.length > 0) return f.history;
  const out: FollowEvent[] = [];
  if (f.addedAt !== null) out.push({ at: f.addedAt, rank: 2, key: 'legacy-add', ...(f.state ? { state: f.state } : {}) });
  if (f.status !== 'active') out.push({ at: f.changedAt, rank: f.status === 'deleted_by_staff' ? 4 : 3, key: 'legacy-del' });
  return out;
}

/** Replays events in (time, rank) order, once per key, into periods (docs/metrics.md#2-a-follows-life-关系的生命周期). */
export function periodsOf(userId: string, externalUserId: string, events: readonly FollowEvent[]): FollowPeriod[] {
  const seen = new Set<string>();
  const ordered = [...events]
    .filter((e) => {
      const id = `${e.at}|${e.rank}|${e.key}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => a.at - b.at || a.rank - b.rank || a.key.localeCompare(b.key));
  const periods: FollowPeriod[] = [];
  let open: FollowPeriod | undefined;
  for (const e of ordered) {
    if (e.rank <= 2) {
      if (!open) {
        open = {
          userId,
          externalUserId,
          start: e.at,
          half: e.rank === 1,
          confirmedAt: e.rank === 2 ? e.at : null,
          state: e.state ?? null,
          end: null,
          endedBy: null,
        };
        periods.push(open);
      } else if (e.rank === 2 && open.confirmedAt === null) {
        open.confirmedAt = e.at;
      }
    } else if (open) {
      open.end = e.at;
      open.endedBy = e.rank === 4 ? (e.transfer ? 'transfer' : 'staff') : 'customer';
      open = undefined;
    }
  }
  return periods;
}

/** The periods of every follow of a customer, by start time. */
export function customerPeriods(follows: readonly FollowView[]): FollowPeriod[] {
  return follows.flatMap((f) => periodsOf(f.userId, f.externalUserId, historyOf(f))).sort((a, b) => a.start - b.start || a.userId.localeCompare(b.userId));
}

/** Whether the period is on (active or pending) at the end of second `t`. */
export const onAt = (p: FollowPeriod, t: number) => p.start <= t && (p.end === null || p.end > t);
