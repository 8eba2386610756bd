// Whose data a caller sees (docs/manual.md#roles-and-scope): staff keys their own customers, manager keys those of the
// staff in their department (from the staff registry), every other role all of them. Also: which of a list
// of customers or groups lie inside a scope (a customer through any follow of a member in it, a group
// through its owner).
import type { Principal } from '../auth/authenticate';
import type { DynamoStaffStore } from '../db/staff-repository';
import type { GroupStore } from '../groups/group';
import { inScope, type CustomerScope } from '../domain/customers';
import type { FollowView } from '../domain/relationship';
import { inDepartment } from '../domain/staff';
import { ForbiddenError } from '../errors';
import { mapLimit } from '../map-limit';
import { msg } from '../i18n/messages';

export async function customerScope(deps: { staffRegistry: Pick<DynamoStaffStore, 'all'> }, corpId: string, principal: Principal): Promise<CustomerScope> {
  if (principal.role === 'staff') {
    if (!principal.userId) throw new ForbiddenError(msg('staff_key_without_user'));
    return { kind: 'staff', userIds: new Set([principal.userId]) };
  }
  if (principal.role === 'manager') {
    if (!principal.department) throw new ForbiddenError(msg('manager_key_without_department'));
    const department = principal.department;
    const members = (await deps.staffRegistry.all(corpId)).filter((s) => inDepartment(s, department));
    return { kind: 'staff', userIds: new Set(members.map((s) => s.userId)) };
  }
  return { kind: 'all' };
}

export interface ScopeLookups {
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
  groups?: Pick<GroupStore, 'list'>;
}

/** The customers (external user ids) of `ids` that a follow of a member in `scope` links to, in order. */
export async function customersInScope(
  deps: Pick<ScopeLookups, 'follows'>,
  corpId: string,
  scope: CustomerScope,
  ids: readonly string[],
): Promise<Set<string>> {
  if (scope.kind === 'all') return new Set(ids);
  const unique = [...new Set(ids)];
  const seen = await mapLimit(unique, 16, async (id) => (await deps.follows.followsOfCustomer(corpId, id)).some((f) => inScope(scope, f.userId)));
  return new Set(unique.filter((_, i) => seen[i]));
}

/** The groups (chat ids) of `ids` whose owner is a member in `scope`. */
export async function groupsInScope(
  deps: Required<Pick<ScopeLookups, 'groups'>>,
  corpId: string,
  scope: CustomerScope,
  ids: readonly string[],
): Promise<Set<string>> {
  if (scope.kind === 'all') return new Set(ids);
  if (ids.length === 0) return new Set();
  const owners = new Map((await deps.groups.list(corpId)).map((g) => [g.chatId, g.owner]));
  return new Set(ids.filter((id) => owners.has(id) && inScope(scope, owners.get(id)!)));
}
