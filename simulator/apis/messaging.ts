// Welcome messages, group welcome templates, mass messages, moments and app messages
// (docs/wecom.md#welcome-code, docs/wecom.md#mass-messages, docs/wecom.md#moments, docs/wecom.md#app-messages).
import { bytes, chars, optArray, optInt, optObject, optString, optStringArray, page, reqString, seconds, type Body } from '../args';
import type { CorpState, MomentTask, MsgTemplate } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

const MAX_WELCOME_TEMPLATES = 100;
const APP_MESSAGES_PER_MEMBER_PER_MINUTE = 30;
const APP_MSG_TYPES = new Set(['text', 'image', 'voice', 'video', 'file', 'textcard', 'news', 'mpnews', 'markdown', 'miniprogram_notice', 'template_card']);

/** text{content} with a byte limit; returns whether text is present. */
function checkText(b: Body, maxBytes: number): boolean {
  const text = optObject(b, 'text');
  if (!text) return false;
  const content = optString(text, 'content') ?? '';
  check(bytes(content) <= maxBytes, 40058, `text.content exceeds ${maxBytes} bytes`);
  return content.length > 0;
}

/** A media/upload media_id is valid 3 days (docs/wecom-api.md §20.1); an unknown or expired one is 40007 (不合法的媒体文件id). */
const MEDIA_TTL_MS = 3 * 86_400_000;
function checkMediaId(ctx: ApiContext, mediaId: string | undefined): void {
  if (mediaId === undefined) return;
  const m = ctx.corp.media.get(mediaId);
  check(m !== undefined, 40007, `unknown media_id`);
  check(ctx.now < m!.createdAt + MEDIA_TTL_MS, 40007, 'media_id expired (valid 3 days)');
}

/**
 * A Moments attachment's media_id (docs/wecom-api.md §9, §20.3): one media/upload_attachment issued with attachment_type 1
 * and the attachment's media type, within 3 days; anything else (unknown, expired, a media/upload id) is 40007.
 */
function checkMomentMediaId(ctx: ApiContext, mediaId: string | undefined, type: string): void {
  if (mediaId === undefined) return;
  checkMediaId(ctx, mediaId);
  const m = ctx.corp.media.get(mediaId)!;
  check(m.attachmentType === 1 && m.type === type, 40007, `media_id is not a moments ${type} (upload_attachment, attachment_type=1)`);
}

/** Attachments of welcome and mass messages (docs/wecom.md#welcome-code): at most 9, each well-formed, media ids valid. */
function checkAttachments(ctx: ApiContext, b: Body): unknown[] {
  const list = optArray(b, 'attachments') ?? [];
  check(list.length <= 9, 40058, 'at most 9 attachments');
  for (const raw of list) {
    check(raw && typeof raw === 'object', 40058, 'attachment must be an object');
    const a = raw as Body;
    const type = optString(a, 'msgtype');
    check(type === 'image' || type === 'link' || type === 'miniprogram' || type === 'video' || type === 'file', 40058, 'invalid attachment msgtype');
    const body = optObject(a, type);
    check(body, 40058, `attachment ${type} body missing`);
    if (type === 'image') check(optString(body, 'media_id') || optString(body, 'pic_url'), 40058, 'image needs media_id or pic_url');
    if (type === 'video' || type === 'file') check(optString(body, 'media_id'), 40058, `${type} needs media_id`);
    if (type === 'image' || type === 'video' || type === 'file') checkMediaId(ctx, optString(body, 'media_id'));
    if (type === 'link') {
      const title = optString(body, 'title');
      check(title && bytes(title) <= 128, 40058, 'link.title is required, ≤128 bytes');
      check(optString(body, 'url'), 40058, 'link.url is required');
      const desc = optString(body, 'desc');
      if (desc !== undefined) check(bytes(desc) <= 512, 40058, 'link.desc exceeds 512 bytes');
    }
    if (type === 'miniprogram') {
      const title = optString(body, 'title');
      check(title && bytes(title) <= 64, 40058, 'miniprogram.title is required, ≤64 bytes');
      for (const k of ['pic_media_id', 'appid', 'page']) check(optString(body, k), 40058, `miniprogram.${k} is required`);
      checkMediaId(ctx, optString(body, 'pic_media_id'));
    }
  }
  return list;
}

