// Customer ↔ staff follow state, derived from change_external_contact events. Pure: no I/O.
// Order safety: a change applies only if it is newer than the last applied one, by (CreateTime, rank).
// At the same second a delete outranks an add, and a full add outranks a half add, so a delete that
// arrives before its add never resurrects the customer.

/** 1 half add · 2 add · 3 deleted by the customer (del_follow_user) · 4 deleted by the staff member (del_external_contact). */
export type FollowRank = 1 | 2 | 3 | 4;

/** One event of a follow's history, as kept on the follow item (follow-periods.ts makes periods of them). */
export interface FollowEvent {
  /** Unix seconds (the event's CreateTime). */
  at: number;
  rank: FollowRank;
  /** The contact way's state on adds. */
  state?: string | undefined;
  /** The event's content key (a prefix of it): tells two events of the same second and rank apart. */
  key: string;
  /** On a deletion: the member lost the customer by a transfer (在职/离职继承: WeCom's Source DELETE_BY_TRANSFER). */
  transfer?: true | undefined;
}

export type FollowStatus = 'active' | 'deleted_by_staff' | 'deleted_by_customer';

export interface FollowChange {
  corpId: string;
  externalUserId: string;
  userId: string;
  status: FollowStatus;
  changedAt: number;
  rank: number;
  eventKey: string;
  /** Present on adds: the contact way's state and the time of the add. */
  added?: { at: number; state?: string | undefined } | undefined;
  /** A deletion made by a transfer (Source DELETE_BY_TRANSFER, or the transfers job's own handover deletion). */
  transfer?: true | undefined;
}

const RANK: Record<string, { status: FollowStatus; rank: number; add: boolean }> = {
  'change_external_contact.add_half_external_contact': { status: 'active', rank: 1, add: true },
  'change_external_contact.add_external_contact': { status: 'active', rank: 2, add: true },
  'change_external_contact.del_follow_user': { status: 'deleted_by_customer', rank: 3, add: false },
  'change_external_contact.del_external_contact': { status: 'deleted_by_staff', rank: 4, add: false },
};

export interface ContactEventInput {
  corpId: string;
  type: string;
  occurredAt: number;
  eventKey: string;
  event: Record<string, unknown>;
}

/** The follow change an event implies, or undefined for events that do not change follow state. */
export function followChangeOf(input: ContactEventInput): FollowChange | undefined {
  const rule = RANK[input.type];
  if (!rule) return undefined;
  const { UserID, ExternalUserID, State, Source } = input.event;
  if (typeof UserID !== 'string' || typeof ExternalUserID !== 'string') return undefined;
  return {
    corpId: input.corpId,
    externalUserId: ExternalUserID,
    userId: UserID,
    status: rule.status,
    changedAt: input.occurredAt,
    rank: rule.rank,
    eventKey: input.eventKey,
    added: rule.add ? { at: input.occurredAt, state: typeof State === 'string' && State ? State : undefined } : undefined,
    ...(rule.rank === 4 && Source === 'DELETE_BY_TRANSFER' ? { transfer: true as const } : {}),
  };
}

/** Whether `change` supersedes the last applied (changedAt, rank). Mirrors the repository's condition. */
export function supersedes(change: Pick<FollowChange, 'changedAt' | 'rank'>, last?: { changedAt: number; rank: number }) {
  if (!last) return true;
  return change.changedAt > last.changedAt || (change.changedAt === last.changedAt && change.rank > last.rank);
}

export interface FollowStore {
  /** Applies the change if it supersedes the stored one; 'stale' otherwise. */
  apply(change: FollowChange): Promise<'applied' | 'stale'>;
}

/** A follow relationship as read models show it. */
export interface FollowView {
  userId: string;
  externalUserId: string;
  status: FollowStatus;
  state: string | null;
  addedAt: number | null;
  changedAt: number;
  /** Corp tag ids on this follow (WeCom's follow_user tags, plus tags applied via mark_tag). */
  tags: string[];
  /** The staff member's remark for the customer, when known. */
  remark: string | null;
  /** The staff member's description (描述) of the customer, when known. */
  description?: string | null | undefined;
  /** The member's remark phone numbers, sealed (shared/customers/remark-mobiles.ts); absent when none. */
  remarkMobilesCipher?: string | undefined;
  /** Every change_external_contact event of the follow (follow-periods.ts); absent on follows older than histories. */
  history?: FollowEvent[] | undefined;
}
