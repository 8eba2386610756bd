// Group routing (群活码, docs/manual.md#what-users-can-rely-on): which group of a group code takes the next customers, and which groups
// its WeCom join way lists. Pure: given the code and what the registry knows of its groups, the decision.
// A join way lists at most 5 groups (docs/wecom.md#group-join-ways): the active one first, then the next usable ones in
// the code's order (wrapping around), so WeCom itself moves on when the first fills up between our updates.

/** WeCom's limit on a join way's chat_id_list. */
export const MAX_JOIN_WAY_CHATS = 5;

export interface KnownGroup {
  memberCount: number;
  status: 'active' | 'dismissed';
}

export interface RoutingInput {
  /** The code's groups, in the operator's order. */
  chatIds: readonly string[];
  memberCap: number;
  autoCreate: boolean;
  /** The group taking customers now (null: none was usable). */
  activeChatId: string | null;
  /** What the registry knows; a group it does not know yet counts as usable. */
  groups: Readonly<Record<string, KnownGroup | undefined>>;
}

export interface RoutingDecision {
  activeChatId: string | null;
  /** The join way's chat_id_list; empty when no group can be listed (every one was dismissed). */
  window: string[];
  autoCreateRoom: 0 | 1;
  /** `exhausted`: every group is full or dismissed and WeCom may not create rooms. */
  status: 'active' | 'exhausted';
}

export type GroupCodeGroupStatus = 'in_use' | 'full' | 'dismissed' | 'waiting';

export const isDismissed = (g: KnownGroup | undefined) => g?.status === 'dismissed';
export const isFull = (g: KnownGroup | undefined, memberCap: number) => (g?.memberCount ?? 0) >= memberCap;
export const isUsable = (g: KnownGroup | undefined, memberCap: number) => !isDismissed(g) && !isFull(g, memberCap);

/** The code's groups starting at the active one (or the first), wrapping around; duplicates dropped. */
function rotation(chatIds: readonly string[], activeChatId: string | null): string[] {
  const unique = [...new Set(chatIds)];
  const start = activeChatId === null ? -1 : unique.indexOf(activeChatId);
  return start <= 0 ? unique : [...unique.slice(start), ...unique.slice(0, start)];
}

export function decideRouting(input: RoutingInput): RoutingDecision {
  const order = rotation(input.chatIds, input.activeChatId);
  const usable = order.filter((id) => isUsable(input.groups[id], input.memberCap));
  const autoCreateRoom: 0 | 1 = input.autoCreate ? 1 : 0;
  if (usable.length > 0) {
    return { activeChatId: usable[0]!, window: usable.slice(0, MAX_JOIN_WAY_CHATS), autoCreateRoom, status: 'active' };
  }
  // Nothing has room: list the groups that still exist (all full). With autoCreate WeCom opens a new room
  // when they are full; without it the code is exhausted until a group has room again.
  // In the code's own order (not from the last active one), so that deciding again changes nothing.
  const alive = rotation(input.chatIds, null)
    .filter((id) => !isDismissed(input.groups[id]))
    .slice(0, MAX_JOIN_WAY_CHATS);
  return { activeChatId: null, window: alive, autoCreateRoom, status: input.autoCreate ? 'active' : 'exhausted' };
}

/** How the API shows one group of a code. */
export function groupStatusInCode(chatId: string, g: KnownGroup | undefined, memberCap: number, activeChatId: string | null): GroupCodeGroupStatus {
  if (isDismissed(g)) return 'dismissed';
  if (isFull(g, memberCap)) return 'full';
  return chatId === activeChatId ? 'in_use' : 'waiting';
}

/** Whether the join way as applied differs from the decision (only then is update_join_way called). */
export function joinWayChanged(applied: { chatIdList: readonly string[]; autoCreateRoom: 0 | 1 } | undefined, d: RoutingDecision): boolean {
  if (d.window.length === 0) return false; // nothing listable: keep what WeCom has
  if (!applied) return true;
  return applied.autoCreateRoom !== d.autoCreateRoom || applied.chatIdList.length !== d.window.length || applied.chatIdList.some((id, i) => id !== d.window[i]);
}

// ---- group welcome templates (入群欢迎语) ----

/** WeCom's limits (docs/wecom.md#group-welcome-templates). */
export const MAX_GROUP_WELCOME_TEMPLATES = 100;
export const MAX_GROUP_WELCOME_TEXT_BYTES = 3000;

/** Our `{{name}}` placeholder becomes WeCom's `%NICKNAME%` (case-sensitive, may repeat). */
export const toWecomWelcomeText = (text: string) => text.replace(/\{\{\s*name\s*\}\}/g, '%NICKNAME%');

export const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
