// Group codes (群活码) in the admin API. Each code is a WeCom 「加入群聊」 join way (scene 2, QR code) that
// lists at most 5 of the code's groups: the active one first, then the next with room. Created with
// add_join_way (+ get_join_way for the QR code), rewritten in full with update_join_way under the code's
// lease, removed with del_join_way; a deleted code stays readable (status 'deleted').
import { decideFor, groupViews, joinWayBody, rerouteLocked, snapshotOf, withGroupCodeLease, type JoinWaySyncDeps } from '../../shared/groups/join-way-sync';
import type * as z from 'zod';
import type { Clock } from '../../shared/clock';
import type { groupCodeCreateSchema, groupCodePatchSchema } from '../../shared/groups/group-code.schema';
import { groupCodeStateOf, newGroupCodeId, publicGroupCode, type GroupCodeRecord } from '../../shared/groups/group-code';
import type { GroupWelcomeTemplateStore } from '../../shared/groups/group-welcome-template';
import { NotFoundError, UnprocessableError } from '../../shared/errors';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../shared/wecom/client';
import { withRefusedFields } from '../../shared/wecom/refused-fields';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import { msg } from '../../shared/i18n/messages';

/** A join way refused for its chat list (an unknown chat id) is about the code's `chatIds`. */
const joinWayRefusals = (api: WecomTenantClient) =>
  withRefusedFields(api, { 'externalcontact/groupchat/add_join_way': { 40050: 'chatIds' }, 'externalcontact/groupchat/update_join_way': { 40050: 'chatIds' } });

export interface GroupDeps extends Omit<JoinWaySyncDeps, 'nowMs'>, TenantApiDeps {
  groupWelcomeTemplates: GroupWelcomeTemplateStore;
  clock: Clock;
}

async function existing(deps: GroupDeps, corpId: string, id: string): Promise<GroupCodeRecord> {
  const c = await deps.groupCodes.get(corpId, id);
  if (!c) throw new NotFoundError(msg('unknown_group_code'));
  return c;
}

async function view(deps: GroupDeps, code: GroupCodeRecord) {
  return publicGroupCode(code, groupViews(code, await deps.groups.getMany(code.corpId, code.chatIds)));
}

/**
 * Refreshes the registry for the code's groups from groupchat/get (member counts matter for routing).
 * A group WeCom does not know and the registry has never seen is refused (422, with its position).
 */
