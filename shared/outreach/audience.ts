// Who a broadcast goes to, read from the follow projection and the group registry (no WeCom calls).
// Customers: with a staff filter, each listed member's follows (GSI1, paged); otherwise the tenant's
// customer index, then each customer's follows; with stage or custom field conditions, then each matching
// customer's attributes (shared/db/customer-field-repository.ts). Groups: the registry's live groups, by owner or chat id.
import { channelIdOfState } from '../channels/channel';
import type { DynamoCustomerStore } from '../db/customer-repository';
import type { DynamoFollowStore } from '../db/follow-repository';
import { mapLimit } from '../map-limit';
import { customerMatch, type CustomerFilter } from '../domain/broadcast';
import type { DynamoCustomerFieldStore } from '../db/customer-field-repository';
import { hasAttributeFilter, matchesAttributes, type FieldDefinition } from '../domain/customer-fields';
import type { FollowView } from '../domain/relationship';
import type { GroupStore } from '../groups/group';
import type { MassRecipient } from './mass-message';

export interface AudienceDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'followsOfStaffPage'>;
  customerRecords: Pick<DynamoCustomerStore, 'page'>;
  groups: Pick<GroupStore, 'list'>;
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'attributes' | 'stages'>;
}

const PAGE = 500;

/** The customers matching `filter`, by external user id, each with the member who sends to them. */
export async function customerAudience(deps: AudienceDeps, corpId: string, filter: CustomerFilter): Promise<MassRecipient[]> {
  const found = new Map<string, string | undefined>();
  // Stage and field conditions: read each follow-matching customer's attributes (definitions once).
  const defs: readonly FieldDefinition[] | undefined = hasAttributeFilter(filter) ? await deps.customerFields.definitions(corpId) : undefined;
  const attributesMatch = async (ext: string) => defs === undefined || matchesAttributes(defs, await deps.customerFields.attributes(corpId, ext), filter);
  if (filter.staff?.length) {
    // Customers of the listed members: their follows come with the GSI page; a customer followed by more
    // than one member is read whole so that excluded tags on another follow still exclude them.
    const byCustomer = new Map<string, FollowView[]>();
    for (const userId of filter.staff) {
      let after: string | undefined;
      do {
        const page = await deps.follows.followsOfStaffPage(corpId, userId, PAGE, after);
        for (const f of page.items) byCustomer.set(f.externalUserId, [...(byCustomer.get(f.externalUserId) ?? []), f]);
        after = page.last ?? undefined;
      } while (after);
    }
    const ids = [...byCustomer.keys()];
    await mapLimit(ids, 16, async (ext) => {
      const known = byCustomer.get(ext)!;
      const follows = filter.excludeTags?.length ? await deps.follows.followsOfCustomer(corpId, ext) : known;
      const m = customerMatch(follows, filter, channelIdOfState);
      if (m && (await attributesMatch(ext))) found.set(ext, m.sender);
    });
  } else {
    let after: string | undefined;
    do {
      const page = await deps.customerRecords.page(corpId, PAGE, after);
      await mapLimit(page.items, 16, async (ext) => {
        const m = customerMatch(await deps.follows.followsOfCustomer(corpId, ext), filter, channelIdOfState);
        if (m && (await attributesMatch(ext))) found.set(ext, m.sender);
      });
      after = page.last ?? undefined;
    } while (after);
  }
  return [...found].sort(([a], [b]) => a.localeCompare(b)).map(([id, sender]) => ({ id, sender }));
}

/** Live groups of the listed owners (all owners when none) or the listed chats; each sent by its owner. */
export async function groupAudience(
  deps: Pick<AudienceDeps, 'groups'>,
  corpId: string,
  filter: { staff?: readonly string[] | undefined; chatIds?: readonly string[] | undefined },
): Promise<MassRecipient[]> {
  const groups = (await deps.groups.list(corpId)).filter(
    (g) => g.status === 'active' && (!filter.staff?.length || filter.staff.includes(g.owner)) && (!filter.chatIds?.length || filter.chatIds.includes(g.chatId)),
  );
  return groups.sort((a, b) => a.chatId.localeCompare(b.chatId)).map((g) => ({ id: g.chatId, sender: g.owner }));
}

/** The recipients a broadcast goes to now (customers added after `asOf` are not in it). */
export function broadcastAudience(
  deps: AudienceDeps,
  b: { corpId: string; target: 'customers' | 'groups'; filter: CustomerFilter & { chatIds?: readonly string[] | undefined } },
  asOf?: number,
) {
  if (b.target === 'groups') return groupAudience(deps, b.corpId, b.filter);
  const addedTo = asOf === undefined ? b.filter.addedTo : Math.min(b.filter.addedTo ?? Number.POSITIVE_INFINITY, asOf + 1);
  return customerAudience(deps, b.corpId, { ...b.filter, addedTo });
}
