// Route permissions as data: which roles may do what. Tenant scope is checked in the same place:
// every role but the super-admin is bound to its own tenant.
import { ForbiddenError } from '../errors';
import type { Role } from './api-key';
import type { Principal } from './authenticate';
import { PERMISSIONS, type Permission } from './permissions';
import { msg } from '../i18n/messages';

export { PERMISSIONS, type Permission } from './permissions';

// Every role named in the table is a real one.
PERMISSIONS satisfies Record<Permission, readonly Role[]>;

export function authorize(principal: Principal, permission: Permission, corpId: string): void {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  if (!allowed.includes(principal.role)) throw new ForbiddenError(msg('role_forbidden', { role: principal.role, permission }));
  if (principal.role !== 'superadmin' && principal.corpId !== corpId) {
    throw new ForbiddenError(msg('key_of_other_tenant'));
  }
}
