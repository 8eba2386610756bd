// The group-routing concern: keeps the group registry (name, owner, member count, active/dismissed) from
// change_external_chat events and groupchat/get, and moves group codes on when their active group fills
// up or is dismissed (shared/domain/group-routing.ts decides; shared/groups/join-way-sync.ts writes).
// Order-safe: a snapshot applies only if its CreateTime is not older than what is stored, and a dismiss is
// terminal. Idempotent: a replay finds the same decision and calls update_join_way no more.
import type { GroupStore } from '../../shared/groups/group';
import { rerouteLocked, snapshotOf, withGroupCodeLease, type JoinWaySyncDeps } from '../../shared/groups/join-way-sync';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import type { Outcome } from '../../shared/sqs/consume';
import { apiOfTenant, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../shared/wecom/client';
import { WecomApiError } from '../../shared/wecom/wecom-error';

export interface RouteGroupDeps extends JoinWaySyncDeps, TenantApiDeps {
  groups: GroupStore;
}

/** The group-routing queue carries change_external_chat create/update/dismiss, each with its ChatId. */
type GroupMessage = MessageFor<'group-routing'>;

/** groupchat/get's answer for a chat that does not exist (never did, or was dismissed). */
const CHAT_NOT_FOUND = 40050;

async function fetchSnapshot(deps: RouteGroupDeps, api: WecomTenantClient, m: GroupMessage, chatId: string) {
  try {
    const out = await api.call('externalcontact/groupchat/get', { chat_id: chatId, need_name: 1 });
    return snapshotOf(m.corpId, out.group_chat, m.occurredAt, new Date(deps.clock.now()).toISOString());
  } catch (e) {
    if (e instanceof WecomApiError && e.errcode === CHAT_NOT_FOUND) return undefined;
    throw e;
  }
}

export async function routeGroup(deps: RouteGroupDeps, m: GroupMessage): Promise<Outcome> {
  const chatId = m.event.ChatId;
  if (chatId === '') return 'ignored';
  const tenant = await deps.tenants.get(m.corpId);
  if (!tenant) return 'ignored';
  const api = await apiOfTenant(deps, tenant);

  let registry: Outcome;
  if (m.type === 'change_external_chat.dismiss') {
    registry = (await deps.groups.markDismissed(m.corpId, chatId, m.occurredAt, new Date(deps.clock.now()).toISOString())) ? 'applied' : 'stale';
  } else {
    const snapshot = await fetchSnapshot(deps, api, m, chatId);
    // Unknown to WeCom: never ours, or dismissed since (its dismiss event does the rest).
    if (!snapshot) return 'ignored';
    registry = (await deps.groups.applySnapshot(snapshot)) ? 'applied' : 'stale';
  }

  // Always re-decide the codes holding this group, also after a stale write: a retry after a failed
  // update_join_way must still reach WeCom, and an unchanged decision calls nothing.
  const codes = (await deps.groupCodes.list(m.corpId)).filter((c) => c.status !== 'deleted' && c.chatIds.includes(chatId));
  let changed = false;
  for (const code of codes) {
    const out = await withGroupCodeLease(deps, m.corpId, code.id, () => rerouteLocked(deps, api, m.corpId, code.id));
    changed ||= out.changed;
  }
  return changed ? 'applied' : registry;
}
