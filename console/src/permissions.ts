// What the signed-in member may do, from the API's own route permissions (shared/auth/permissions.ts): the
// console hides what the role may not do; the API still enforces it.
import { PERMISSIONS, type Permission } from '../../shared/auth/permissions';
import type { Me } from './api';

export type { Permission };

export const can = (member: Pick<Me, 'role'> | undefined, permission: Permission): boolean =>
  member !== undefined && (PERMISSIONS[permission] as readonly string[]).includes(member.role);
