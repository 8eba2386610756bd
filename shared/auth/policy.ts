// Route permissions as data: which roles may do what. Tenant scope is checked in the same place:
// every role but the super-admin is bound to its own tenant.
import { ForbiddenError } from '../errors';
import type { Role } from './api-key';
import type { Principal } from './authenticate';
import { msg } from '../i18n/messages';

export const PERMISSIONS = {
  'tenant:write': ['superadmin'],
  'tenant:read': ['superadmin', 'admin'],
  'apikey:create': ['superadmin', 'admin'],
  'apikey:read': ['superadmin', 'admin'],
  'apikey:revoke': ['superadmin', 'admin'],
  'sessions:read': ['superadmin', 'admin'],
  'sessions:revoke': ['superadmin', 'admin'],
  'events:read': ['superadmin', 'admin', 'auditor'],
  'events:replay': ['superadmin', 'admin'],
  'customers:read': ['superadmin', 'admin', 'manager', 'staff', 'auditor'],
  'channels:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'channels:write': ['superadmin', 'admin'],
  'groups:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'groups:write': ['superadmin', 'admin'],
  'audit:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'oplog:read': ['superadmin', 'admin', 'auditor'],
  'staff:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'staff:sync': ['superadmin', 'admin'],
  'tags:read': ['superadmin', 'admin', 'manager', 'staff', 'auditor'],
  'tags:write': ['superadmin', 'admin'],
  'rules:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'rules:write': ['superadmin', 'admin'],
  'archive:read': ['superadmin', 'admin', 'auditor'],
  'sensitive:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'sensitive:write': ['superadmin', 'admin'],
  'quickreplies:read': ['superadmin', 'admin', 'manager', 'staff', 'auditor'],
  'quickreplies:write': ['superadmin', 'admin'],
  'outreach:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'outreach:write': ['superadmin', 'admin'],
  'metrics:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'orders:write': ['superadmin', 'admin'],
  'jobs:run': ['superadmin', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function authorize(principal: Principal, permission: Permission, corpId: string): void {
  const allowed = PERMISSIONS[permission] as readonly Role[];
  if (!allowed.includes(principal.role)) throw new ForbiddenError(msg('role_forbidden', { role: principal.role, permission }));
  if (principal.role !== 'superadmin' && principal.corpId !== corpId) {
    throw new ForbiddenError(msg('key_of_other_tenant'));
  }
}
