// What the signed-in member's role may do in the console: the admin API's route permissions
// (shared/auth/policy.ts PERMISSIONS, copied here so the bundle carries no server code; a unit test keeps the
// two equal). The console hides what a role may not do; the API refuses it anyway.
export const CONSOLE_PERMISSIONS = {
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

export type ConsolePermission = keyof typeof CONSOLE_PERMISSIONS;

/** Whether `role` (from GET /auth/me) may use the routes guarded by `permission`. */
export const can = (role: string | undefined, permission: ConsolePermission): boolean =>
  role !== undefined && (CONSOLE_PERMISSIONS[permission] as readonly string[]).includes(role);
