// Keeps the staff registry current: a full directory sync (user/list_id, then user/get per member for
// name and status, as docs/wecom.md#directory-and-behaviour-data recommends since 2022) and change_contact events.
import { type Clock, epochSeconds } from '../clock';
import type { DynamoStaffStore } from '../db/staff-repository';
import { STAFF_RANK, departmentsOf, staffStatusOf, type StaffEvent, type StaffStatus } from '../domain/staff';
import type { WecomTenantClient } from '../wecom/client';
import { WecomApiError } from '../wecom/wecom-error';

export type StaffWriter = Pick<DynamoStaffStore, 'apply' | 'all'>;
/** The registry as the admin API uses it. */
export type StaffRegistry = Pick<DynamoStaffStore, 'apply' | 'all' | 'page' | 'get'>;

interface DirectoryEntry {
  name?: string | undefined;
  department?: number[] | undefined;
  status?: StaffStatus | undefined;
}

/** user/get of one member; undefined when WeCom refuses (unknown member, no privilege): the caller falls back. */
async function userDetail(api: WecomTenantClient, userId: string): Promise<DirectoryEntry | undefined> {
  try {
    const u = await api.call('user/get', { userid: userId });
    return { name: u.name || undefined, department: departmentsOf(u.department), status: u.status === undefined ? undefined : staffStatusOf(u.status) };
  } catch (e) {
    if (e instanceof WecomApiError) return undefined;
    throw e;
  }
}

/** The directory as user/list_id gives it, across pages: each member's departments. */
export async function staffDirectory(api: WecomTenantClient): Promise<Map<string, number[]>> {
  const members = new Map<string, number[]>();
  let cursor: string | undefined;
  do {
    const page = await api.call('user/list_id', { limit: 10_000, ...(cursor ? { cursor } : {}) });
    for (const row of page.dept_user) members.set(row.userid, [...(members.get(row.userid) ?? []), row.department]);
    cursor = page.next_cursor || undefined;
  } while (cursor);
  return members;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

/** Pulls the directory and upserts every member; members gone from it become 'resigned' (never deleted). */
export async function syncStaff(
  deps: { staff: StaffWriter; clock: Clock },
  api: WecomTenantClient,
  corpId: string,
): Promise<{ synced: number; resigned: number }> {
  const members = await staffDirectory(api);
  const at = epochSeconds(deps.clock.now());
  await inBatches([...members], 5, async ([userId, department]) => {
    const detail = await userDetail(api, userId);
    await deps.staff.apply({
      corpId,
      userId,
      changedAt: at,
      rank: STAFF_RANK.sync,
      name: detail?.name,
      department: detail?.department ?? department,
      status: detail?.status ?? 'active',
    });
  });
  const gone = (await deps.staff.all(corpId)).filter((s) => !members.has(s.userId) && s.status !== 'resigned');
  for (const s of gone) await deps.staff.apply({ corpId, userId: s.userId, changedAt: at, rank: STAFF_RANK.sync, status: 'resigned' });
  return { synced: members.size, resigned: gone.length };
}

/** Applies one change_contact event: user/get fills name/department/status, else what the event carries. */
export async function applyStaffEvent(
  deps: { staff: StaffWriter },
  api: WecomTenantClient | undefined,
  corpId: string,
  event: StaffEvent,
  occurredAt: number,
): Promise<'applied' | 'stale'> {
  if (event.kind === 'delete') {
    return deps.staff.apply({ corpId, userId: event.userId, changedAt: occurredAt, rank: event.rank, status: 'resigned' });
  }
  const detail = api ? await userDetail(api, event.userId) : undefined;
  return deps.staff.apply({
    corpId,
    userId: event.userId,
    changedAt: occurredAt,
    rank: event.rank,
    name: detail?.name ?? event.name,
    department: detail?.department ?? event.department,
    status: detail?.status ?? event.status,
  });
}
