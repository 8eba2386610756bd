// The console's copy of the route permissions (console/src/permissions.ts) must equal the API's
// (shared/auth/policy.ts): otherwise the console would show a page the API refuses, or hide one it allows.
import { PERMISSIONS } from '../shared/auth/policy';
import { can, CONSOLE_PERMISSIONS } from '../console/src/permissions';

describe('console permissions', () => {
  it('are the API route permissions, permission by permission', () => {
    expect(CONSOLE_PERMISSIONS).toEqual(PERMISSIONS);
  });

  it('answer per role: an admin writes rules, a manager only reads them, staff not at all', () => {
    expect(can('admin', 'rules:write')).toBe(true);
    expect(can('manager', 'rules:write')).toBe(false);
    expect(can('manager', 'rules:read')).toBe(true);
    expect(can('staff', 'rules:read')).toBe(false);
    expect(can(undefined, 'quickreplies:read')).toBe(false);
  });
});
