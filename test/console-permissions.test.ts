// The console's copy of the route permissions (console/src/permissions.ts) must say what the API enforces
// (shared/auth/policy.ts), so a page never offers what the API refuses, nor hides what it allows.
import { PERMISSIONS } from '../shared/auth/policy';
import { can, CONSOLE_PERMISSIONS } from '../console/src/permissions';

describe('console permissions', () => {
  it('equal the API’s route permissions, permission by permission', () => {
    const sorted = (t: Record<string, readonly string[]>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(CONSOLE_PERMISSIONS)).toEqual(sorted(PERMISSIONS));
  });

  it('lets admins send broadcasts, managers only look, and staff not even look', () => {
    expect(can('admin', 'outreach:write')).toBe(true);
    expect(can('manager', 'outreach:write')).toBe(false);
    expect(can('manager', 'outreach:read')).toBe(true);
    expect(can('staff', 'outreach:read')).toBe(false);
    expect(can(undefined, 'outreach:read')).toBe(false);
  });
});
