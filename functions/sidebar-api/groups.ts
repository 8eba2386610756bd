// The sidebar's group view (docs/manual.md#侧边栏): GET /sidebar/v1/groups/{chatId} for the chat WeCom's
// getCurExternalChat names: name, owner (with their name) and member count from our group registry, the group code
// (活码, not a deleted one) whose groups include it, and from WeCom's groupchat/get the members who are customers and the
// latest joins. Only the owner or a staff member in the group is answered; any other chat id, known or
// not, is the same 403.
import * as z from 'zod';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import { ForbiddenError } from '../../shared/errors';
import type { GroupCodeStore } from '../../shared/groups/group-code';
import type { GroupStore } from '../../shared/groups/group';
import { msg } from '../../shared/i18n/messages';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import { policyFor } from '../../shared/wecom/errcodes';
import { refusalForPerson } from '../../shared/wecom/refusal';
import { WecomApiError } from '../../shared/wecom/wecom-error';
import type { StaffMember } from './member';

export interface SidebarGroupDeps extends TenantApiDeps {
  groups: Pick<GroupStore, 'get'>;
  groupCodes: Pick<GroupCodeStore, 'list'>;
  staffRegistry: Pick<StaffRegistry, 'get'>;
}

const RECENT = 20;
/** groupchat/get member type of an external contact (a customer); 1 is a member of the corp. */
const EXTERNAL = 2;
export const groupParams = z.object({ chatId: z.string().min(1).max(128) });

export const sidebarGroupView = z.strictObject({
  chatId: z.string(),
  name: z.string(),
  owner: z.string().describe("群主 userid / the owner's userid"),
  ownerName: z.string().describe("群主姓名（无则为 userid）/ the owner's name (else the userid)"),
  memberCount: z.number().int().min(0),
  groupCode: z.strictObject({ id: z.string(), name: z.string() }).nullable().describe('所属群活码 / the group code it belongs to'),
  customers: z.array(z.strictObject({ externalUserId: z.string(), name: z.string() })),
  recent: z
    .array(z.strictObject({ kind: z.enum(['join', 'leave']), who: z.string(), name: z.string(), at: z.iso.datetime() }))
    .describe('最近入群（最新在前）/ latest joins, newest first'),
});

export async function sidebarGroup(deps: SidebarGroupDeps, member: StaffMember, chatId: string): Promise<z.output<typeof sidebarGroupView>> {
  const { corpId, userId } = member;
  const group = await deps.groups.get(corpId, chatId);
  if (!group || group.status !== 'active') throw new ForbiddenError(msg('sidebar_group_forbidden'));
  const api = await requireTenantApi(deps, corpId);
  const chat = (
    await api.call('externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 }).catch((e: unknown) => {
      // WeCom no longer knows the chat (or not for this app): the same answer as any chat not theirs.
      if (e instanceof WecomApiError && policyFor(e.errcode).kind === 'request') throw new ForbiddenError(msg('sidebar_group_forbidden'));
      throw refusalForPerson(e);
    })
  ).group_chat;
  const inIt = chat.owner === userId || chat.member_list.some((m) => m.type !== EXTERNAL && m.userid === userId);
  if (!inIt) throw new ForbiddenError(msg('sidebar_group_forbidden'));
  // A deleted code stays readable in the console but no longer brings anyone in: not the group's code.
  const code = (await deps.groupCodes.list(corpId)).find((c) => c.status !== 'deleted' && c.chatIds.includes(chatId));
  // groupchat/get names members only when WeCom knows a name; a staff member without one is named from our
  // staff directory, anyone else by their id (never an empty line on the page).
  const names = new Map<string, Promise<string>>();
  const staffName = (uid: string) => {
    if (!names.has(uid))
      names.set(
        uid,
        deps.staffRegistry.get(corpId, uid).then((s) => s?.name || uid),
      );
    return names.get(uid)!;
  };
  const nameOf = async (m: { userid: string; type: number; name?: string | undefined }) =>
    m.name || (m.type === EXTERNAL ? m.userid : await staffName(m.userid));
  const owner = chat.member_list.find((m) => m.userid === chat.owner && m.type !== EXTERNAL);
  const ownerName = owner ? await nameOf(owner) : await staffName(chat.owner);
  const customers = chat.member_list.filter((m) => m.type === EXTERNAL);
  const latest = [...chat.member_list].sort((a, b) => b.join_time - a.join_time).slice(0, RECENT);
  const recent = await Promise.all(
    latest.map(async (m) => ({ kind: 'join' as const, who: m.userid, name: await nameOf(m), at: new Date(m.join_time * 1000).toISOString() })),
  );
  return {
    chatId,
    name: chat.name || group.name,
    owner: chat.owner,
    ownerName,
    memberCount: chat.member_list.length,
    groupCode: code ? { id: code.id, name: code.name } : null,
    customers: customers.map((m) => ({ externalUserId: m.userid, name: m.name || m.userid })),
    recent,
  };
}
