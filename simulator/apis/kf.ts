// 微信客服 (kf): sync_msg with cursors, send_msg within the 48 h / 5-message window, send_msg_on_event
// with single-use codes (docs/wecom.md#customer-service).
import { bytes, optArray, optInt, optObject, optString, reqString, seconds, type Body } from '../args';
import type { CorpState, KfAccount, KfMessage } from '../corp-state';
import type { SimConfig } from '../model';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

const THREE_DAYS_MS = 3 * 24 * 3600 * 1000;
const SESSION_WINDOW_MS = 48 * 3600 * 1000;
const MESSAGES_PER_TURN = 5;
const SEND_TYPES = new Set(['text', 'image', 'voice', 'video', 'file', 'link', 'miniprogram', 'msgmenu', 'location', 'ca_link']);

const encodeCursor = (offset: number) => Buffer.from(`k${offset}`, 'utf8').toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  check(/^k\d{1,9}$/.test(s), 40058, 'invalid cursor');
  return Number(s.slice(1));
}

function accountOf(ctx: ApiContext, b: Body): KfAccount {
  const id = reqString(b, 'open_kfid', 95000);
  const account = ctx.corp.kfAccount(id);
  if (!account) throw new SimApiError(95000, 'unknown open_kfid');
  return account;
}

function checkMsgId(account: KfAccount, msgid: string | undefined): void {
  if (msgid === undefined) return;
  check(bytes(msgid) <= 32 && /^[0-9A-Za-z_-]*$/.test(msgid), 40058, 'msgid must be ≤32 bytes of [0-9a-zA-Z_-]');
  // The errcode WeCom answers for a repeated msgid is not documented; 40058 here.
  check(!account.msgIds.has(msgid), 40058, 'msgid already used in this kf account');
}

function checkKfBody(b: Body, msgtype: string): void {
  const body = optObject(b, msgtype);
  check(body, 40058, `${msgtype} body missing`);
  if (msgtype === 'text') {
    const content = optString(body, 'content') ?? '';
    check(content.length > 0, 44004);
    check(bytes(content) <= 2048, 45002);
  }
  if (msgtype === 'msgmenu') check((optArray(body, 'list') ?? []).length <= 10, 95008);
}

export const kfRoutes: Routes = {
  '/cgi-bin/kf/sync_msg': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const token = optString(b, 'token');
      if (token !== undefined && token !== '') {
        const expires = ctx.corp.kfTokens.get(token);
        check(expires !== undefined && expires > ctx.now, 95007);
      }
      const account = accountOf(ctx, b);
      const limit = optInt(b, 'limit') ?? 1000;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      const offset = Math.min(decodeCursor(optString(b, 'cursor')), account.messages.length);
      const end = Math.min(offset + limit, account.messages.length);
      // Only the last 3 days are readable; older messages are skipped but still advance the cursor.
      const list = account.messages.slice(offset, end).filter((m) => m.send_time * 1000 >= ctx.now - THREE_DAYS_MS);
      return { next_cursor: encodeCursor(end), has_more: end < account.messages.length ? 1 : 0, msg_list: list };
    },
  },
  '/cgi-bin/kf/send_msg': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const account = accountOf(ctx, b);
      const touser = reqString(b, 'touser', 41035);
      const msgtype = optString(b, 'msgtype') ?? '';
      check(SEND_TYPES.has(msgtype), 40008);
      checkKfBody(b, msgtype);
      const wanted = optString(b, 'msgid');
      checkMsgId(account, wanted);
      const session = account.sessions.get(touser);
      // No customer message yet: WeCom refuses (reported as 95001 by integrators).
      if (!session) throw new SimApiError(95001, 'the customer has not sent a message');
      if (ctx.now - session.lastCustomerMsgAt > SESSION_WINDOW_MS) throw new SimApiError(95002);
      if (session.sentSince >= MESSAGES_PER_TURN) throw new SimApiError(95001);
      session.sentSince++;
      const msgid = wanted ?? ctx.corp.newId('', 32);
      account.msgIds.add(msgid);
      ctx.corp.kfSent.push({ at: ctx.now, corpId: ctx.corpId, msgid, openKfId: account.openKfId, externalUserId: touser, via: 'send_msg', body: b });
      return { msgid };
    },
  },
  '/cgi-bin/kf/send_msg_on_event': {
    method: 'POST',
    handle(ctx) {
      const b = ctx.body;
      const code = reqString(b, 'code');
      const msgtype = optString(b, 'msgtype') ?? '';
      check(msgtype === 'text' || msgtype === 'msgmenu', 40008);
      checkKfBody(b, msgtype);
      // The errcode for an unknown, expired or used event code is not documented; 40058 here.
      const c = ctx.corp.kfCodes.get(code);
      check(c && c.usedAt === undefined && ctx.now - c.issuedAt <= c.ttlMs, 40058, 'invalid code');
      const account = ctx.corp.kfAccount(c.openKfId, true) as KfAccount;
      const wanted = optString(b, 'msgid');
      checkMsgId(account, wanted);
      c.usedAt = ctx.now;
      const msgid = wanted ?? ctx.corp.newId('', 32);
      account.msgIds.add(msgid);
      ctx.corp.kfSent.push({
        at: ctx.now,
        corpId: ctx.corpId,
        msgid,
        openKfId: c.openKfId,
        externalUserId: c.externalUserId,
        via: 'send_msg_on_event',
        code,
        body: b,
      });
      return { msgid };
    },
  },
};

