// 「联系我」 contact ways and 「加入群聊」 join ways (docs/wecom.md#contact-ways, docs/wecom.md#group-join-ways).
import { chars, optArray, optBool, optInt, optObject, optString, optStringArray, page, reqString, seconds, type Body } from '../args';
import type { CorpState, GroupMemberChange } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

const MAX_WAYS_PER_CORP = 500_000;
const FOURTEEN_DAYS = 14 * 24 * 3600;

const qrCode = (corp: CorpState) => `https://wework.qpic.cn/wwpic/${corp.newId('', 24)}/0`;

function checkQuota(corp: CorpState): void {
  check(corp.contactWays.size + corp.joinWays.size < MAX_WAYS_PER_CORP, 41045, 'contact way quota reached');
}

function checkState(b: Body): string | undefined {
  const state = optString(b, 'state');
  if (state !== undefined) check(chars(state) <= 30, 40058, 'state exceeds 30 characters');
  return state;
}

/** Fields of add/update_contact_way other than type/scene, validated. */
function contactWayFields(ctx: ApiContext, b: Body, type: number, isUpdate: boolean): Body {
  const out: Body = {};
  const remark = optString(b, 'remark');
  if (remark !== undefined) {
    check(chars(remark) <= 30, 40058, 'remark exceeds 30 characters');
    out.remark = remark;
  }
  const style = optInt(b, 'style');
  if (style !== undefined) out.style = style;
  const skip = optBool(b, 'skip_verify');
  if (skip !== undefined) out.skip_verify = skip;
  const state = checkState(b);
  if (state !== undefined) out.state = state;
  const user = optStringArray(b, 'user');
  const party = optArray(b, 'party');
  if (user !== undefined) {
    check(user.length <= 100, 41041, 'more than 100 members');
    for (const u of user) check(ctx.corp.staff.has(u), 40003, `unknown userid ${u}`);
    out.user = user;
  }
  if (party !== undefined) {
    check(type === 2, 40058, 'party is only allowed for type 2');
    for (const p of party) check(typeof p === 'number' && ctx.corp.departments.has(p), 60003, `unknown department ${String(p)}`);
    out.party = party;
  }
  if (isUpdate && type === 1 && user !== undefined) check(user.length === 1, 40058, 'type 1 needs exactly one user');
  if (!isUpdate) {
    if (type === 1) check(user?.length === 1 && !party?.length, 40058, 'type 1 needs exactly one user');
    else check((user?.length ?? 0) + (party?.length ?? 0) > 0, 40058, 'user and party are both empty');
  }
  const isTemp = optBool(b, 'is_temp');
  if (isTemp !== undefined) {
    check(!isTemp || type === 1, 40058, 'temporary sessions are single-member only');
    out.is_temp = isTemp;
  }
  for (const k of ['expires_in', 'chat_expires_in'] as const) {
    const v = optInt(b, k);
    if (v !== undefined) {
      check(v > 0 && v <= FOURTEEN_DAYS, 40058, `${k} out of range`);
      out[k] = v;
    }
  }
  const unionid = optString(b, 'unionid');
  if (unionid !== undefined) out.unionid = unionid;
  const conclusions = optObject(b, 'conclusions');
  if (conclusions !== undefined) out.conclusions = conclusions;
  const exclusive = optBool(b, 'is_exclusive');
  if (exclusive !== undefined) out.is_exclusive = exclusive;
  return out;
}

function wayOf(ctx: ApiContext) {
  const id = reqString(ctx.body, 'config_id', 41043);
  const way = ctx.corp.contactWays.get(id);
  if (!way) throw new SimApiError(41044, 'unknown config_id');
  return way;
}

function joinWayFields(ctx: ApiContext, b: Body): Body {
  const scene = optInt(b, 'scene');
  check(scene === 1 || scene === 2, 40058, 'scene must be 1 or 2');
  const chatIds = optStringArray(b, 'chat_id_list');
  check(chatIds && chatIds.length >= 1 && chatIds.length <= 5, 40058, 'chat_id_list must hold 1 to 5 chat ids');
  for (const id of chatIds) check(ctx.corp.liveGroupChat(id), 40050, `unknown chat_id ${id}`);
  check(new Set(chatIds).size === chatIds.length, 40058, 'chat_id_list holds a chat id twice');
  const roomBaseName = optString(b, 'room_base_name');
  if (roomBaseName !== undefined) check(chars(roomBaseName) <= 40, 40058, 'room_base_name exceeds 40 characters');
  const remark = optString(b, 'remark');
  const auto = optInt(b, 'auto_create_room') ?? 1;
  check(auto === 0 || auto === 1, 40058, 'auto_create_room must be 0 or 1');
  return {
    scene,
    // WeCom truncates a longer remark instead of failing (docs/wecom.md#group-join-ways).
    remark: remark === undefined ? '' : [...remark].slice(0, 30).join(''),
    auto_create_room: auto,
    room_base_name: roomBaseName ?? '',
    room_base_id: optInt(b, 'room_base_id') ?? 0,
    chat_id_list: chatIds,
    state: checkState(b) ?? '',
    ...(optBool(b, 'mark_source') !== undefined ? { mark_source: optBool(b, 'mark_source') } : {}),
  };
}

function joinWayOf(ctx: ApiContext) {
  const id = reqString(ctx.body, 'config_id', 41043);
  const way = ctx.corp.joinWays.get(id);
  if (!way) throw new SimApiError(41044, 'unknown config_id');
  return way;
}

/** Members a simulated group holds before a join way moves on (WeCom: 500 for member-created groups). */
export const SIM_GROUP_CAPACITY = 500;