async function refreshGroups(deps: GroupDeps, api: WecomTenantClient, corpId: string, chatIds: string[]) {
  const groups = await deps.groups.getMany(corpId, chatIds);
  const nowMs = deps.clock.now();
  const unknown: Array<{ field: string; message: string }> = [];
  await Promise.all(
    chatIds.map(async (chatId, i) => {
      if (groups[chatId]?.status === 'dismissed') return;
      try {
        const out = await api.call('externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 });
        await deps.groups.applySnapshot(snapshotOf(corpId, out.group_chat, Math.floor(nowMs / 1000), new Date(nowMs).toISOString()));
      } catch (e) {
        if (!(e instanceof WecomApiError && e.errcode === 40050)) throw e;
        if (!groups[chatId]) unknown.push({ field: `chatIds.${i}`, message: `WeCom knows no group chat ${chatId}` });
      }
    }),
  );
  if (unknown.length > 0) throw new UnprocessableError(msg('unknown_group_chats'), { details: unknown });
}

async function checkTemplate(deps: GroupDeps, corpId: string, id: string | null | undefined) {
  if (id === undefined || id === null) return;
  const t = await deps.groupWelcomeTemplates.get(corpId, id);
  if (!t || t.status === 'deleted')
    throw new UnprocessableError(msg('unknown_group_welcome_template'), { details: [{ field: 'welcomeTemplateId', message: 'no such template' }] });
}

const noGroupLeft = () => new UnprocessableError(msg('group_code_all_dismissed'), { details: [{ field: 'chatIds', message: 'no group left to list' }] });

export async function createGroupCode(deps: GroupDeps, corpId: string, input: z.output<typeof groupCodeCreateSchema>) {
  const api = joinWayRefusals(await requireTenantApi(deps, corpId));
  await checkTemplate(deps, corpId, input.welcomeTemplateId);
  await refreshGroups(deps, api, corpId, input.chatIds);
  const id = newGroupCodeId();
  const draft = { ...input, corpId, id, state: groupCodeStateOf(id), activeChatId: null };
  const d = decideFor(draft, await deps.groups.getMany(corpId, input.chatIds));
  if (d.window.length === 0) throw noGroupLeft();
  const way = await api.call('externalcontact/groupchat/add_join_way', joinWayBody(draft, d));
  const got = await api.call('externalcontact/groupchat/get_join_way', { config_id: way.config_id });
  const at = new Date(deps.clock.now()).toISOString();
  const record: GroupCodeRecord = {
    ...draft,
    configId: way.config_id,
    qrCode: got.join_way.qr_code ?? '',
    activeChatId: d.activeChatId,
    status: d.status,
    applied: { chatIdList: d.window, autoCreateRoom: d.autoCreateRoom, at },
    createdAt: at,
    updatedAt: at,
  };
  await deps.groupCodes.put(record);
  return view(deps, record);
}

export async function updateGroupCode(deps: GroupDeps, corpId: string, id: string, patch: z.output<typeof groupCodePatchSchema>) {
  const api = joinWayRefusals(await requireTenantApi(deps, corpId));
  await checkTemplate(deps, corpId, patch.welcomeTemplateId);
  const current = await existing(deps, corpId, id);
  if (current.status === 'deleted') throw new NotFoundError(msg('group_code_deleted'));
  if (patch.chatIds) await refreshGroups(deps, api, corpId, patch.chatIds);
  const code = await withGroupCodeLease(deps, corpId, id, async () => {
    const before = await existing(deps, corpId, id);
    const { welcomeTemplateId, ...rest } = patch;
    const next: GroupCodeRecord = {
      ...before,
      ...rest,
      ...(welcomeTemplateId === undefined ? {} : { welcomeTemplateId: welcomeTemplateId ?? undefined }),
      activeChatId: rest.chatIds && before.activeChatId !== null && !rest.chatIds.includes(before.activeChatId) ? null : before.activeChatId,
      status: before.status === 'exhausted' ? 'active' : before.status,
    };
    if (decideFor(next, await deps.groups.getMany(corpId, next.chatIds)).window.length === 0) throw noGroupLeft();
    await deps.groupCodes.put({ ...next, updatedAt: new Date(deps.clock.now()).toISOString() });
    return (await rerouteLocked(deps, api, corpId, id, { force: true })).code;
  });
  return view(deps, code ?? (await existing(deps, corpId, id)));
}

export async function deleteGroupCode(deps: GroupDeps, corpId: string, id: string) {
  const api = await requireTenantApi(deps, corpId);
  return withGroupCodeLease(deps, corpId, id, async () => {
    const current = await existing(deps, corpId, id);
    if (current.status === 'deleted') return view(deps, current);
    try {
      await api.call('externalcontact/groupchat/del_join_way', { config_id: current.configId });
    } catch (e) {
      // Already gone in WeCom (41044): the code is deleted all the same.
      if (!(e instanceof WecomApiError && e.errcode === 41044)) throw e;
    }
    const next: GroupCodeRecord = { ...current, status: 'deleted', activeChatId: null, updatedAt: new Date(deps.clock.now()).toISOString() };
    await deps.groupCodes.put(next);
    return view(deps, next);
  });
}

export async function getGroupCode(deps: GroupDeps, corpId: string, id: string) {
  return view(deps, await existing(deps, corpId, id));
}

export async function listGroupCodes(deps: GroupDeps, corpId: string) {
  const codes = await deps.groupCodes.list(corpId);
  return { items: await Promise.all(codes.map((c) => view(deps, c))) };
}
