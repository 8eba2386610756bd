// Directory reads, behaviour statistics and media uploads (docs/wecom.md#directory-and-behaviour-data, docs/wecom.md#media).
import { createHash } from 'node:crypto';
import { optInt, optStringArray, optString, page, reqString, seconds, type Body } from '../args';
import type { CorpState, Staff } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

const DAY = 86_400;
/** Asia/Shanghai midnight of a unix-seconds instant. */
const dayStart = (t: number) => Math.floor((t + 8 * 3600) / DAY) * DAY - 8 * 3600;

function userView(s: Staff): Body {
  return {
    userid: s.userId,
    name: s.name,
    department: s.department,
    order: s.department.map(() => 0),
    position: s.position,
    status: s.status,
    main_department: s.department[0] ?? 1,
    is_leader_in_dept: s.department.map(() => 0),
    direct_leader: [],
  };
}

function departmentOrThrow(corp: CorpState, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const id = Number(raw);
  check(Number.isInteger(id) && corp.departments.has(id), 60003, `unknown department ${raw}`);
  return id;
}

/** A department and all its descendants, parents first. */
function subtree(corp: CorpState, root: number | undefined) {
  const all = [...corp.departments.values()].sort((a, b) => a.id - b.id);
  if (root === undefined) return all;
  const ids = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) {
      if (ids.has(d.parentId) && !ids.has(d.id)) {
        ids.add(d.id);
        grew = true;
      }
    }
  }
  return all.filter((d) => ids.has(d.id));
}

/** Small deterministic numbers, so the same query always answers the same statistics. */
function stat(seed: string, max: number): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0) % (max + 1);
}

const MEDIA_LIMITS: Record<string, { bytes: number; errcode: number }> = {
  image: { bytes: 10 * 1024 * 1024, errcode: 40009 },
  voice: { bytes: 2 * 1024 * 1024, errcode: 40006 },
  video: { bytes: 10 * 1024 * 1024, errcode: 40011 },
  file: { bytes: 20 * 1024 * 1024, errcode: 40006 },
};

function checkUpload(ctx: ApiContext, type: string) {
  const upload = ctx.upload;
  // WeCom requires a non-empty multipart part (files must be larger than 5 bytes).
  check(upload && upload.bytes > 5, 44001);
  const limit = MEDIA_LIMITS[type];
  if (limit) check(upload.bytes <= limit.bytes, limit.errcode, `${type} larger than ${limit.bytes} bytes`);
  return upload;
}

