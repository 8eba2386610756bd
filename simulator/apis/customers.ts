// Customers, follows, remarks, corp tags and customer group chats (docs/wecom.md#customers-and-tags).
import { chars, optInt, optObject, optString, optStringArray, page, reqString, seconds, type Body } from '../args';
import type { CorpState, Customer, Follow } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

const MAX_CORP_TAGS = 3000;

function externalContact(c: Customer): Body {
  return {
    external_userid: c.externalUserId,
    name: c.name,
    avatar: c.avatar,
    type: c.type,
    gender: c.gender,
    ...(c.unionid ? { unionid: c.unionid } : {}),
    ...(c.type === 2 && c.corpName ? { corp_name: c.corpName, corp_full_name: c.corpName } : {}),
  };
}

function followBase(f: Follow): Body {
  return {
    userid: f.userId,
    remark: f.remark,
    description: f.description,
    createtime: f.createTime,
    remark_corp_name: f.remarkCorpName,
    remark_mobiles: f.remarkMobiles,
    oper_userid: f.operUserId,
    add_way: f.addWay,
    ...(f.state ? { state: f.state } : {}),
  };
}

function followUser(corp: CorpState, f: Follow): Body {
  const tags = [...f.tags].flatMap((id) => {
    const found = corp.findTag(id);
    return found ? [{ group_name: found.group.groupName, tag_name: found.tag.name, type: 1, tag_id: id }] : [];
  });
  return { ...followBase(f), tags };
}

function staffOrThrow(corp: CorpState, userId: string): void {
  check(corp.staff.has(userId), 40003, `unknown userid ${userId}`);
}

function tagGroupView(corp: CorpState, groupId: string, onlyTags?: Set<string>, withDeleted = false): Body | undefined {
  const g = corp.tagGroups.get(groupId);
  if (!g) return undefined;
  const tags = [...g.tags.values()]
    .filter((t) => !onlyTags || onlyTags.has(t.id))
    .sort((a, b) => b.order - a.order)
    .map((t) => ({ id: t.id, name: t.name, create_time: t.createTime, order: t.order, ...(withDeleted ? { deleted: false } : {}) }));
  return {
    group_id: g.groupId,
    group_name: g.groupName,
    create_time: g.createTime,
    order: g.order,
    ...(withDeleted ? { deleted: false } : {}),
    tag: tags,
  };
}

const opt = (v: Body | undefined): Body[] => (v ? [v] : []);

function checkTagName(name: unknown): string {
  check(typeof name === 'string' && name.length > 0 && chars(name) <= 30, 40058, 'tag name must be 1..30 characters');
  return name;
}

function chatOf(ctx: ApiContext) {
  const id = reqString(ctx.body, 'chat_id');
  // A dismissed group is gone for the API, as an unknown one (40050).
  const chat = ctx.corp.liveGroupChat(id);
  if (!chat) throw new SimApiError(40050, 'unknown chat_id');
  return chat;
}

