// Whose customers a caller sees (spec §3 roles): staff keys their own, manager keys those of the staff
// in their department (from the staff registry), every other role all of them.
import type { Principal } from '../auth/authenticate';
import type { DynamoStaffStore } from '../db/staff-repository';
import type { CustomerScope } from '../domain/customers';
import { inDepartment } from '../domain/staff';
import { ForbiddenError } from '../errors';

export async function customerScope(deps: { staffRegistry: Pick<DynamoStaffStore, 'all'> }, corpId: string, principal: Principal): Promise<CustomerScope> {
  if (principal.role === 'staff') {
    if (!principal.userId) throw new ForbiddenError('this staff key has no userId');
    return { kind: 'staff', userIds: new Set([principal.userId]) };
  }
  if (principal.role === 'manager') {
    if (!principal.department) throw new ForbiddenError('this manager key has no department');
    const department = principal.department;
    const members = (await deps.staffRegistry.all(corpId)).filter((s) => inDepartment(s, department));
    return { kind: 'staff', userIds: new Set(members.map((s) => s.userId)) };
  }
  return { kind: 'all' };
}
