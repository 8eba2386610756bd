// The left menu: path under /console/, the permission a member needs to see the entry (the page's read route,
// console/src/permissions.ts) and the message key of its label, in the order operators expect.
import type { Permission } from './permissions';

export const MENU = [
  { path: 'dashboard', read: 'metrics:read', label: 'menu.dashboard' },
  { path: 'customers', read: 'customers:read', label: 'menu.customers' },
  { path: 'staff', read: 'staff:read', label: 'menu.staff' },
  { path: 'transfers', read: 'transfers:read', label: 'menu.transfers' },
  { path: 'channels', read: 'channels:read', label: 'menu.channels' },
  { path: 'groups', read: 'groups:read', label: 'menu.groups' },
  { path: 'broadcasts', read: 'outreach:read', label: 'menu.broadcasts' },
  { path: 'sop', read: 'outreach:read', label: 'menu.sop' },
  { path: 'moments', read: 'outreach:read', label: 'menu.moments' },
  { path: 'keyword-rules', read: 'rules:read', label: 'menu.keywordRules' },
  { path: 'quick-replies', read: 'quickreplies:read', label: 'menu.quickReplies' },
  { path: 'materials', read: 'materials:read', label: 'menu.materials' },
  { path: 'archive', read: 'archive:read', label: 'menu.archive' },
  { path: 'audit', read: 'audit:read', label: 'menu.audit' },
  { path: 'operation-log', read: 'oplog:read', label: 'menu.operationLog' },
  { path: 'webhooks', read: 'webhooks:read', label: 'menu.webhooks' },
  { path: 'settings', read: 'tenant:read', label: 'menu.settings' },
] as const satisfies ReadonlyArray<{ path: string; read: Permission; label: string }>;