const WELCOME_TEMPLATE_PARTS = ['text', 'image', 'link', 'miniprogram', 'file', 'video'] as const;

function welcomeTemplateParts(b: Body): Body {
  const out: Body = {};
  for (const k of WELCOME_TEMPLATE_PARTS) {
    const v = optObject(b, k);
    if (v) out[k] = v;
  }
  if (out.text) checkText(b, 3000);
  return out;
}

function templateOf(ctx: ApiContext): { id: string; template: Body } {
  const id = reqString(ctx.body, 'template_id');
  const template = ctx.corp.welcomeTemplates.get(id);
  if (!template) throw new SimApiError(40058, 'unknown template_id');
  return { id, template };
}

const shanghaiMonth = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 7);
function daysInShanghaiMonth(ms: number): number {
  const d = new Date(ms + 8 * 3600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

function msgTemplateOf(ctx: ApiContext): MsgTemplate {
  const msgid = reqString(ctx.body, 'msgid', 41046);
  const t = ctx.corp.msgTemplates.get(msgid);
  if (!t) throw new SimApiError(41047);
  return t;
}

/** errcodes the simulator answers where WeCom's own is undocumented (UNCONFIRMED; see docs/wecom-frontier.md §4). */
export const REMIND_LIMIT_ERRCODE = 41063;
export const REMIND_CANCELLED_ERRCODE = 41064;
/** Results of a mass message can be read for one month (30 days) after it was created; older msgids answer 41047. */
export const GROUPMSG_RESULT_WINDOW_MS = 30 * 86_400_000;

/** The task for a result read: in the one-month window, with members' automatic confirmation applied. */
function resultTemplateOf(ctx: ApiContext): MsgTemplate {
  const t = msgTemplateOf(ctx);
  check(ctx.now - t.createdAt <= GROUPMSG_RESULT_WINDOW_MS, 41047, 'msgid is older than one month');
  const after = ctx.config.groupMsgConfirmSeconds * 1000;
  if (after > 0 && ctx.now - t.createdAt >= after) markGroupMsgSent(ctx.corp, t.msgid, undefined, t.createdAt + after);
  return t;
}

function momentStatus(ctx: ApiContext, createdAt: number): 1 | 2 | 3 {
  const total = ctx.config.momentTaskSeconds * 1000;
  const elapsed = ctx.now - createdAt;
  if (elapsed >= total) return 3;
  return elapsed >= total / 2 ? 2 : 1;
}

function appRecipients(corp: CorpState, b: Body) {
  const touser = optString(b, 'touser') ?? '';
  const toparty = optString(b, 'toparty') ?? '';
  const totag = optString(b, 'totag') ?? '';
  const split = (s: string) => s.split('|').filter((x) => x !== '');
  const users = split(touser);
  const parties = split(toparty);
  const tags = split(totag);
  check(users.length <= 1000, 40032, 'touser holds at most 1000 userids');
  check(parties.length <= 100, 82002);
  check(tags.length <= 100, 82003);
  if (users.length + parties.length + tags.length === 0) throw new SimApiError(82001);
  const recipients = new Set<string>();
  const invalidUser: string[] = [];
  const invalidParty: string[] = [];
  if (touser === '@all') {
    for (const s of corp.staff.values()) if (s.status === 1) recipients.add(s.userId);
  } else {
    for (const u of users) {
      const s = corp.staff.get(u);
      if (s && s.status === 1) recipients.add(u);
      else invalidUser.push(u.toLowerCase());
    }
    for (const p of parties) {
      const id = Number(p);
      if (!Number.isInteger(id) || !corp.departments.has(id)) invalidParty.push(p);
      else for (const s of corp.staffOf(id, true)) if (s.status === 1) recipients.add(s.userId);
    }
  }
  // The simulator has no staff tags: every tag is invalid.
  const invalidTag = touser === '@all' ? [] : tags;
  return { recipients: [...recipients], invalidUser, invalidParty, invalidTag };
}

function checkAppMessageBody(b: Body, msgtype: string): void {
  const body = optObject(b, msgtype);
  check(body, 40058, `${msgtype} body missing`);
  if (msgtype === 'text' || msgtype === 'markdown') {
    const content = optString(body, 'content') ?? '';
    check(content.length > 0, 44004);
    check(bytes(content) <= 2048, 45002);
  }
  if (msgtype === 'textcard') {
    const title = optString(body, 'title');
    check(title && bytes(title) <= 128, 40058, 'textcard.title is required, ≤128 bytes');
    check(optString(body, 'description'), 41033, 'missing description');
    check(optString(body, 'url'), 41010, 'missing url');
  }
}

export const messagingRoutes: Routes = {
  '/cgi-bin/externalcontact/send_welcome_msg': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const code = reqString(b, 'welcome_code', 41049);
      // Validate before consuming the code: a rejected request leaves it usable.
      const hasText = checkText(b, 4000);
      const attachments = checkAttachments(ctx, b);
      check(hasText || attachments.length > 0, 40058, 'text and attachments are both empty');
      const wc = ctx.corp.welcomeCodes.get(code);
      if (!wc) throw new SimApiError(41050, 'unknown welcome code');
      if (wc.usedAt !== undefined) throw new SimApiError(41051, 'welcome message already delivered');
      if (ctx.now - wc.issuedAt > ctx.config.welcomeCodeTtlSeconds * 1000) throw new SimApiError(41050, 'welcome code expired');
      wc.usedAt = ctx.now;
      ctx.corp.sentWelcomes.push({
        at: ctx.now,
        corpId: ctx.corpId,
        userId: wc.userId,
        externalUserId: wc.externalUserId,
        welcomeCode: code,
        ...(b.text !== undefined ? { text: b.text } : {}),
        attachments,
      });
      return {};
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/add': {
    method: 'POST',
    handle(ctx) {
      const parts = welcomeTemplateParts(ctx.body);
      check(Object.keys(parts).length > 0, 40058, 'text, image, link, miniprogram, file and video are all empty');
      check(ctx.corp.welcomeTemplates.size < MAX_WELCOME_TEMPLATES, 41055);
      const id = ctx.corp.newId('msg', 32);
      ctx.corp.welcomeTemplates.set(id, parts);
      return { template_id: id };
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/edit': {
    method: 'POST',
    handle(ctx) {
      const { template } = templateOf(ctx);
      Object.assign(template, welcomeTemplateParts(ctx.body));
      return {};
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/get': {
    method: 'POST',
    handle(ctx) {
      return { ...templateOf(ctx).template };
    },
  },
  '/cgi-bin/externalcontact/group_welcome_template/del': {
    method: 'POST',
    handle(ctx) {
      ctx.corp.welcomeTemplates.delete(templateOf(ctx).id);
      return {};
    },
  },
  '/cgi-bin/externalcontact/add_msg_template': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const corp = ctx.corp;
      const chatType = optString(b, 'chat_type') ?? 'single';
      check(chatType === 'single' || chatType === 'group', 40058, 'chat_type must be single or group');
      const externalIds = optStringArray(b, 'external_userid') ?? [];
      const chatIds = optStringArray(b, 'chat_id_list') ?? [];
      check(externalIds.length <= 10_000, 40058, 'external_userid holds at most 10000 ids');
      check(chatIds.length <= 2000, 40058, 'chat_id_list holds at most 2000 ids');
      const sender = optString(b, 'sender');
      if (sender) check(corp.staff.has(sender), 40003, `unknown sender ${sender}`);
      if (chatType === 'group') check(sender, 40058, 'sender is required for chat_type group');
      const hasTagFilter = optObject(b, 'tag_filter') !== undefined;
      if (chatType === 'single') check(externalIds.length > 0 || sender || hasTagFilter, 40058, 'external_userid and sender are both empty');
      const hasText = checkText(b, 4000);
      const attachments = checkAttachments(ctx, b);
      check(hasText || attachments.length > 0, 40058, 'text and attachments are both empty');

      const sendList: MsgTemplate['sendList'] = [];
      const failList: string[] = [];
      if (chatType === 'single') {
        const targets = externalIds.length > 0 ? externalIds : sender ? corp.followsOfStaff(sender).map((f) => f.externalUserId) : [...corp.follows.keys()];
        for (const ext of targets) {
          const follows = corp.followsOf(ext);
          const by = sender ? follows.find((f) => f.userId === sender) : follows[follows.length - 1];
          if (!by) failList.push(ext);
          else sendList.push({ external_userid: ext, userid: by.userId, status: 0 });
        }
      } else {
        const chats = chatIds.length > 0 ? chatIds : [...corp.groupChats.values()].filter((c) => c.owner === sender).map((c) => c.chatId);
        for (const id of chats) {
          const chat = corp.groupChats.get(id);
          if (!chat) failList.push(id);
          else sendList.push({ chat_id: id, userid: chat.owner, status: 0 });
        }
      }
      check(sendList.length > 0, 41048, 'no customer to send to');
      // Per-recipient monthly cap (docs/wecom.md#mass-messages): a customer or group receives at most as many mass
      // messages per (Asia/Shanghai) month as the month has days; over-limit recipients are accepted
      // here and never receive (send_result status 3). Counted when the task is created.
      const month = shanghaiMonth(ctx.now);
      const received = new Map<string, number>();
      for (const t of corp.msgTemplates.values()) {
        if (shanghaiMonth(t.createdAt) !== month) continue;
        for (const s of t.sendList) {
          const r = s.external_userid ?? s.chat_id;
          if (r !== undefined && s.status !== 3 && s.status !== 2) received.set(r, (received.get(r) ?? 0) + 1);
        }
      }
      const cap = daysInShanghaiMonth(ctx.now);
      for (const s of sendList) if ((received.get((s.external_userid ?? s.chat_id)!) ?? 0) >= cap) s.status = 3;
      const msgid = corp.newId('msg', 32);
      corp.msgTemplates.set(msgid, { msgid, chatType, createdAt: ctx.now, body: b, sendList });
      return { fail_list: failList, msgid };
    },
  },
  '/cgi-bin/externalcontact/get_groupmsg_task': {
    method: 'POST',
    handle(ctx) {
      const t = resultTemplateOf(ctx);
      const limit = optInt(ctx.body, 'limit') ?? 500;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      // One line per member the task went to (wecom-frontier.md §4): 0 未发送, 2 已发送; send_time only when sent.
      const members = [...new Set(t.sendList.map((s) => s.userid))];
      const tasks = members.map((userid) => {
        const at = t.confirmed?.[userid];
        return at === undefined ? { userid, status: 0 } : { userid, status: 2, send_time: seconds(at) };
      });
      const p = page(tasks, optString(ctx.body, 'cursor'), limit);
      return { task_list: p.items, next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/remind_groupmsg_send': {
    method: 'POST',
    handle(ctx) {
      const t = msgTemplateOf(ctx);
      check(t.cancelledAt === undefined, REMIND_CANCELLED_ERRCODE, 'mass message was cancelled');
      // At most 3 reminders per msgid per 24 h (wecom-frontier.md §4, DOC 97610). The errcode WeCom answers
      // beyond it is not documented: the simulator answers REMIND_LIMIT_ERRCODE (Siyu refuses the 4th itself).
      const recent = (t.reminders ?? []).filter((at) => ctx.now - at < 86_400_000);
      check(recent.length < 3, REMIND_LIMIT_ERRCODE, 'remind count exceeds the limit (3 per 24 hours)');
      t.reminders = [...recent, ctx.now];
      return {};
    },
  },
  '/cgi-bin/externalcontact/cancel_groupmsg_send': {
    method: 'POST',
    handle(ctx) {
      const t = msgTemplateOf(ctx);
      // Stops what members have not sent; what was delivered stays (wecom-frontier.md §4, DOC 97619).
      t.cancelledAt ??= ctx.now;
      return {};
    },
  },
  '/cgi-bin/externalcontact/get_groupmsg_send_result': {
    method: 'POST',
    handle(ctx) {
      const t = resultTemplateOf(ctx);
      const userId = reqString(ctx.body, 'userid', 41009);
      const limit = optInt(ctx.body, 'limit') ?? 500;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      const p = page(
        t.sendList.filter((s) => s.userid === userId),
        optString(ctx.body, 'cursor'),
        limit,
      );
      return { send_list: p.items, next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/add_moment_task': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const text = optObject(b, 'text');
      const content = text ? (optString(text, 'content') ?? '') : '';
      check(chars(content) <= 2000 && bytes(content) <= 4000, 40058, 'invalid text size');
      const attachments = optArray(b, 'attachments') ?? [];
      check(content.length > 0 || attachments.length > 0, 40058, 'text and attachments are both empty');
      const types = attachments.map((a) => (a && typeof a === 'object' ? (a as Body).msgtype : undefined));
      check(
        types.every((t) => t === 'image' || t === 'video' || t === 'link'),
        40058,
        'invalid attachments msgtype',
      );
      check(new Set(types).size <= 1, 40058, 'invalid attachments msgtype');
      const max = types[0] === 'image' ? 9 : 1;
      check(attachments.length <= max, 40058, 'invalid attachments size');
      for (const raw of attachments) {
        const a = raw as Body;
        const type = optString(a, 'msgtype')!;
        const body = optObject(a, type);
        check(body, 40058, `attachment ${type} body missing`);
        if (type !== 'link') check(optString(body, 'media_id'), 40058, `${type}.media_id is required`);
        checkMomentMediaId(ctx, optString(body, 'media_id'), type === 'link' ? 'image' : type);
      }
      const range = optObject(b, 'visible_range');
      const senders = range ? optObject(range, 'sender_list') : undefined;
      const users = senders ? (optStringArray(senders, 'user_list') ?? []) : [];
      const departments = senders ? (optArray(senders, 'department_list') ?? []) : [];
      check(users.length <= 100_000, 40058, 'sender_list.user_list holds at most 100000 userids');
      const customers = range ? optObject(range, 'external_contact_list') : undefined;
      const tags = customers ? (optStringArray(customers, 'tag_list') ?? []) : [];
      const jobid = ctx.corp.newId('job', 40);
      ctx.corp.momentTasks.set(jobid, {
        jobid,
        createdAt: ctx.now,
        momentId: ctx.corp.newId('mom', 32),
        invalidSenders: users.filter((u) => !ctx.corp.staff.has(u)),
        invalidDepartments: departments.filter((d): d is number => typeof d === 'number' && !ctx.corp.departments.has(d)),
        invalidTags: tags.filter((t) => !ctx.corp.findTag(t)),
        body: b,
      });
      return { jobid };
    },
  },
  '/cgi-bin/externalcontact/get_moment_task_result': {
    method: 'GET',
    handle(ctx) {
      const jobid = reqString(ctx.query, 'jobid');
      const task = ctx.corp.momentTasks.get(jobid);
      if (!task) throw new SimApiError(40058, 'unknown jobid');
      const status = momentStatus(ctx, task.createdAt);
      return {
        status,
        type: 'add_moment_task',
        ...(status === 3
          ? {
              result: {
                errcode: 0,
                errmsg: 'ok',
                moment_id: task.momentId,
                invalid_sender_list: { user_list: task.invalidSenders, department_list: task.invalidDepartments },
                invalid_external_contact_list: { tag_list: task.invalidTags },
              },
            }
          : {}),
      };
    },
  },
  '/cgi-bin/externalcontact/get_moment_task': {
    method: 'POST',
    handle(ctx) {
      const task = momentOf(ctx);
      const limit = optInt(ctx.body, 'limit') ?? 500;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      // publish_status 0 未发表, 1 已发表 (wecom-frontier.md §8).
      const list = momentSenders(ctx.corp, task).map((userid) => ({ userid, publish_status: task.published?.[userid] === undefined ? 0 : 1 }));
      const p = page(list, optString(ctx.body, 'cursor'), limit);
      return { task_list: p.items, next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/get_moment_comments': {
    method: 'POST',
    handle(ctx) {
      const task = momentOf(ctx);
      const userId = reqString(ctx.body, 'userid', 41009);
      const i = task.interactions?.[userId];
      const t = i ? seconds(i.at) : 0;
      return {
        comment_list: (i?.comments ?? []).map((external_userid) => ({ external_userid, create_time: t })),
        like_list: (i?.likes ?? []).map((external_userid) => ({ external_userid, create_time: t })),
      };
    },
  },
  '/cgi-bin/message/send': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const agentId = optInt(b, 'agentid');
      if (agentId === undefined) throw new SimApiError(41011);
      check(ctx.corp.agentId === null || agentId === ctx.corp.agentId, 40056);
      const msgtype = optString(b, 'msgtype') ?? '';
      check(APP_MSG_TYPES.has(msgtype), 40008);
      checkAppMessageBody(b, msgtype);
      const r = appRecipients(ctx.corp, b);
      if (r.recipients.length === 0) throw new SimApiError(81013);
      // WeCom silently drops messages beyond 30 per member per minute (docs/wecom.md#app-messages).
      const minute = Math.floor(ctx.now / 60_000);
      const delivered: string[] = [];
      const dropped: string[] = [];
      for (const u of r.recipients) {
        const rate = ctx.corp.appMessageRate.get(u);
        const count = rate && rate.minute === minute ? rate.count : 0;
        if (count >= APP_MESSAGES_PER_MEMBER_PER_MINUTE) dropped.push(u);
        else {
          delivered.push(u);
          ctx.corp.appMessageRate.set(u, { minute, count: count + 1 });
        }
      }
      const msgid = ctx.corp.newId('', 40);
      ctx.corp.appMessages.push({ at: ctx.now, corpId: ctx.corpId, msgid, agentId, msgtype, recipients: delivered, dropped, body: b });
      const card = msgtype === 'template_card' ? optObject(b, 'template_card') : undefined;
      const interactive = card && optString(card, 'card_type') !== 'text_notice' && optString(card, 'card_type') !== 'news_notice';
      return {
        ...(r.invalidUser.length ? { invaliduser: r.invalidUser.join('|') } : {}),
        ...(r.invalidParty.length ? { invalidparty: r.invalidParty.join('|') } : {}),
        ...(r.invalidTag.length ? { invalidtag: r.invalidTag.join('|') } : {}),
        msgid,
        ...(interactive ? { response_code: ctx.corp.newId('', 40) } : {}),
      };
    },
  },
};

/** Marks a mass-message task as sent by a member (what the member does in the client). */
export function markGroupMsgSent(corp: CorpState, msgid: string, userId: string | undefined, now: number): number {
  const t = corp.msgTemplates.get(msgid);
  if (!t || t.cancelledAt !== undefined) return 0;
  let n = 0;
  for (const s of t.sendList) {
    if (userId !== undefined && s.userid !== userId) continue;
    (t.confirmed ??= {})[s.userid] ??= now;
    if (s.status !== 0) continue;
    // A customer who is no longer the member's friend does not receive it: status 2 (wecom-frontier.md §4).
    if (s.external_userid !== undefined && !corp.follow(s.external_userid, s.userid)) {
      s.status = 2;
      continue;
    }
    s.status = 1;
    s.send_time = seconds(now);
    n++;
  }
  return n;
}

/** The moment task of a moment_id (企业发表 only), once created; members' automatic publishing applied. */
function momentOf(ctx: ApiContext): MomentTask {
  const id = reqString(ctx.body, 'moment_id');
  const task = [...ctx.corp.momentTasks.values()].find((m) => m.momentId === id && momentStatus(ctx, m.createdAt) === 3);
  if (!task) throw new SimApiError(40058, 'invalid moment_id');
  const after = ctx.config.momentPublishSeconds * 1000;
  if (after > 0 && ctx.now - task.createdAt >= after) {
    for (const u of momentSenders(ctx.corp, task)) (task.published ??= {})[u] ??= task.createdAt + after;
  }
  return task;
}

/** Who a moment task went to: the listed valid members, or every active member when none is listed. */
function momentSenders(corp: CorpState, task: MomentTask): string[] {
  const range = optObject(task.body, 'visible_range');
  const senders = range ? optObject(range, 'sender_list') : undefined;
  const listed = senders ? (optStringArray(senders, 'user_list') ?? []).filter((u) => corp.staff.has(u)) : [];
  return listed.length > 0 ? listed : [...corp.staff.values()].filter((s) => s.status === 1).map((s) => s.userId);
}

/** A member publishes a moment in the client, and customers like and comment on it (a `/__sim/` hook). */
export function markMomentPublished(
  corp: CorpState,
  momentId: string,
  userId: string,
  now: number,
  o: { likes?: string[] | undefined; comments?: string[] | undefined } = {},
): boolean {
  const task = [...corp.momentTasks.values()].find((m) => m.momentId === momentId);
  if (!task) return false;
  (task.published ??= {})[userId] ??= now;
  (task.interactions ??= {})[userId] = { likes: o.likes ?? [], comments: o.comments ?? [], at: now };
  return true;
}
