// Reconcile: the nightly diff of what Siyu holds against WeCom's own lists (directory, customers per
// staff member, corp tags, customer groups). Pure: no I/O. Each difference becomes a synthetic event in
// the shape the callback path records (the fields of the decrypted XML, CreateTime as a number), so the
// repair goes through the same consumers as a real callback. Ids are deterministic per (day, kind,
// subject): a re-run on the same day records nothing new.
import type { StaffStatus } from './staff';

export const FIX_KINDS = [
  'staff_missing',
  'staff_extra',
  'staff_changed',
  'follow_missing',
  'follow_gone',
  'tag_missing',
  'tag_extra',
  'tag_renamed',
  'group_missing',
  'group_dismissed',
] as const;
export type FixKind = (typeof FIX_KINDS)[number];

/** What WeCom lists. A section that could not be read is absent: nothing is concluded about it. */
export interface RemoteLists {
  /** user/list_id: every member and their departments. */
  staff?: ReadonlyArray<{ userId: string; department: readonly number[] }> | undefined;
  /** externalcontact/list per member with customer-contact permission: userId → external user ids. */
  follows?: ReadonlyMap<string, readonly string[]> | undefined;
  /** get_corp_tag_list, flattened (tags WeCom marks deleted are left out). */
  tags?: ReadonlyArray<{ id: string; name: string; groupName: string }> | undefined;
  /** groupchat/list: the chat ids of live groups. */
  groups?: readonly string[] | undefined;
}

export interface LocalState {
  staff: ReadonlyArray<{ userId: string; department: readonly number[]; status: StaffStatus }>;
  /** Active follows of the members in RemoteLists.follows: userId → external user ids. */
  follows: ReadonlyMap<string, readonly string[]>;
  tags: ReadonlyArray<{ id: string; name: string; groupName: string; deleted: boolean }>;
  groups: ReadonlyArray<{ chatId: string; status: 'active' | 'dismissed' }>;
}

export interface SyntheticEvent {
  /** `reconcile#<day>#<kind>#<ids…>`: the source of the event key. */
  id: string;
  kind: FixKind;
  /** The ids fixed (userId, externalUserId, tag id, chat id). */
  ids: string[];
  /** `<Event>.<ChangeType>`, as the callback path types events. */
  type: string;
  /** The event's fields, as parseEvent leaves them. */
  event: Record<string, unknown>;
}

/** The field every synthetic event carries (the Shanghai day of the run), so the log tells them apart. */
export const RECONCILE_MARK = 'SiyuReconcile';

const KIND_EVENT: Record<FixKind, [event: string, change: string]> = {
  staff_missing: ['change_contact', 'create_user'],
  staff_extra: ['change_contact', 'delete_user'],
  staff_changed: ['change_contact', 'update_user'],
  follow_missing: ['change_external_contact', 'add_external_contact'],
  // Whether the member or the customer ended it is lost with the callback; the member's side is assumed.
  follow_gone: ['change_external_contact', 'del_external_contact'],
  tag_missing: ['change_external_tag', 'create'],
  tag_extra: ['change_external_tag', 'delete'],
  tag_renamed: ['change_external_tag', 'update'],
  group_missing: ['change_external_chat', 'create'],
  group_dismissed: ['change_external_chat', 'dismiss'],
};

export function reconcileEventId(day: string, kind: FixKind, ids: readonly string[]): string {
  return ['reconcile', day, kind, ...ids].join('#');
}