export const directoryRoutes: Routes = {
  '/cgi-bin/user/get': {
    method: 'GET',
    handle(ctx) {
      const userId = reqString(ctx.query, 'userid', 41009);
      const s = ctx.corp.staff.get(userId);
      if (!s) throw new SimApiError(60111);
      return userView(s);
    },
  },
  '/cgi-bin/user/list': {
    method: 'GET',
    handle(ctx) {
      const id = departmentOrThrow(ctx.corp, ctx.query.department_id);
      check(id !== undefined, 40058, 'department_id is required');
      const users = ctx.corp.staffOf(id, ctx.query.fetch_child === '1');
      return { userlist: users.map(userView) };
    },
  },
  '/cgi-bin/user/list_id': {
    method: 'POST',
    handle(ctx) {
      const limit = optInt(ctx.body, 'limit') ?? 10_000;
      check(limit >= 1 && limit <= 10_000, 40058, 'limit must be 1..10000');
      const rows = [...ctx.corp.staff.values()]
        .sort((a, b) => a.userId.localeCompare(b.userId))
        .flatMap((s) => s.department.map((department) => ({ userid: s.userId, department })));
      const p = page(rows, optString(ctx.body, 'cursor'), limit);
      return { next_cursor: p.next, dept_user: p.items };
    },
  },
  '/cgi-bin/department/list': {
    method: 'GET',
    handle(ctx) {
      const root = departmentOrThrow(ctx.corp, ctx.query.id);
      return {
        department: subtree(ctx.corp, root).map((d) => ({ id: d.id, name: d.name, parentid: d.parentId, order: d.order, department_leader: [] })),
      };
    },
  },
  '/cgi-bin/department/simplelist': {
    method: 'GET',
    handle(ctx) {
      const root = departmentOrThrow(ctx.corp, ctx.query.id);
      return { department_id: subtree(ctx.corp, root).map((d) => ({ id: d.id, parentid: d.parentId, order: d.order })) };
    },
  },
  '/cgi-bin/externalcontact/get_user_behavior_data': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const users = optStringArray(b, 'userid') ?? [];
      const parties = (Array.isArray(b.partyid) ? b.partyid : []) as unknown[];
      check(users.length + parties.length > 0, 40058, 'userid and partyid are both empty');
      check(users.length <= 100 && parties.length <= 100, 40058, 'at most 100 userids and 100 partyids');
      for (const u of users) check(ctx.corp.staff.has(u), 40003, `unknown userid ${u}`);
      for (const p of parties) check(typeof p === 'number' && ctx.corp.departments.has(p), 60003, `unknown department ${String(p)}`);
      const start = optInt(b, 'start_time');
      const end = optInt(b, 'end_time');
      check(start !== undefined && end !== undefined && start <= end, 40058, 'start_time and end_time are required');
      const now = seconds(ctx.now);
      check(end - start <= 30 * DAY, 40058, 'the range spans more than 30 days');
      check(start >= now - 180 * DAY, 40058, 'start_time is more than 180 days ago');
      const members = new Set(users);
      for (const p of parties) for (const s of ctx.corp.staffOf(p as number, true)) members.add(s.userId);
      const follows = [...members].flatMap((u) => ctx.corp.followsOfStaff(u));
      const data: Body[] = [];
      for (let day = dayStart(start); day <= end; day += DAY) {
        const set = members.size === 1 ? ctx.corp.behaviour.get(`${[...members][0]}|${day}`) : undefined;
        if (set === null) continue;
        if (set) {
          data.push({ stat_time: day, new_apply_cnt: 0, new_contact_cnt: 0, negative_feedback_cnt: 0, ...set });
          continue;
        }
        const seed = `${ctx.corpId}|${[...members].sort().join(',')}|${day}`;
        const added = follows.filter((f) => f.createTime >= day && f.createTime < day + DAY).length;
        const chats = stat(`${seed}|chat`, 20);
        data.push({
          stat_time: day,
          new_apply_cnt: added + stat(`${seed}|apply`, 3),
          new_contact_cnt: added,
          chat_cnt: chats,
          message_cnt: chats * (1 + stat(`${seed}|msg`, 6)),
          ...(chats > 0 ? { reply_percentage: stat(`${seed}|reply`, 100), avg_reply_time: stat(`${seed}|avg`, 30) } : {}),
          negative_feedback_cnt: stat(`${seed}|neg`, 1),
        });
      }
      return { behavior_data: data };
    },
  },
  '/cgi-bin/media/upload': {
    method: 'POST',
    handle(ctx) {
      const type = ctx.query.type ?? '';
      check(type in MEDIA_LIMITS, 40005);
      const upload = checkUpload(ctx, type);
      const mediaId = ctx.corp.newId('3', 64);
      ctx.corp.media.set(mediaId, { mediaId, type, createdAt: ctx.now, filename: upload.filename, bytes: upload.bytes });
      return { type, media_id: mediaId, created_at: String(seconds(ctx.now)) };
    },
  },
  '/cgi-bin/media/uploadimg': {
    method: 'POST',
    handle(ctx) {
      const upload = checkUpload(ctx, 'image');
      check(upload.bytes <= 2 * 1024 * 1024, 40009, 'image larger than 2 MB');
      return { url: `https://wework.qpic.cn/wwpic/${ctx.corp.newId('', 24)}/0` };
    },
  },
  '/cgi-bin/media/upload_attachment': {
    method: 'POST',
    handle(ctx) {
      const type = ctx.query.media_type ?? '';
      const attachmentType = ctx.query.attachment_type ?? '';
      check(type === 'image' || type === 'video' || type === 'file', 40005);
      check(attachmentType === '1' || attachmentType === '2', 40058, 'attachment_type must be 1 or 2');
      check(!(attachmentType === '1' && type === 'file'), 41072);
      const upload = checkUpload(ctx, type);
      const mediaId = ctx.corp.newId('3', 64);
      ctx.corp.media.set(mediaId, {
        mediaId,
        type,
        createdAt: ctx.now,
        filename: upload.filename,
        bytes: upload.bytes,
        attachmentType: Number(attachmentType),
      });
      return { type, media_id: mediaId, created_at: String(seconds(ctx.now)) };
    },
  },
};
