// Broadcasts (群发): who is in the audience, and what a broadcast's status is after a run. Pure.
//
// Audience of a customer broadcast: a customer is in it when ONE of their active follows matches every
// given filter — staff (any of the listed members), channel (any of the listed channels, from the follow's
// state), added time (addedFrom ≤ addedAt < addedTo) and tags (the follow carries ANY of `tags`, the OR of
// WeCom's own tag filter within a group) — and NONE of their active follows carries an excluded tag.
// With a staff filter, the member of that matching follow sends it (first listed member first); without,
// no sender is given and WeCom hands the task to the member who last talked with the customer.
// Stage and custom field conditions (ANY listed stage, EVERY field condition) hold on the customer, not a
// follow: shared/domain/customer-fields.ts matchesAttributes, applied by shared/outreach/audience.ts.
import type { AttributeFilter } from './customer-fields';
import type { BlockReason } from './quota';
import type { FollowView } from './relationship';

/** Follow conditions; stage and custom field conditions (AttributeFilter) are checked by the audience reader with the customer's attributes. */
export interface CustomerFilter extends AttributeFilter {
  tags?: readonly string[] | undefined;
  excludeTags?: readonly string[] | undefined;
  staff?: readonly string[] | undefined;
  channel?: readonly string[] | undefined;
  /** Unix seconds, inclusive. */
  addedFrom?: number | undefined;
  /** Unix seconds, exclusive. */
  addedTo?: number | undefined;
}

/** Whether the customer with these follows is in the audience, and who sends to them. */
export function customerMatch(
  follows: readonly FollowView[],
  filter: CustomerFilter,
  channelIdOfState: (state: unknown) => string | undefined,
): { sender: string | undefined } | undefined {
  const active = follows.filter((f) => f.status === 'active');
  if (filter.excludeTags?.length && active.some((f) => f.tags.some((t) => filter.excludeTags!.includes(t)))) return undefined;
  const matching = active.filter(
    (f) =>
      (!filter.staff?.length || filter.staff.includes(f.userId)) &&
      (!filter.channel?.length || filter.channel.includes(channelIdOfState(f.state) ?? '')) &&
      (filter.addedFrom === undefined || (f.addedAt !== null && f.addedAt >= filter.addedFrom)) &&
      (filter.addedTo === undefined || (f.addedAt !== null && f.addedAt < filter.addedTo)) &&
      (!filter.tags?.length || f.tags.some((t) => filter.tags!.includes(t))),
  );
  if (matching.length === 0) return undefined;
  if (!filter.staff?.length) return { sender: undefined };
  const order = (u: string) => filter.staff!.indexOf(u);
  return { sender: [...matching].sort((a, b) => order(a.userId) - order(b.userId))[0]!.userId };
}

/** How many ids a dry run and a broadcast's blocked/failed lists show at most. */
export const LIST_CAP = 200;

export type BroadcastStatus = 'scheduled' | 'sending' | 'sent' | 'partially_blocked' | 'failed';

/** The status once nothing remains to send. */
export function finalStatus(r: { sent: number; blocked: number; failed: number; fatal: boolean }): BroadcastStatus {
  if (r.fatal && r.sent === 0) return 'failed';
  if (r.blocked > 0 || r.failed > 0 || r.fatal) return 'partially_blocked';
  return 'sent';
}

/** Counts per block reason. */
export function countByReason(blocked: ReadonlyArray<{ reason: BlockReason }>): Partial<Record<BlockReason, number>> {
  const out: Partial<Record<BlockReason, number>> = {};
  for (const b of blocked) out[b.reason] = (out[b.reason] ?? 0) + 1;
  return out;
}
