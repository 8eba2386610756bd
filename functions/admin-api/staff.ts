// Staff in the admin API (docs/manual.md#admin-api): GET …/staff lists the registry synced from WeCom (resigned staff stay,
// status 'resigned'); POST …/staff/sync pulls the directory now. Manager keys see their department's staff.
import * as z from 'zod';
import type { Principal } from '../../shared/auth/authenticate';
import { syncStaff, type StaffRegistry } from '../../shared/customers/staff-sync';
import type { Clock } from '../../shared/clock';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import { inDepartment, type StaffRecord } from '../../shared/domain/staff';
import { ForbiddenError } from '../../shared/errors';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { cursorParam, limitParam } from '../../shared/input/params';
import { msg } from '../../shared/i18n/messages';

export interface StaffDeps extends TenantApiDeps {
  staffRegistry: StaffRegistry;
  clock: Clock;
}

export const staffQuery = z.object({
  status: z.enum(['active', 'disabled', 'inactive', 'resigned']).optional(),
  department: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  limit: limitParam(500),
  cursor: cursorParam,
});

/** A staff member as the API shows it. */
export const staffView = z.strictObject({
  userId: z.string(),
  name: z.string(),
  department: z.array(z.number().int()).describe('所属部门 id / department ids'),
  status: z.enum(['active', 'disabled', 'inactive', 'resigned']),
  changedAt: z.iso.datetime(),
});
export const staffListView = z.strictObject({ items: z.array(staffView), cursor: z.string().nullable() });
/** What a directory sync did. */
export const staffSyncView = z.strictObject({
  synced: z.number().int().min(0).describe('通讯录中的成员数 / members in the directory'),
  resigned: z.number().int().min(0).describe('本次标记为离职的成员数 / members marked resigned by this sync'),
});

const staffOut = (s: StaffRecord): z.output<typeof staffView> => ({
  userId: s.userId,
  name: s.name,
  department: s.department,
  status: s.status,
  changedAt: new Date(s.changedAt * 1000).toISOString(),
});

export async function listStaff(
  deps: StaffDeps,
  corpId: string,
  principal: Principal,
  q: z.output<typeof staffQuery>,
): Promise<z.output<typeof staffListView>> {
  if (principal.role === 'manager' && !principal.department) throw new ForbiddenError(msg('manager_key_without_department'));
  const department = principal.role === 'manager' ? principal.department : q.department;
  const limit = q.limit ?? 100;
  let after = q.cursor ? decodeCursor('staff', q.cursor).a : undefined;
  const items: StaffRecord[] = [];
  for (;;) {
    const page = await deps.staffRegistry.page(corpId, limit, after);
    for (const s of page.items) {
      if ((q.status === undefined || s.status === q.status) && (department === undefined || inDepartment(s, department))) items.push(s);
      after = s.userId;
      if (items.length === limit) return { items: items.map(staffOut), cursor: encodeCursor('staff', { a: s.userId }) };
    }
    if (!page.last) return { items: items.map(staffOut), cursor: null };
  }
}

export async function syncStaffNow(deps: StaffDeps, corpId: string): Promise<z.output<typeof staffSyncView>> {
  const api = await requireTenantApi(deps, corpId);
  return syncStaff({ staff: deps.staffRegistry, clock: deps.clock }, api, corpId);
}
