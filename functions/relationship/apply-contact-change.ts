// The relationship concern: customer ↔ staff follow state (order-safe by CreateTime), the customer's
// profile and timeline, the staff registry (change_contact) and the corp tag mirror (change_external_tag).
import { type Clock } from '../../shared/clock';
import { channelIdOfState } from '../../shared/channels/channel';
import type { DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { applyStaffEvent, type StaffWriter } from '../../shared/customers/staff-sync';
import { syncTags, type TagMirror } from '../../shared/customers/tag-sync';
import { timelineItemOf } from '../../shared/domain/customers';
import { followChangeOf } from '../../shared/domain/relationship';
import { staffEventOf } from '../../shared/domain/staff';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import { isOfFamily } from '../../shared/events/read-queue-message';
import type { Outcome } from '../../shared/sqs/consume';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { tenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { profilesOfRead, refreshCustomer, settleReadError, tryReadCustomer } from './refresh-customer';
import type { TransferStore } from '../../shared/db/transfer-repository';
import type { DueStore } from '../../shared/schedules/due';
import { pollTransfersNow } from '../../shared/transfers/poll-now';

export interface ApplyContactChangeDeps extends TenantApiDeps {
  follows: Pick<DynamoFollowStore, 'apply' | 'followsOfCustomer' | 'setFollowProfile'>;
  customerRecords: Pick<DynamoCustomerStore, 'recordSeen' | 'get' | 'setProfile' | 'appendTimeline'>;
  staffRegistry: StaffWriter;
  tagMirror: TagMirror;
  clock: Clock;
  /** Inheritances: a transfer_fail makes the matching transfer due now (shared/transfers/poll-now.ts). */
  transfers?: TransferStore | undefined;
  due?: DueStore | undefined;
  /** Outbound webhooks: customer.added / customer.deleted / customer.tags_changed (absent: none published). */
  webhookEvents?: WebhookPublisher;
}

/** The relationship queue carries the customer-contact changes, the corp tag changes and the staff changes. */
export async function applyContactChange(deps: ApplyContactChangeDeps, message: MessageFor<'relationship'>): Promise<Outcome> {
  const { corpId } = message;
  if (isOfFamily(message, 'change_contact.')) {
    const event = staffEventOf(message.type, message.event);
    if (!event) return 'ignored';
    const api = event.kind === 'upsert' ? await tenantApi(deps, corpId) : undefined;
    return applyStaffEvent({ staff: deps.staffRegistry }, api, corpId, event, message.occurredAt);
  }
  if (isOfFamily(message, 'change_external_tag.')) {
    // Any tag change (create/update/delete/shuffle): re-read the whole list, as WeCom recommends.
    const api = await tenantApi(deps, corpId);
    if (!api) return 'ignored';
    await syncTags({ tags: deps.tagMirror, clock: deps.clock }, api, corpId);
    return 'applied';
  }
  // What is left are change_external_contact events: each names the staff member and the customer.
  const { type } = message;
  const { UserID, ExternalUserID } = message.event;
  const ref = { corpId, externalUserId: ExternalUserID, userId: UserID, at: message.occurredAt, eventKey: message.eventKey };

  if (type === 'change_external_contact.edit_external_contact') {
    const api = await tenantApi(deps, corpId);
    if (!api) return 'ignored';
    return refreshCustomer(deps, api, { ...ref, mode: 'edit' });
  }

  if (type === 'change_external_contact.transfer_fail' && deps.transfers && deps.due) {
    await pollTransfersNow({ transfers: deps.transfers, due: deps.due }, corpId, ExternalUserID, UserID, Math.floor(deps.clock.now() / 1000));
  }
  const item = timelineItemOf(message, channelIdOfState);
  const change = followChangeOf(message);
  if (!item && !change) return 'ignored';
  // One write per item and event (docs/architecture.md#cost-per-add): an add reads WeCom first, then the
  // profile item (index, first seen, profile) and the follow (change and follow profile) are written once each.
  const known = { item: await deps.customerRecords.get(corpId, ExternalUserID) };
  const api = change?.added ? await tenantApi(deps, corpId) : undefined;
  const fetchedAt = deps.clock.now();
  const read = api ? await tryReadCustomer(api, ExternalUserID) : undefined;
  const profiles = read && 'read' in read ? await profilesOfRead(deps, corpId, UserID, read.read, Boolean(known.item?.erasedAt)) : {};
  await deps.customerRecords.recordSeen(
    corpId,
    ExternalUserID,
    message.occurredAt,
    profiles.customer && { read: profiles.customer, fetchedAtMs: fetchedAt },
    known,
  );
  // History: every event goes on the timeline once, also a late one that no longer changes the state.
  const appended = item ? await deps.customerRecords.appendTimeline(item) : 'exists';
  if (!change) return appended === 'appended' ? 'applied' : 'stale';
  const outcome = await deps.follows.apply(change, profiles.follow);
  if (outcome === 'applied' && deps.webhookEvents && (change.added || change.status.startsWith('deleted'))) {
    const data = {
      externalUserId: ExternalUserID,
      userId: UserID,
      ...(change.added
        ? { halfAdd: type === 'change_external_contact.add_half_external_contact', state: change.added.state ?? null }
        : { by: change.status === 'deleted_by_customer' ? 'customer' : 'staff' }),
    };
    await deps.webhookEvents.publish(corpId, change.added ? 'customer.added' : 'customer.deleted', data, {
      occurredAt: message.occurredAt * 1000,
      sourceKey: message.eventKey,
    });
  }
  if (read && 'error' in read) await settleReadError(deps, corpId, ExternalUserID, UserID, read.error);
  return outcome;
}