/**
 * A customer scans a join way's QR code: they land in the first listed group with room; when every
 * listed group is full and auto_create_room is 1, WeCom opens a new room named room_base_name + number.
 */
export function scanJoinWay(
  corp: CorpState,
  configId: string,
  member: { userId: string; name?: string | undefined },
  now: number,
  capacity = SIM_GROUP_CAPACITY,
): GroupMemberChange & { created: boolean } {
  const way = corp.joinWays.get(configId);
  if (!way) throw new SimApiError(41044, 'unknown config_id');
  const listed = (way.chat_id_list as string[]).flatMap((id) => corp.liveGroupChat(id) ?? []);
  let chat = listed.find((c) => c.members.length < capacity);
  let created = false;
  if (!chat) {
    check(way.auto_create_room === 1 && listed.length > 0, 40058, 'every group of the join way is full');
    const first = listed[0]!;
    const n = Number(way.room_base_id ?? 0) + 1;
    way.room_base_id = n;
    const chatId = corp.newId('wr', 32);
    corp.addGroupChat({ chatId, name: `${String(way.room_base_name ?? '')}${n}`, owner: first.owner, members: [{ userId: first.owner, type: 1 }] }, now);
    way.chat_id_list = [...(way.chat_id_list as string[]), chatId].slice(-5);
    chat = corp.liveGroupChat(chatId)!;
    created = true;
  }
  const change = corp.addGroupMembers(chat.chatId, [{ userId: member.userId, type: 2, joinScene: 3, name: member.name ?? '' }], now);
  return { ...change, created };
}

export const contactWayRoutes: Routes = {
  '/cgi-bin/externalcontact/add_contact_way': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const type = optInt(b, 'type');
      if (type === undefined) throw new SimApiError(41037);
      check(type === 1 || type === 2, 41039);
      const scene = optInt(b, 'scene');
      if (scene === undefined) throw new SimApiError(41038);
      check(scene === 1 || scene === 2, 41040);
      const fields = contactWayFields(ctx, b, type, false);
      checkQuota(ctx.corp);
      const configId = ctx.corp.newId('', 32);
      const qr = scene === 2 ? qrCode(ctx.corp) : undefined;
      ctx.corp.contactWays.set(configId, {
        config_id: configId,
        type,
        scene,
        skip_verify: true,
        remark: '',
        state: '',
        user: [],
        party: [],
        is_temp: false,
        ...fields,
        ...(qr ? { qr_code: qr } : {}),
        createdAt: ctx.now,
      });
      return { config_id: configId, ...(qr ? { qr_code: qr } : {}) };
    },
  },
  '/cgi-bin/externalcontact/get_contact_way': {
    method: 'POST',
    handle(ctx) {
      const { createdAt: _createdAt, ...way } = wayOf(ctx);
      return { contact_way: way };
    },
  },
  '/cgi-bin/externalcontact/update_contact_way': {
    method: 'POST',
    handle(ctx) {
      const way = wayOf(ctx);
      Object.assign(way, contactWayFields(ctx, ctx.body, Number(way.type), true));
      return {};
    },
  },
  '/cgi-bin/externalcontact/del_contact_way': {
    method: 'POST',
    handle(ctx) {
      const way = wayOf(ctx);
      ctx.corp.contactWays.delete(way.config_id);
      return {};
    },
  },
  '/cgi-bin/externalcontact/list_contact_way': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const end = optInt(b, 'end_time') ?? seconds(ctx.now);
      const start = optInt(b, 'start_time') ?? end - 90 * 24 * 3600;
      check(start <= end, 40058, 'start_time after end_time');
      const limit = optInt(b, 'limit') ?? 100;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      const ways = [...ctx.corp.contactWays.values()]
        .filter((w) => seconds(w.createdAt) >= start && seconds(w.createdAt) <= end)
        .sort((a, bb) => a.createdAt - bb.createdAt || a.config_id.localeCompare(bb.config_id));
      const p = page(ways, optString(b, 'cursor'), limit);
      return { contact_way: p.items.map((w) => ({ config_id: w.config_id })), next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/groupchat/add_join_way': {
    method: 'POST',
    handle(ctx) {
      const fields = joinWayFields(ctx, ctx.body);
      checkQuota(ctx.corp);
      const configId = ctx.corp.newId('', 32);
      ctx.corp.joinWays.set(configId, {
        config_id: configId,
        ...fields,
        ...(fields.scene === 2 ? { qr_code: qrCode(ctx.corp) } : {}),
      });
      return { config_id: configId };
    },
  },
  '/cgi-bin/externalcontact/groupchat/get_join_way': {
    method: 'POST',
    handle(ctx) {
      return { join_way: joinWayOf(ctx) };
    },
  },
  '/cgi-bin/externalcontact/groupchat/update_join_way': {
    method: 'POST',
    handle(ctx) {
      const way = joinWayOf(ctx);
      // A full overwrite: every field not sent goes back to its default.
      const fields = joinWayFields(ctx, ctx.body);
      const qr = fields.scene === 2 ? (typeof way.qr_code === 'string' ? way.qr_code : qrCode(ctx.corp)) : undefined;
      ctx.corp.joinWays.set(way.config_id, { config_id: way.config_id, ...fields, ...(qr ? { qr_code: qr } : {}) });
      return {};
    },
  },
  '/cgi-bin/externalcontact/groupchat/del_join_way': {
    method: 'POST',
    handle(ctx) {
      const way = joinWayOf(ctx);
      ctx.corp.joinWays.delete(way.config_id);
      return {};
    },
  },
};
