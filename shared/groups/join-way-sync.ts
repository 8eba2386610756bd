// Keeps a group code's WeCom join way in line with its routing decision (shared/domain/group-routing.ts).
// Used by the group-routing consumer and the admin API, always under the code's lease, so one writer at a
// time rewrites a join way. update_join_way is a full overwrite: every field is sent, and it is called only
// when the listed groups or auto_create_room change (a replayed event changes nothing).
import { decideRouting, groupStatusInCode, joinWayChanged, type KnownGroup, type RoutingDecision } from '../domain/group-routing';
import { withLease, type LeaseDeps } from '../leases/lease';
import type { WecomTenantClient } from '../wecom/client';
import type { RequestOf, ResponseOf } from '../wecom/endpoints';
import type { GroupCodeGroupView, GroupCodeRecord, GroupCodeStore } from './group-code';
import type { GroupRecord, GroupStore } from './group';

export interface JoinWaySyncDeps extends LeaseDeps {
  groupCodes: GroupCodeStore;
  groups: GroupStore;
}

export function withGroupCodeLease<T>(deps: LeaseDeps, corpId: string, id: string, work: () => Promise<T>): Promise<T> {
  return withLease(deps, corpId, `groupcode#${id}`, work);
}

const known = (groups: Record<string, GroupRecord | undefined>): Record<string, KnownGroup | undefined> =>
  Object.fromEntries(Object.entries(groups).map(([id, g]) => [id, g ? { memberCount: g.memberCount, status: g.status } : undefined]));

export function decideFor(
  code: Pick<GroupCodeRecord, 'chatIds' | 'memberCap' | 'autoCreate' | 'activeChatId'>,
  groups: Record<string, GroupRecord | undefined>,
): RoutingDecision {
  return decideRouting({
    chatIds: code.chatIds,
    memberCap: code.memberCap,
    autoCreate: code.autoCreate,
    activeChatId: code.activeChatId,
    groups: known(groups),
  });
}

/** The body of add_join_way / update_join_way (without config_id): every field, WeCom overwrites. */
export function joinWayBody(
  code: Pick<GroupCodeRecord, 'name' | 'state' | 'roomBaseName'>,
  d: RoutingDecision,
): RequestOf<'externalcontact/groupchat/add_join_way'> {
  return {
    scene: 2,
    remark: [...code.name].slice(0, 30).join(''),
    auto_create_room: d.autoCreateRoom,
    ...(code.roomBaseName ? { room_base_name: code.roomBaseName } : {}),
    chat_id_list: d.window,
    state: code.state,
  };
}

export function groupViews(
  code: Pick<GroupCodeRecord, 'chatIds' | 'memberCap' | 'activeChatId'>,
  groups: Record<string, GroupRecord | undefined>,
): GroupCodeGroupView[] {
  return code.chatIds.map((chatId) => {
    const g = groups[chatId];
    return { chatId, name: g?.name ?? '', memberCount: g?.memberCount ?? 0, status: groupStatusInCode(chatId, g, code.memberCap, code.activeChatId) };
  });
}

/** A registry snapshot from groupchat/get. */
export function snapshotOf(corpId: string, chat: ResponseOf<'externalcontact/groupchat/get'>['group_chat'], changedAt: number, updatedAt: string): GroupRecord {
  return {
    corpId,
    chatId: chat.chat_id,
    name: chat.name ?? '',
    owner: chat.owner,
    memberCount: chat.member_list.length,
    memberVersion: chat.member_version,
    status: 'active',
    changedAt,
    updatedAt,
  };
}

/**
 * Re-decides one code (caller holds its lease) and rewrites its join way when the decision differs from
 * what WeCom has (`force`: always, e.g. after the operator changed the name). Returns the code as stored.
 */
export async function rerouteLocked(
  deps: JoinWaySyncDeps,
  api: WecomTenantClient,
  corpId: string,
  id: string,
  opts: { force?: boolean } = {},
): Promise<{ code: GroupCodeRecord | undefined; rewritten: boolean; changed: boolean }> {
  const code = await deps.groupCodes.get(corpId, id);
  if (!code || code.status === 'deleted') return { code, rewritten: false, changed: false };
  const groups = await deps.groups.getMany(corpId, code.chatIds);
  const d = decideFor(code, groups);
  const rewrite = opts.force ? d.window.length > 0 : joinWayChanged(code.applied, d);
  const at = new Date(deps.clock.now()).toISOString();
  if (rewrite) await api.call('externalcontact/groupchat/update_join_way', { config_id: code.configId, ...joinWayBody(code, d) });
  const next: GroupCodeRecord = {
    ...code,
    activeChatId: d.activeChatId,
    status: d.status,
    applied: rewrite ? { chatIdList: d.window, autoCreateRoom: d.autoCreateRoom, at } : code.applied,
  };
  const changed = rewrite || next.activeChatId !== code.activeChatId || next.status !== code.status;
  if (changed) await deps.groupCodes.put({ ...next, updatedAt: at });
  return { code: changed ? { ...next, updatedAt: at } : code, rewritten: rewrite, changed };
}
