// What the signed-in member may do, from the API's own route permissions (shared/auth/permissions.ts, plain
// data with no imports, so the console bundles the very table the API enforces): the pages hide what the
// member's role may not do; the API still refuses it.
import { PERMISSIONS, type Permission } from '../../shared/auth/permissions';

export type { Permission };

/** Whether a member (or a role) may use routes guarded by `permission`. */
export function can(who: string | { role: string } | undefined, permission: Permission): boolean {
  const role = typeof who === 'string' ? who : who?.role;
  return role !== undefined && (PERMISSIONS[permission] as readonly string[]).includes(role);
}