/**
 * Enqueues messages for sync_msg (what WeCom stores when customers write). Customer messages open the
 * 48 h send window; enter_session welcome codes (20 s) and session msg_codes become usable with
 * send_msg_on_event. Returns the Token a kf_msg_or_event callback would carry.
 */
export function enqueueKfMessages(
  corp: CorpState,
  openKfId: string,
  messages: Array<Record<string, unknown>>,
  now: number,
  config: SimConfig,
): { token: string; msgids: string[] } {
  const account = corp.kfAccount(openKfId, true) as KfAccount;
  const msgids: string[] = [];
  for (const raw of messages) {
    const msgtype = String(raw.msgtype);
    const msg: KfMessage = {
      ...raw,
      msgid: typeof raw.msgid === 'string' ? raw.msgid : corp.newId('', 32),
      open_kfid: openKfId,
      send_time: typeof raw.send_time === 'number' ? raw.send_time : seconds(now),
      origin: typeof raw.origin === 'number' ? raw.origin : msgtype === 'event' ? 4 : 3,
      msgtype,
    };
    account.messages.push(msg);
    msgids.push(msg.msgid);
    const ext = typeof msg.external_userid === 'string' ? msg.external_userid : undefined;
    if (msg.origin === 3 && ext) account.sessions.set(ext, { lastCustomerMsgAt: msg.send_time * 1000, sentSince: 0 });
    const event = msg.event && typeof msg.event === 'object' ? (msg.event as Record<string, unknown>) : undefined;
    if (event) {
      const eventUser = typeof event.external_userid === 'string' ? event.external_userid : (ext ?? '');
      if (event.event_type === 'enter_session' && typeof event.welcome_code === 'string') {
        corp.kfCodes.set(event.welcome_code, { code: event.welcome_code, openKfId, externalUserId: eventUser, issuedAt: now, ttlMs: 20_000 });
      }
      if (event.event_type === 'session_status_change' && typeof event.msg_code === 'string') {
        // Ending a session gives a 20 s code; taking it from the pool a 48 h one (docs/wecom.md#customer-service).
        const ttlMs = event.change_type === 3 ? 20_000 : SESSION_WINDOW_MS;
        corp.kfCodes.set(event.msg_code, { code: event.msg_code, openKfId, externalUserId: eventUser, issuedAt: now, ttlMs });
      }
    }
  }
  const token = corp.newId('ENC', 48);
  corp.kfTokens.set(token, now + config.kfTokenTtlSeconds * 1000);
  return { token, msgids };
}
