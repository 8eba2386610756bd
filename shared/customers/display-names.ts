// The names staff read in alerts instead of ids: the staff member (staff registry), the customer (customer
// records) and the channel the customer came through (the follow's contact-way state). A name that is not
// known, or a lookup that fails, leaves the id in the text: an alert is never held back for a name.
import { channelIdOfState } from '../channels/channel';
import type { AlertNames } from '../domain/audit';
import type { FollowView } from '../domain/relationship';

export interface DisplayNameDeps {
  staffRegistry: { get(corpId: string, userId: string): Promise<{ name: string } | undefined> };
  customerRecords: { get(corpId: string, externalUserId: string): Promise<{ name: string | null } | undefined> };
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
  channels: { get(corpId: string, id: string): Promise<{ name: string } | undefined> };
}

const orUndefined = async <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
const named = (n: string | null | undefined) => (n && n.trim() !== '' ? n : undefined);

async function channelName(deps: DisplayNameDeps, corpId: string, staff: string | undefined, customer: string): Promise<string | undefined> {
  const follows = (await orUndefined(deps.follows.followsOfCustomer(corpId, customer))) ?? [];
  // The follow with this staff member first; else any follow of the customer that came through a channel.
  const ordered = [...follows.filter((f) => f.userId === staff), ...follows.filter((f) => f.userId !== staff)];
  const id = ordered.map((f) => channelIdOfState(f.state)).find((c) => c !== undefined);
  return id ? named((await orUndefined(deps.channels.get(corpId, id)))?.name) : undefined;
}

/** Names for an alert about `staff` and `customer` (either may be absent). */
export async function alertNames(
  deps: DisplayNameDeps,
  corpId: string,
  who: { staff?: string | undefined; customer?: string | undefined },
): Promise<AlertNames> {
  const [staff, customer, channel] = await Promise.all([
    who.staff ? orUndefined(deps.staffRegistry.get(corpId, who.staff)) : undefined,
    who.customer ? orUndefined(deps.customerRecords.get(corpId, who.customer)) : undefined,
    who.customer ? channelName(deps, corpId, who.staff, who.customer) : undefined,
  ]);
  return { staff: named(staff?.name), customer: named(customer?.name), channel };
}
