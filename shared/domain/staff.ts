// The staff registry, derived from the WeCom directory (user/list_id + user/get) and change_contact
// events. Pure: no I/O. Order safety as for follows: a change applies only if it is newer by
// (changedAt, rank); a full sync ranks below any event of the same second, a deletion above all.

export type StaffStatus = 'active' | 'disabled' | 'inactive' | 'resigned';

export interface StaffRecord {
  corpId: string;
  userId: string;
  name: string;
  department: number[];
  status: StaffStatus;
  /** Unix seconds of the change (event CreateTime, or the time of a sync). */
  changedAt: number;
  rank: number;
}

export const STAFF_RANK = { sync: 0, create_user: 1, update_user: 2, delete_user: 3 } as const;

/** WeCom's user status: 1 active, 2 disabled, 4 not activated, 5 quit. */
export function staffStatusOf(wecomStatus: unknown): StaffStatus {
  switch (Number(wecomStatus)) {
    case 2:
      return 'disabled';
    case 4:
      return 'inactive';
    case 5:
      return 'resigned';
    default:
      return 'active';
  }
}

/** "1,2,3" (callback XML) or [1,2,3] (API) → department ids. */
export function departmentsOf(value: unknown): number[] | undefined {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
  if (!parts) return undefined;
  const ids = parts.map((p) => Number(String(p).trim())).filter((n) => Number.isInteger(n) && n > 0);
  return ids.length > 0 ? ids : undefined;
}

export type StaffEvent =
  | { kind: 'upsert'; userId: string; rank: number; name?: string | undefined; department?: number[] | undefined; status?: StaffStatus | undefined }
  | { kind: 'delete'; userId: string; rank: number };

/** What a change_contact event says about a staff member, or undefined for other events. */
export function staffEventOf(type: string, event: Record<string, unknown>): StaffEvent | undefined {
  const change = type.startsWith('change_contact.') ? type.slice('change_contact.'.length) : undefined;
  const userId = typeof event.UserID === 'string' && event.UserID ? event.UserID : undefined;
  if (!userId) return undefined;
  if (change === 'delete_user') return { kind: 'delete', userId, rank: STAFF_RANK.delete_user };
  if (change !== 'create_user' && change !== 'update_user') return undefined;
  return {
    kind: 'upsert',
    userId,
    rank: STAFF_RANK[change],
    name: typeof event.Name === 'string' && event.Name ? event.Name : undefined,
    department: departmentsOf(event.Department),
    status: event.Status === undefined || event.Status === '' ? undefined : staffStatusOf(event.Status),
  };
}

/** Whether a staff member is in a manager's department. */
export function inDepartment(staff: Pick<StaffRecord, 'department'>, department: string): boolean {
  const d = Number(department);
  return Number.isInteger(d) && staff.department.includes(d);
}
