// A customer's follow relationships (the relationship projection). Issue 3 adds profile, tags, timeline.
import { NotFoundError } from '../../shared/errors';
import type { FollowView } from '../../shared/domain/relationship';

export interface CustomerReader {
  followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]>;
}

export async function getCustomer(deps: { customers: CustomerReader }, corpId: string, externalUserId: string) {
  const follows = await deps.customers.followsOfCustomer(corpId, externalUserId);
  if (follows.length === 0) throw new NotFoundError('unknown customer');
  return {
    externalUserId,
    follows: follows.map((f) => ({
      userId: f.userId,
      state: f.state,
      status: f.status,
      addedAt: f.addedAt === null ? null : new Date(f.addedAt * 1000).toISOString(),
      changedAt: new Date(f.changedAt * 1000).toISOString(),
    })),
  };
}