export const customerRoutes: Routes = {
  '/cgi-bin/externalcontact/get_follow_user_list': {
    method: 'GET',
    handle(ctx) {
      return { follow_user: [...ctx.corp.staff.values()].filter((s) => s.status === 1).map((s) => s.userId) };
    },
  },
  '/cgi-bin/externalcontact/list': {
    method: 'GET',
    handle(ctx) {
      const userId = reqString(ctx.query, 'userid', 41009);
      staffOrThrow(ctx.corp, userId);
      const ids = ctx.corp.followsOfStaff(userId).map((f) => f.externalUserId);
      check(ids.length > 0, 84061, 'this member has no customers');
      return { external_userid: ids };
    },
  },
  '/cgi-bin/externalcontact/get': {
    method: 'GET',
    handle(ctx) {
      const id = reqString(ctx.query, 'external_userid', 41035);
      const customer = ctx.corp.customers.get(id);
      if (!customer) throw new SimApiError(40096, 'unknown external_userid');
      const follows = ctx.corp.followsOf(id);
      check(follows.length > 0, 84061, 'no member follows this customer');
      // follow_user is paged by 500 (docs/wecom.md#customers-and-tags).
      const p = page(follows, optString(ctx.query, 'cursor'), 500);
      return {
        external_contact: externalContact(customer),
        follow_user: p.items.map((f) => followUser(ctx.corp, f)),
        ...(p.next ? { next_cursor: p.next } : {}),
      };
    },
  },
  '/cgi-bin/externalcontact/batch/get_by_user': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const list = optStringArray(b, 'userid_list') ?? (optString(b, 'userid') ? [optString(b, 'userid') as string] : undefined);
      check(list && list.length > 0, 41009, 'userid_list is required');
      check(list.length <= 100, 40058, 'userid_list holds at most 100 userids');
      for (const u of list) staffOrThrow(ctx.corp, u);
      const limit = optInt(b, 'limit') ?? 50;
      check(limit >= 1 && limit <= 100, 40058, 'limit must be 1..100');
      const follows = list.flatMap((u) => ctx.corp.followsOfStaff(u));
      const p = page(follows, optString(b, 'cursor'), limit);
      return {
        external_contact_list: p.items.flatMap((f) => {
          const c = ctx.corp.customers.get(f.externalUserId);
          if (!c) return [];
          return [{ external_contact: externalContact(c), follow_info: { ...followBase(f), tag_id: [...f.tags] } }];
        }),
        next_cursor: p.next,
      };
    },
  },
  '/cgi-bin/externalcontact/remark': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const userId = reqString(b, 'userid', 41009);
      const externalUserId = reqString(b, 'external_userid', 41035);
      staffOrThrow(ctx.corp, userId);
      const f = ctx.corp.follow(externalUserId, userId);
      if (!f) throw new SimApiError(84061);
      const remark = optString(b, 'remark');
      const description = optString(b, 'description');
      const company = optString(b, 'remark_company');
      const mobiles = optStringArray(b, 'remark_mobiles');
      if (remark !== undefined) check(chars(remark) <= 20, 40058, 'remark exceeds 20 characters');
      if (description !== undefined) check(chars(description) <= 150, 40058, 'description exceeds 150 characters');
      if (company !== undefined) check(chars(company) <= 20, 40058, 'remark_company exceeds 20 characters');
      if (remark !== undefined) f.remark = remark;
      if (description !== undefined) f.description = description;
      if (company !== undefined) f.remarkCorpName = company;
      if (mobiles !== undefined) f.remarkMobiles = mobiles.filter((m) => m !== '');
      return {};
    },
  },
  '/cgi-bin/externalcontact/get_corp_tag_list': {
    method: 'POST',
    handle(ctx) {
      const tagIds = optStringArray(ctx.body, 'tag_id') ?? [];
      const groupIds = optStringArray(ctx.body, 'group_id') ?? [];
      const corp = ctx.corp;
      let groups: Body[];
      if (groupIds.length > 0) {
        groups = groupIds.flatMap((g) => opt(tagGroupView(corp, g, undefined, true)));
      } else if (tagIds.length > 0) {
        const wanted = new Set(tagIds);
        const owning = new Set(tagIds.flatMap((id) => corp.findTag(id)?.group.groupId ?? []));
        groups = [...owning].flatMap((g) => opt(tagGroupView(corp, g, wanted, true)));
      } else {
        groups = [...corp.tagGroups.values()].sort((a, b) => b.order - a.order).flatMap((g) => opt(tagGroupView(corp, g.groupId)));
      }
      return { tag_group: groups };
    },
  },
  '/cgi-bin/externalcontact/add_corp_tag': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const corp = ctx.corp;
      const tags = b.tag;
      check(Array.isArray(tags) && tags.length > 0, 40058, 'tag must be a non-empty array');
      const groupId = optString(b, 'group_id');
      let group = groupId ? corp.tagGroups.get(groupId) : undefined;
      if (groupId && !group) throw new SimApiError(40068, 'unknown group_id');
      const t = seconds(ctx.now);
      if (!group) {
        const groupName = checkTagName(optString(b, 'group_name'));
        group = [...corp.tagGroups.values()].find((g) => g.groupName === groupName);
        if (!group) {
          group = { groupId: corp.newId('et', 22), groupName, createTime: t, order: optInt(b, 'order') ?? 0, tags: new Map() };
        }
      }
      check(corp.tagCount() + tags.length <= MAX_CORP_TAGS, 40126);
      const added: Body[] = [];
      const names = new Set([...group.tags.values()].map((x) => x.name));
      const fresh: Array<{ id: string; name: string; order: number; createTime: number }> = [];
      for (const raw of tags as unknown[]) {
        check(raw && typeof raw === 'object', 40058, 'tag items must be objects');
        const item = raw as Body;
        const name = checkTagName(item.name);
        check(!names.has(name), 40071, `tag ${name} already exists in this group`);
        names.add(name);
        const tag = { id: corp.newId('et', 22), name, order: optInt(item, 'order') ?? 0, createTime: t };
        fresh.push(tag);
        added.push({ id: tag.id, name: tag.name, create_time: t, order: tag.order });
      }
      corp.tagGroups.set(group.groupId, group);
      for (const tag of fresh) group.tags.set(tag.id, tag);
      return {
        tag_group: { group_id: group.groupId, group_name: group.groupName, create_time: group.createTime, order: group.order, tag: added },
      };
    },
  },
  '/cgi-bin/externalcontact/edit_corp_tag': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const id = reqString(b, 'id', 40068);
      const name = optString(b, 'name');
      const order = optInt(b, 'order');
      if (name !== undefined) checkTagName(name);
      const group = ctx.corp.tagGroups.get(id);
      if (group) {
        if (name !== undefined) group.groupName = name;
        if (order !== undefined) group.order = order;
        return {};
      }
      const found = ctx.corp.findTag(id);
      if (!found) throw new SimApiError(40068, 'unknown tag or group id');
      if (name !== undefined) {
        const clash = [...found.group.tags.values()].some((t) => t.id !== id && t.name === name);
        check(!clash, 40071, `tag ${name} already exists in this group`);
        found.tag.name = name;
      }
      if (order !== undefined) found.tag.order = order;
      return {};
    },
  },
  '/cgi-bin/externalcontact/del_corp_tag': {
    method: 'POST',
    handle(ctx) {
      const corp = ctx.corp;
      const tagIds = optStringArray(ctx.body, 'tag_id') ?? [];
      const groupIds = optStringArray(ctx.body, 'group_id') ?? [];
      check(tagIds.length + groupIds.length > 0, 40058, 'tag_id and group_id are both empty');
      for (const g of groupIds) check(corp.tagGroups.has(g), 40068, `unknown group_id ${g}`);
      for (const t of tagIds) check(corp.findTag(t), 40068, `unknown tag_id ${t}`);
      for (const g of groupIds) corp.tagGroups.delete(g);
      for (const t of tagIds) corp.findTag(t)?.group.tags.delete(t);
      // A group whose tags are all deleted disappears.
      for (const [id, g] of corp.tagGroups) if (g.tags.size === 0) corp.tagGroups.delete(id);
      const remaining = corp.tagIds();
      for (const byUser of corp.follows.values()) {
        for (const f of byUser.values()) for (const t of f.tags) if (!remaining.has(t)) f.tags.delete(t);
      }
      return {};
    },
  },
  '/cgi-bin/externalcontact/mark_tag': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const userId = reqString(b, 'userid', 41009);
      const externalUserId = reqString(b, 'external_userid', 41035);
      const add = optStringArray(b, 'add_tag') ?? [];
      const remove = optStringArray(b, 'remove_tag') ?? [];
      check(add.length + remove.length > 0, 40058, 'add_tag and remove_tag are both empty');
      staffOrThrow(ctx.corp, userId);
      const f = ctx.corp.follow(externalUserId, userId);
      if (!f) throw new SimApiError(84061);
      for (const t of [...add, ...remove]) check(ctx.corp.findTag(t), 40068, `unknown tag_id ${t}`);
      for (const t of add) f.tags.add(t);
      for (const t of remove) f.tags.delete(t);
      check(f.tags.size <= MAX_CORP_TAGS, 40058, 'too many tags on this customer');
      return {};
    },
  },
  '/cgi-bin/externalcontact/groupchat/list': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const limit = optInt(b, 'limit');
      check(limit !== undefined && limit >= 1 && limit <= 1000, 40058, 'limit is required, 1..1000');
      const status = optInt(b, 'status_filter') ?? 0;
      check(status >= 0 && status <= 3, 40058, 'invalid status_filter');
      const owners = optObject(b, 'owner_filter');
      const ownerIds = owners ? optStringArray(owners, 'userid_list') : undefined;
      if (ownerIds) check(ownerIds.length <= 100, 40058, 'owner_filter.userid_list holds at most 100 userids');
      const chats = [...ctx.corp.groupChats.values()]
        .filter((c) => !c.dismissed)
        .filter((c) => status === 0 || c.status === status)
        .filter((c) => !ownerIds || ownerIds.includes(c.owner))
        .sort((a, bb) => a.createTime - bb.createTime || a.chatId.localeCompare(bb.chatId));
      const p = page(chats, optString(b, 'cursor'), limit);
      return { group_chat_list: p.items.map((c) => ({ chat_id: c.chatId, status: c.status })), next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/groupchat/get': {
    method: 'POST',
    handle(ctx) {
      const chat = chatOf(ctx);
      const needName = optInt(ctx.body, 'need_name') === 1;
      return {
        group_chat: {
          chat_id: chat.chatId,
          name: chat.name,
          owner: chat.owner,
          create_time: chat.createTime,
          notice: chat.notice,
          member_list: chat.members.map(({ name, ...m }) => (needName ? { ...m, name } : m)),
          admin_list: chat.admins.map((userid) => ({ userid })),
          member_version: chat.memberVersion,
        },
      };
    },
  },
};
