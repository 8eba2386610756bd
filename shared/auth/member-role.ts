// A logged-in member's role, from the tenant's settings and the staff directory (pure). Admins are listed by
// userid (`admins`); managers by `managers` (userid → the department id they lead: the directory we sync
// does not carry department leaders); everyone else is staff. A member who is not active in the directory
// (resigned, disabled, not activated, or unknown) has no role: refused at once, on every request.
import type { StaffRecord } from '../domain/staff';
import type { Role } from './api-key';

export interface RoleSettings {
  admins?: readonly string[] | undefined;
  managers?: Readonly<Record<string, number>> | undefined;
}

export type MemberRole = { role: Exclude<Role, 'superadmin' | 'auditor'>; department?: string | undefined };

export function memberRole(settings: RoleSettings, member: Pick<StaffRecord, 'status' | 'department'> | undefined, userId: string): MemberRole | undefined {
  if (!member || member.status !== 'active') return undefined;
  if (settings.admins?.includes(userId)) return { role: 'admin' };
  const led = settings.managers?.[userId];
  if (led !== undefined) return { role: 'manager', department: String(led) };
  return { role: 'staff', ...(member.department[0] !== undefined ? { department: String(member.department[0]) } : {}) };
}
