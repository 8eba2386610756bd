import { ROUTES } from '../../functions/admin-api/routes';
import { ForbiddenError } from '../errors';
import type { Principal } from './authenticate';
import { PERMISSIONS, authorize } from './policy';

const p = (role: Principal['role'], corpId?: string): Principal => ({ role, corpId, keyId: 'k' });

describe('route permissions', () => {
  it('every route names a known permission', () => {
    for (const r of ROUTES) expect(Object.keys(PERMISSIONS)).toContain(r.permission);
  });

  it('no write route is open to read-only roles (auditor, staff)', () => {
    for (const r of ROUTES.filter((x) => x.method !== 'GET')) {
      const allowed = PERMISSIONS[r.permission] as readonly string[];
      expect({ route: `${r.method} ${r.path}`, auditor: allowed.includes('auditor'), staff: allowed.includes('staff') }).toEqual({
        route: `${r.method} ${r.path}`,
        auditor: false,
        staff: false,
      });
    }
  });

  it('binds every role but the super-admin to its own tenant', () => {
    expect(() => authorize(p('superadmin'), 'events:read', 'wwA')).not.toThrow();
    expect(() => authorize(p('admin', 'wwA'), 'events:read', 'wwA')).not.toThrow();
    expect(() => authorize(p('admin', 'wwA'), 'events:read', 'wwB')).toThrow(ForbiddenError);
    expect(() => authorize(p('auditor', 'wwA'), 'events:replay', 'wwA')).toThrow(ForbiddenError);
    expect(() => authorize(p('admin', 'wwA'), 'tenant:write', 'wwA')).toThrow(ForbiddenError);
  });
});
