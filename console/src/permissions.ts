// What the signed-in member may do, for showing only the actions of its role: the route permissions of
// shared/auth/policy.ts copied here (the console bundle must not pull in server code); a unit test
// (test/console-permissions.test.ts) keeps the copy equal. The API enforces them anyway.
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
} as const satisfies Record<string, readonly string[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Whether a member of `role` may do `permission`. */
export const can = (role: string, permission: Permission): boolean => (PERMISSIONS[permission] as readonly string[]).includes(role);
