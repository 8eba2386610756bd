// Names for ids on the customer pages: staff (userId → name), corp tags (id → name, grouped) and channels
// (id → name), each read only when the member's role may read it (otherwise the id shows).
import { ref } from 'vue';
import { get, type Me } from '../../api';
import { can } from '../../permissions';

export interface TagItem {
  id: string;
  name: string;
  groupName: string;
  deleted: boolean;
}

/** One follow (员工 ↔ 客户) as GET …/customers answers it. */
export interface FollowItem {
  userId: string;
  state: string | null;
  channelId: string | null;
  tags: string[];
  remark: string | null;
  addedAt: string | null;
  status: 'active' | 'deleted_by_staff' | 'deleted_by_customer';
  changedAt: string | null;
}
/** One stage move of a customer (GET …/customers/{id} stageHistory). */
export interface StageMove {
  from: string | null;
  to: string;
  at: string;
  by: { keyId: string; role: string; userId?: string };
  note?: string;
}

export function useLookups(member: Me) {
  const base = `/admin/v1/tenants/${encodeURIComponent(member.corpId)}`;
  const staff = ref(new Map<string, string>());
  const tags = ref<TagItem[]>([]);
  const channels = ref(new Map<string, string>());
  const tagName = (id: string) => tags.value.find((t) => t.id === id)?.name ?? id;
  const staffName = (id: string) => staff.value.get(id) ?? id;
  const channelName = (id: string | null) => (id === null ? '—' : (channels.value.get(id) ?? id));

  async function load() {
    const [s, t, c] = await Promise.all([
      can(member, 'staff:read') ? get<{ items: Array<{ userId: string; name: string }> }>(`${base}/staff?limit=500`).catch(() => undefined) : undefined,
      can(member, 'tags:read') ? get<{ items: TagItem[] }>(`${base}/tags`).catch(() => undefined) : undefined,
      can(member, 'channels:read') ? get<{ items: Array<{ id: string; name: string }> }>(`${base}/channels`).catch(() => undefined) : undefined,
    ]);
    if (s) staff.value = new Map(s.items.map((x) => [x.userId, x.name]));
    if (t) tags.value = t.items.filter((x) => !x.deleted);
    if (c) channels.value = new Map(c.items.map((x) => [x.id, x.name]));
  }

  return { base, staff, tags, channels, tagName, staffName, channelName, load };
}
