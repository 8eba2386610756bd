// The console's copy of the route permissions (console/src/permissions.ts) stays equal to the API's
// (shared/auth/policy.ts), so the console never shows an action the API refuses, nor hides one it allows.
import { PERMISSIONS as API } from '../shared/auth/policy';
import { can, PERMISSIONS as CONSOLE } from '../console/src/permissions';

describe('console permissions', () => {
  it('equal the route permissions of the API', () => {
    expect(CONSOLE).toEqual(API);
  });
  it('answer by role', () => {
    expect(can('admin', 'channels:write')).toBe(true);
    expect(can('manager', 'channels:write')).toBe(false);
    expect(can('manager', 'groups:read')).toBe(true);
    expect(can('staff', 'groups:read')).toBe(false);
  });
});