function synthetic(corpId: string, day: string, at: number, kind: FixKind, ids: string[], fields: Record<string, string>): SyntheticEvent {
  const [event, change] = KIND_EVENT[kind];
  return {
    id: reconcileEventId(day, kind, ids),
    kind,
    ids,
    type: `${event}.${change}`,
    event: { ToUserName: corpId, FromUserName: 'sys', CreateTime: at, MsgType: 'event', Event: event, ChangeType: change, ...fields, [RECONCILE_MARK]: day },
  };
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The synthetic events that bring the local state to what WeCom lists, in a stable order. `at` (unix
 * seconds, the run's time) is their CreateTime: newer than any change the local state has applied.
 */
export function reconcileEvents(corpId: string, day: string, at: number, remote: RemoteLists, local: LocalState): SyntheticEvent[] {
  const out: SyntheticEvent[] = [];
  const add = (kind: FixKind, ids: string[], fields: Record<string, string>) => out.push(synthetic(corpId, day, at, kind, ids, fields));

  if (remote.staff) {
    const mine = new Map(local.staff.map((s) => [s.userId, s]));
    const theirs = new Map(remote.staff.map((s) => [s.userId, s]));
    for (const [userId, r] of [...theirs].sort(([a], [b]) => byId(a, b))) {
      const l = mine.get(userId);
      const department = r.department.join(',');
      if (!l || l.status === 'resigned') add('staff_missing', [userId], { UserID: userId, Department: department });
      else if (!sameSet(l.department, r.department)) add('staff_changed', [userId], { UserID: userId, Department: department });
    }
    for (const l of [...mine.values()].sort((a, b) => byId(a.userId, b.userId))) {
      if (l.status !== 'resigned' && !theirs.has(l.userId)) add('staff_extra', [l.userId], { UserID: l.userId });
    }
  }

  if (remote.follows) {
    for (const [userId, ids] of [...remote.follows].sort(([a], [b]) => byId(a, b))) {
      const theirs = new Set(ids);
      const mine = new Set(local.follows.get(userId) ?? []);
      for (const ext of [...theirs].sort(byId)) if (!mine.has(ext)) add('follow_missing', [userId, ext], { UserID: userId, ExternalUserID: ext });
      for (const ext of [...mine].sort(byId)) if (!theirs.has(ext)) add('follow_gone', [userId, ext], { UserID: userId, ExternalUserID: ext });
    }
  }

  if (remote.tags) {
    const mine = new Map(local.tags.map((t) => [t.id, t]));
    const theirs = new Map(remote.tags.map((t) => [t.id, t]));
    for (const [id, r] of [...theirs].sort(([a], [b]) => byId(a, b))) {
      const l = mine.get(id);
      if (!l || l.deleted) add('tag_missing', [id], { Id: id, TagType: 'tag' });
      else if (l.name !== r.name || l.groupName !== r.groupName) add('tag_renamed', [id], { Id: id, TagType: 'tag' });
    }
    for (const l of [...mine.values()].sort((a, b) => byId(a.id, b.id))) {
      if (!l.deleted && !theirs.has(l.id)) add('tag_extra', [l.id], { Id: l.id, TagType: 'tag' });
    }
  }

  if (remote.groups) {
    const mine = new Map(local.groups.map((g) => [g.chatId, g]));
    const theirs = new Set(remote.groups);
    // A group dismissed locally is terminal (the registry never revives it): nothing to repair there.
    for (const chatId of [...theirs].sort(byId)) if (!mine.has(chatId)) add('group_missing', [chatId], { ChatId: chatId });
    for (const g of [...mine.values()].sort((a, b) => byId(a.chatId, b.chatId))) {
      if (g.status === 'active' && !theirs.has(g.chatId)) add('group_dismissed', [g.chatId], { ChatId: g.chatId });
    }
  }
  return out;
}

export type FixCounts = Record<FixKind, number>;

/** Counts per kind and the ids fixed, for the run's report. */
export function summarize(events: readonly SyntheticEvent[]): { counts: FixCounts; fixed: Array<{ kind: FixKind; ids: string[] }> } {
  const counts = Object.fromEntries(FIX_KINDS.map((k) => [k, 0])) as FixCounts;
  for (const e of events) counts[e.kind]++;
  return { counts, fixed: events.map((e) => ({ kind: e.kind, ids: e.ids })) };
}
