// Route permissions as data: which roles may do what (enforced by policy.ts, which also checks every role
// named here is a real one). No imports, so the console (console/src/permissions.ts) can show each member
// only what the API lets them do.
export const PERMISSIONS = {
  'tenant:write': ['superadmin'],
  'tenant:read': ['superadmin', 'admin'],
  'apikey:create': ['superadmin', 'admin'],
  'apikey:read': ['superadmin', 'admin'],
  'apikey:revoke': ['superadmin', 'admin'],
  // the chat archive's secret and private keys (write-only; read shows versions and fingerprints)
  'archivesecrets:read': ['superadmin', 'admin'],
  'archivesecrets:write': ['superadmin', 'admin'],
  'sessions:read': ['superadmin', 'admin'],
  'sessions:revoke': ['superadmin', 'admin'],
  'events:read': ['superadmin', 'admin', 'auditor'],
  'events:replay': ['superadmin', 'admin'],
  'customers:read': ['superadmin', 'admin', 'manager', 'staff', 'auditor'],
  'customerfields:write': ['superadmin', 'admin'],
  'customerdata:write': ['superadmin', 'admin', 'manager'],
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
  'transfers:read': ['superadmin', 'admin', 'manager', 'auditor'],
  'transfers:write': ['superadmin', 'admin', 'manager'],
  'webhooks:read': ['superadmin', 'admin', 'auditor'],
  'webhooks:write': ['superadmin', 'admin'],
  // personal data (PIPL): export and erase a customer's data
  'customers:personal-data': ['superadmin', 'admin'],
  // remark phone numbers (remark_mobiles) in the customer detail: a field permission, not a route's
  'customers:phones': ['superadmin', 'admin', 'manager'],
  // the material library (素材库): everyone who sends reads it; admins upload and delete
  'materials:read': ['superadmin', 'admin', 'manager', 'staff', 'auditor'],
  'materials:write': ['superadmin', 'admin'],
} as const satisfies Record<string, readonly string[]>;

export type Permission = keyof typeof PERMISSIONS;
