// The auto-accept concern: the friend-add policy of channels (渠道活码). Every add through a channel is
// counted once per (day, staff member, customer); when a member reaches the channel's daily cap the
// contact way is rewritten without them (backup staff, or verification when nobody is left) until
// midnight; a customer who left a member and comes back through the same channel is handed back to that
// member (on-job transfer) when the member is still on the channel and has room today. Deletions in
// either direction are counted against the channel that brought the customer (its stats).
import { channelIdOfState, type ChannelRecord, type ChannelStore } from '../../shared/channels/channel';
import type { ChannelActivityStore } from '../../shared/channels/channel-activity';
import { syncContactWay, type ContactWaySyncDeps } from '../../shared/channels/contact-way-sync';
import { returningOwner } from '../../shared/domain/contact-way';
import type { FollowView } from '../../shared/domain/relationship';
import type { MessageFor, QueueMessageOf } from '../../shared/events/queue-message.schema';
import { shanghaiDay } from '../../shared/events/time';
import type { Outcome } from '../../shared/sqs/consume';
import { tenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../shared/wecom/client';

export interface AutoAcceptDeps extends ContactWaySyncDeps, TenantApiDeps {
  channels: ChannelStore;
  activity: ChannelActivityStore;
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
}

/** The auto-accept queue carries the adds (full and half) and the deletions both ways. */
type AutoAcceptMessage = MessageFor<'auto-accept'>;
type AddMessage = QueueMessageOf<'change_external_contact.add_external_contact' | 'change_external_contact.add_half_external_contact'>;
type Deletion = Exclude<AutoAcceptMessage, AddMessage>['type'];
const DELETED_BY: Record<Deletion, 'staff' | 'customer'> = {
  'change_external_contact.del_external_contact': 'staff',
  'change_external_contact.del_follow_user': 'customer',
};

const isAdd = (m: AutoAcceptMessage): m is AddMessage =>
  m.type === 'change_external_contact.add_external_contact' || m.type === 'change_external_contact.add_half_external_contact';

export async function applyAutoAccept(deps: AutoAcceptDeps, m: AutoAcceptMessage): Promise<Outcome> {
  const { UserID: userId, ExternalUserID: externalUserId } = m.event;
  if (isAdd(m)) return onAdd(deps, m, userId, externalUserId);
  return onDeletion(deps, m, userId, externalUserId, DELETED_BY[m.type]);
}

async function onAdd(deps: AutoAcceptDeps, m: AddMessage, addedTo: string, externalUserId: string): Promise<Outcome> {
  const channelId = channelIdOfState(m.event.State);
  const channel = channelId ? await deps.channels.get(m.corpId, channelId) : undefined;
  if (!channel) return 'ignored';
  const day = shanghaiDay(m.occurredAt);
  const active = channel.status === 'active';
  const api = active ? await tenantApi(deps, m.corpId) : undefined;
  const owner = api ? await handBack(deps, api, channel, addedTo, externalUserId, day) : addedTo;
  const counted = await deps.activity.recordAdd({ corpId: m.corpId, channelId: channel.id, day, userId: owner, externalUserId });
  // Enforce the cap also on a repeat: the first attempt may have counted and then failed to rewrite.
  if (api && channel.dailyCapPerStaff > 0 && day === shanghaiDay(Math.floor(deps.clock.now() / 1000))) {
    const adds = await deps.activity.addsOn(m.corpId, channel.id, day);
    if ((adds[owner] ?? 0) >= channel.dailyCapPerStaff) await syncContactWay(deps, api, m.corpId, channel.id);
  }
  return counted === 'counted' ? 'applied' : 'stale';
}

/** The member the customer ends up with: the one who had them before, when available; else `addedTo`. */
async function handBack(
  deps: AutoAcceptDeps,
  api: WecomTenantClient,
  channel: ChannelRecord,
  addedTo: string,
  externalUserId: string,
  day: string,
): Promise<string> {
  const previous = (await deps.follows.followsOfCustomer(channel.corpId, externalUserId)).filter((f) => f.state === channel.state);
  if (!previous.some((f) => f.userId !== addedTo)) return addedTo;
  const addsToday = channel.dailyCapPerStaff > 0 ? await deps.activity.addsOn(channel.corpId, channel.id, day) : {};
  const back = returningOwner({ policy: channel, addedTo, previous, addsToday });
  if (!back) return addedTo;
  const out = await api.call('externalcontact/transfer_customer', {
    handover_userid: addedTo,
    takeover_userid: back,
    external_userid: [externalUserId],
  });
  // errcode per customer: 0 = transfer started. Otherwise (e.g. the 2-per-90-days limit) they stay put.
  return out.customer.some((c) => c.external_userid === externalUserId && c.errcode === 0) ? back : addedTo;
}

async function onDeletion(deps: AutoAcceptDeps, m: AutoAcceptMessage, userId: string, externalUserId: string, by: 'staff' | 'customer'): Promise<Outcome> {
  const follow = (await deps.follows.followsOfCustomer(m.corpId, externalUserId)).find((f) => f.userId === userId);
  const channelId = channelIdOfState(follow?.state);
  if (!channelId) return 'ignored';
  const counted = await deps.activity.recordDeletion({
    corpId: m.corpId,
    channelId,
    day: shanghaiDay(m.occurredAt),
    userId,
    externalUserId,
    eventKey: m.eventKey,
    by,
  });
  return counted === 'counted' ? 'applied' : 'stale';
}
