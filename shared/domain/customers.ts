// Customers as read models show them: timeline items derived from events, list filters and role scope.
// Pure: no I/O.
import { shanghaiDay } from '../events/time';
import type { FollowView } from './relationship';

export type TimelineKind =
  | 'added'
  | 'added_half'
  | 'deleted_by_staff'
  | 'deleted_by_customer'
  | 'transfer_failed'
  | 'transferred'
  | 'tags_changed'
  | 'remark_changed'
  /** A stage move through the admin API (functions/admin-api/customer-fields.ts); userId = the member, else the key id. */
  | 'stage_changed';

export interface TimelineItem {
  corpId: string;
  externalUserId: string;
  /** Unix seconds (the event's CreateTime). */
  at: number;
  eventKey: string;
  kind: TimelineKind;
  userId: string;
  state?: string | undefined;
  channelId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

const KIND: Record<string, TimelineKind> = {
  'change_external_contact.add_external_contact': 'added',
  'change_external_contact.add_half_external_contact': 'added_half',
  'change_external_contact.del_external_contact': 'deleted_by_staff',
  'change_external_contact.del_follow_user': 'deleted_by_customer',
  'change_external_contact.transfer_fail': 'transfer_failed',
};

export interface TimelineInput {
  corpId: string;
  type: string;
  occurredAt: number;
  eventKey: string;
  event: Record<string, unknown>;
}

/** The timeline item a follow event implies (adds, deletions, transfer failures). */
export function timelineItemOf(input: TimelineInput, channelIdOfState: (state: unknown) => string | undefined): TimelineItem | undefined {
  const kind = KIND[input.type];
  const { UserID, ExternalUserID, State, FailReason, Source } = input.event;
  if (!kind || typeof UserID !== 'string' || typeof ExternalUserID !== 'string') return undefined;
  const state = typeof State === 'string' && State ? State : undefined;
  const detail: Record<string, unknown> = {};
  if (typeof FailReason === 'string') detail.failReason = FailReason;
  if (typeof Source === 'string' && Source) detail.source = Source;
  return {
    corpId: input.corpId,
    externalUserId: ExternalUserID,
    at: input.occurredAt,
    eventKey: input.eventKey,
    kind,
    userId: UserID,
    state,
    channelId: channelIdOfState(state),
    detail: Object.keys(detail).length > 0 ? detail : undefined,
  };
}

export function tagDiff(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const b = new Set(before);
  const a = new Set(after);
  return { added: [...a].filter((t) => !b.has(t)).sort(), removed: [...b].filter((t) => !a.has(t)).sort() };
}

/** Whose customers a caller may see: everyone's, or those of a set of staff members. */
export type CustomerScope = { kind: 'all' } | { kind: 'staff'; userIds: ReadonlySet<string> };

export interface CustomerFilter {
  staff?: string | undefined;
  tag?: string | undefined;
  channel?: string | undefined;
  status?: FollowView['status'] | undefined;
  /** Added on or after this day (YYYY-MM-DD, Asia/Shanghai). */
  addedFrom?: string | undefined;
  /** Added on or before this day (YYYY-MM-DD, Asia/Shanghai). */
  addedTo?: string | undefined;
}

/** Whether a follow's add falls in the filter's days (Asia/Shanghai); with a day bound, a follow without an add time does not. */
function addedWithin(f: FollowView, filter: CustomerFilter): boolean {
  if (filter.addedFrom === undefined && filter.addedTo === undefined) return true;
  if (f.addedAt === null) return false;
  const day = shanghaiDay(f.addedAt);
  return (filter.addedFrom === undefined || day >= filter.addedFrom) && (filter.addedTo === undefined || day <= filter.addedTo);
}

export const inScope = (scope: CustomerScope, userId: string) => scope.kind === 'all' || scope.userIds.has(userId);

/** The follows a caller may see. */
export function visibleFollows(follows: FollowView[], scope: CustomerScope): FollowView[] {
  return follows.filter((f) => inScope(scope, f.userId));
}

/** A customer matches when one visible follow satisfies every given filter. */
export function matchesFilter(
  follows: FollowView[],
  filter: CustomerFilter,
  scope: CustomerScope,
  channelIdOfState: (state: unknown) => string | undefined,
): boolean {
  return visibleFollows(follows, scope).some(
    (f) =>
      (filter.staff === undefined || f.userId === filter.staff) &&
      (filter.status === undefined || f.status === filter.status) &&
      (filter.tag === undefined || f.tags.includes(filter.tag)) &&
      (filter.channel === undefined || channelIdOfState(f.state) === filter.channel) &&
      addedWithin(f, filter),
  );
}
