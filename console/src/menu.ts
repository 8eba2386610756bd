// The left menu: path under /console/ and the message key of its label, in the order operators expect.
export const MENU = [
  { path: 'dashboard', label: 'menu.dashboard' },
  { path: 'customers', label: 'menu.customers' },
  { path: 'staff', label: 'menu.staff' },
  { path: 'channels', label: 'menu.channels' },
  { path: 'groups', label: 'menu.groups' },
  { path: 'broadcasts', label: 'menu.broadcasts' },
  { path: 'sop', label: 'menu.sop' },
  { path: 'moments', label: 'menu.moments' },
  { path: 'keyword-rules', label: 'menu.keywordRules' },
  { path: 'quick-replies', label: 'menu.quickReplies' },
  { path: 'archive', label: 'menu.archive' },
  { path: 'audit', label: 'menu.audit' },
  { path: 'operation-log', label: 'menu.operationLog' },
  { path: 'settings', label: 'menu.settings' },
] as const;
