// The group registry in the admin API: every customer group Siyu has heard of, with its member count and
// status (active / dismissed), kept by the group-routing consumer. A scoped caller (manager) sees the groups
// whose owner is in its scope.
import { publicGroup } from '../../shared/groups/group.schema';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import { ValidationError } from '../../shared/errors';
import type { GroupDeps } from './group-codes';

export async function listGroups(deps: Pick<GroupDeps, 'groups'>, corpId: string, query: Record<string, string | undefined> = {}, scope: CustomerScope = { kind: 'all' }) {
  const status = query.status;
  if (status !== undefined && status !== 'active' && status !== 'dismissed') {
    throw new ValidationError('invalid group filter', { details: [{ field: 'status', message: 'active or dismissed' }] });
  }
  const groups = await deps.groups.list(corpId);
  return { items: groups.filter((g) => (status === undefined || g.status === status) && inScope(scope, g.owner)).map(publicGroup) };
}
