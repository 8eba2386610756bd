// The group registry in the admin API: every customer group Siyu has heard of, with its member count and
// status (active / dismissed), kept by the group-routing consumer. A scoped caller (manager) sees the groups
// whose owner is in its scope.
import { publicGroup } from '../../shared/groups/group';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import * as z from 'zod';
import type { GroupDeps } from './group-codes';

/** `?status=`; a bad value is a 400 'invalid group filter' (the route's message). */
export const groupsQuery = z.object({ status: z.enum(['active', 'dismissed'], { message: 'active or dismissed' }).optional() });

export async function listGroups(
  deps: Pick<GroupDeps, 'groups'>,
  corpId: string,
  { status }: z.output<typeof groupsQuery> = {},
  scope: CustomerScope = { kind: 'all' },
) {
  const groups = await deps.groups.list(corpId);
  return { items: groups.filter((g) => (status === undefined || g.status === status) && inScope(scope, g.owner)).map(publicGroup) };
}
