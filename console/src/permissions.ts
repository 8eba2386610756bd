// What the signed-in member's role may do in the console: the route permissions of shared/auth/policy.ts,
// mirrored for the pages (a unit test keeps the two tables equal). The API still enforces every one.
export type ConsoleRole = 'superadmin' | 'admin' | 'manager' | 'staff' | 'auditor';

const ALL = ['superadmin', 'admin', 'manager', 'staff', 'auditor'] as const;
const READERS = ['superadmin', 'admin', 'manager', 'auditor'] as const;
const ADMINS = ['superadmin', 'admin'] as const;

export const CONSOLE_PERMISSIONS = {
  'tenant:write': ['superadmin'],
  'tenant:read': ADMINS,
  'apikey:create': ADMINS,
  'apikey:read': ADMINS,
  'apikey:revoke': ADMINS,
  'sessions:read': ADMINS,
  'sessions:revoke': ADMINS,
  'events:read': ['superadmin', 'admin', 'auditor'],
  'events:replay': ADMINS,
  'customers:read': ALL,
  'channels:read': READERS,
  'channels:write': ADMINS,
  'groups:read': READERS,
  'groups:write': ADMINS,
  'audit:read': READERS,
  'oplog:read': ['superadmin', 'admin', 'auditor'],
  'staff:read': READERS,
  'staff:sync': ADMINS,
  'tags:read': ALL,
  'tags:write': ADMINS,
  'rules:read': READERS,
  'rules:write': ADMINS,
  'archive:read': ['superadmin', 'admin', 'auditor'],
  'sensitive:read': READERS,
  'sensitive:write': ADMINS,
  'quickreplies:read': ALL,
  'quickreplies:write': ADMINS,
  'outreach:read': READERS,
  'outreach:write': ADMINS,
  'metrics:read': READERS,
  'orders:write': ADMINS,
  'jobs:run': ADMINS,
} as const satisfies Record<string, readonly ConsoleRole[]>;

export type ConsolePermission = keyof typeof CONSOLE_PERMISSIONS;

/** Whether a member of this role may use routes guarded by `permission`. */
export const can = (role: string | undefined, permission: ConsolePermission): boolean =>
  role !== undefined && (CONSOLE_PERMISSIONS[permission] as readonly string[]).includes(role);
