// Customer and group inheritance (在职继承 / 离职继承, wecom-frontier.md §7, wecom-api.md §11): resigned members'
// unassigned customers, customer transfers (on-job and resigned) that are taken over after
// `transferTakeoverSeconds` (WeCom: 24 h) unless the customer refuses, their results (status 1 接替完毕, 2 等待接替,
// 3 客户拒绝, 4 接替成员客户达到上限, 5 无接替记录 — on-job only), and group owner transfers (immediate, with
// failed_chat_list). Limits as documented: ≤100 per call, each customer ≤2 on-job transfers per 90 days, each group
// ≤2 on-job transfers per 90 days, ≤300 groups per day from one original owner. A takeover moves the follow and
// records the callbacks WeCom would send (`/__sim/transfer-events`): add_external_contact for the takeover member
// (not when already a friend), del_external_contact Source DELETE_BY_TRANSFER for an on-job handover, transfer_fail.
import { optInt, optString, optStringArray, page, reqString, seconds } from '../args';
import type { CorpState } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { ApiContext, Routes } from './api-context';

export type TransferKind = 'onjob' | 'resigned';
/** 1 接替完毕, 2 等待接替, 3 客户拒绝, 4 接替成员客户达到上限 (wecom-frontier.md §7). */
export type TransferStatus = 1 | 2 | 3 | 4;

export interface SimTransfer {
  kind: TransferKind;
  handover: string;
  takeover: string;
  externalUserId: string;
  startedAt: number;
  /** Epoch ms the takeover happens (or happened). */
  takeoverAt: number;
  message: string;
  status: TransferStatus;
  /** Forced by `/__sim/transfer-outcome`: the customer refuses, or the takeover member is over the limit. */
  forced?: 3 | 4 | undefined;
}

/** A callback WeCom would send for a transfer's outcome (change_external_contact). */
export interface SimTransferEvent {
  changeType: 'add_external_contact' | 'del_external_contact' | 'transfer_fail';
  userId: string;
  externalUserId: string;
  source?: 'DELETE_BY_TRANSFER';
  failReason?: 'customer_refused' | 'customer_limit_exceed';
  at: number;
}

interface GroupTransfer {
  chatId: string;
  from: string;
  to: string;
  at: number;
  kind: TransferKind;
}

interface TransferBook {
  customers: SimTransfer[];
  groups: GroupTransfer[];
  events: SimTransferEvent[];
  /** userid → epoch ms of resignation (`/__sim/staff-resign`); members seeded with status 5 count from 0. */
  resignedAt: Map<string, number>;
}

const NINETY_DAYS_MS = 90 * 86_400_000;
const DAY_MS = 86_400_000;
/** Per-customer errcode for the 90-day limit; the exact value is not documented (UNCONFIRMED). */
export const TRANSFER_LIMIT_ERRCODE = 40128;
/** Per-group errcodes: 90500 the owner is not resigned, 90501 not an external group chat (DOC 92127 / 95703). */
export const GROUP_OWNER_NOT_RESIGNED = 90500;
export const GROUP_NOT_EXTERNAL = 90501;
/** A group over its 90-day or the owner over the 300/day limit; the exact value is not documented (UNCONFIRMED). */
export const GROUP_LIMIT_ERRCODE = 90507;
export const GROUPS_PER_OWNER_PER_DAY = 300;

const books = new WeakMap<CorpState, TransferBook>();
export const transferBookOf = (corp: CorpState): TransferBook => {
  let b = books.get(corp);
  if (!b) books.set(corp, (b = { customers: [], groups: [], events: [], resignedAt: new Map() }));
  return b;
};
export const transfersOf = (corp: CorpState): SimTransfer[] => transferBookOf(corp).customers;

const isResigned = (corp: CorpState, userId: string) => corp.staff.get(userId)?.status === 5;

/** Takes over every transfer whose time has come: the follow moves, or the customer refuses. */
export function settleTransfers(corp: CorpState, now: number): void {
  const book = transferBookOf(corp);
  for (const t of book.customers) {
    if (t.status !== 2 || now < t.takeoverAt) continue;
    const at = seconds(t.takeoverAt);
    const old = corp.follow(t.externalUserId, t.handover);
    if (t.forced) {
      t.status = t.forced;
      const failReason = t.forced === 3 ? 'customer_refused' : 'customer_limit_exceed';
      book.events.push({ changeType: 'transfer_fail', userId: t.takeover, externalUserId: t.externalUserId, failReason, at });
      continue;
    }
    t.status = 1;
    const already = corp.follow(t.externalUserId, t.takeover);
    if (!already) {
      corp.upsertFollow({
        userId: t.takeover,
        externalUserId: t.externalUserId,
        remark: old?.remark ?? '',
        description: old?.description ?? '',
        createTime: at,
        tags: new Set(old?.tags ?? []),
        addWay: old?.addWay ?? 0,
        operUserId: t.takeover,
        remarkMobiles: old?.remarkMobiles ?? [],
        remarkCorpName: old?.remarkCorpName ?? '',
      });
      book.events.push({ changeType: 'add_external_contact', userId: t.takeover, externalUserId: t.externalUserId, at });
    }
    corp.follows.get(t.externalUserId)?.delete(t.handover);
    if (t.kind === 'onjob') {
      book.events.push({ changeType: 'del_external_contact', userId: t.handover, externalUserId: t.externalUserId, source: 'DELETE_BY_TRANSFER', at });
    }
  }
}

/** Test hook: the waiting transfers of these customers end refused (3) or over the takeover's limit (4). */
export function forceTransferOutcome(corp: CorpState, externalUserIds: string[], status: 3 | 4): number {
  let n = 0;
  for (const t of transferBookOf(corp).customers) {
    if (t.status === 2 && externalUserIds.includes(t.externalUserId)) {
      t.forced = status;
      n++;
    }
  }
  return n;
}

/** Test hook: a member resigns (WeCom status 5) at `now`. */
export function resignStaff(corp: CorpState, userId: string, now: number): boolean {
  const s = corp.staff.get(userId);
  if (!s) return false;
  s.status = 5;
  transferBookOf(corp).resignedAt.set(userId, now);
  return true;
}

function members(ctx: ApiContext): { handover: string; takeover: string } {
  const handover = reqString(ctx.body, 'handover_userid', 40003);
  const takeover = reqString(ctx.body, 'takeover_userid', 40003);
  for (const u of [handover, takeover]) if (!ctx.corp.staff.has(u)) throw new SimApiError(40003, `unknown userid ${u}`);
  check(handover !== takeover, 40058, 'handover and takeover are the same member');
  check(!isResigned(ctx.corp, takeover), 40003, `takeover member ${takeover} has resigned`);
  return { handover, takeover };
}

function startTransfers(ctx: ApiContext, kind: TransferKind): { customer: Array<{ external_userid: string; errcode: number }> } {
  const { handover, takeover } = members(ctx);
  if (kind === 'resigned') check(isResigned(ctx.corp, handover), 40003, `handover member ${handover} has not resigned`);
  else check(!isResigned(ctx.corp, handover), 40003, `handover member ${handover} has resigned`);
  const ids = optStringArray(ctx.body, 'external_userid') ?? [];
  check(ids.length >= 1 && ids.length <= 100, 40058, 'external_userid must hold 1 to 100 ids');
  const message = kind === 'onjob' ? (optString(ctx.body, 'transfer_success_msg') ?? '') : '';
  check([...message].length <= 200, 40058, 'transfer_success_msg exceeds 200 characters');
  settleTransfers(ctx.corp, ctx.now);
  const list = transfersOf(ctx.corp);
  const customer = ids.map((externalUserId) => {
    if (!ctx.corp.follow(externalUserId, handover)) return { external_userid: externalUserId, errcode: 84061 };
    if (kind === 'onjob') {
      const recent = list.filter((t) => t.kind === 'onjob' && t.externalUserId === externalUserId && ctx.now - t.startedAt < NINETY_DAYS_MS);
      if (recent.length >= 2) return { external_userid: externalUserId, errcode: TRANSFER_LIMIT_ERRCODE };
    }
    // A new transfer of the same pair replaces a waiting one (WeCom keeps one takeover per customer and handover).
    const waiting = list.findIndex((t) => t.status === 2 && t.externalUserId === externalUserId && t.handover === handover);
    if (waiting >= 0) list.splice(waiting, 1);
    const takeoverAt = ctx.now + ctx.config.transferTakeoverSeconds * 1000;
    list.push({ kind, handover, takeover, externalUserId, startedAt: ctx.now, takeoverAt, message, status: 2 });
    return { external_userid: externalUserId, errcode: 0 };
  });
  return { customer };
}

function transferResult(ctx: ApiContext, kind: TransferKind) {
  const handover = reqString(ctx.body, 'handover_userid', 40003);
  const takeover = reqString(ctx.body, 'takeover_userid', 40003);
  settleTransfers(ctx.corp, ctx.now);
  const rows = transfersOf(ctx.corp).filter((t) => t.kind === kind && t.handover === handover && t.takeover === takeover);
  const { items, next } = page(rows, optString(ctx.body, 'cursor'), 1000);
  return {
    customer: items.map((t) => ({ external_userid: t.externalUserId, status: t.status, takeover_time: seconds(t.takeoverAt) })),
    next_cursor: next,
  };
}

function transferGroups(ctx: ApiContext, kind: TransferKind) {
  const chatIds = optStringArray(ctx.body, 'chat_id_list') ?? [];
  check(chatIds.length >= 1 && chatIds.length <= 100, 40058, 'chat_id_list must hold 1 to 100 ids');
  const newOwner = reqString(ctx.body, 'new_owner', 40003);
  const owner = ctx.corp.staff.get(newOwner);
  if (!owner || owner.status === 5) throw new SimApiError(40003, `invalid new_owner ${newOwner}`);
  const book = transferBookOf(ctx.corp);
  const failed: Array<{ chat_id: string; errcode: number; errmsg: string }> = [];
  const fail = (chat_id: string, errcode: number, errmsg: string) => failed.push({ chat_id, errcode, errmsg });
  for (const chatId of chatIds) {
    const chat = ctx.corp.liveGroupChat(chatId);
    if (!chat) {
      fail(chatId, GROUP_NOT_EXTERNAL, 'chat is not external group chat');
      continue;
    }
    const from = chat.owner;
    if (kind === 'resigned' && !isResigned(ctx.corp, from)) {
      fail(chatId, GROUP_OWNER_NOT_RESIGNED, `owner ${from} is not resigned`);
      continue;
    }
    if (kind === 'onjob' && isResigned(ctx.corp, from)) {
      fail(chatId, GROUP_OWNER_NOT_RESIGNED, `owner ${from} is resigned, use groupchat/transfer`);
      continue;
    }
    if (from === newOwner) {
      fail(chatId, 40058, 'new_owner already owns the chat');
      continue;
    }
    const today = book.groups.filter((g) => g.from === from && ctx.now - g.at < DAY_MS).length;
    if (today >= GROUPS_PER_OWNER_PER_DAY) {
      fail(chatId, GROUP_LIMIT_ERRCODE, `owner ${from} transferred ${GROUPS_PER_OWNER_PER_DAY} chats today`);
      continue;
    }
    if (kind === 'onjob' && book.groups.filter((g) => g.kind === 'onjob' && g.chatId === chatId && ctx.now - g.at < NINETY_DAYS_MS).length >= 2) {
      fail(chatId, GROUP_LIMIT_ERRCODE, 'chat transferred twice in 90 days');
      continue;
    }
    chat.owner = newOwner;
    book.groups.push({ chatId, from, to: newOwner, at: ctx.now, kind });
  }
  return { failed_chat_list: failed };
}

export const transferRoutes: Routes = {
  '/cgi-bin/externalcontact/transfer_customer': { method: 'POST', handle: (ctx) => startTransfers(ctx, 'onjob') },
  '/cgi-bin/externalcontact/resigned/transfer_customer': { method: 'POST', handle: (ctx) => startTransfers(ctx, 'resigned') },
  // Status 5 (无接替记录, on-job only) is not produced: the simulator lists only transfers it started.
  '/cgi-bin/externalcontact/transfer_result': { method: 'POST', handle: (ctx) => transferResult(ctx, 'onjob') },
  '/cgi-bin/externalcontact/resigned/transfer_result': { method: 'POST', handle: (ctx) => transferResult(ctx, 'resigned') },
  '/cgi-bin/externalcontact/get_unassigned_list': {
    method: 'POST',
    handle(ctx) {
      const size = optInt(ctx.body, 'page_size') ?? 1000;
      check(size >= 1 && size <= 1000, 40058, 'page_size must be 1 to 1000');
      settleTransfers(ctx.corp, ctx.now);
      const book = transferBookOf(ctx.corp);
      // Waiting resigned transfers are assigned already: they are not in the list.
      const pending = new Set(book.customers.filter((t) => t.kind === 'resigned' && t.status === 2).map((t) => `${t.handover}|${t.externalUserId}`));
      const rows: Array<{ handover_userid: string; external_userid: string; dimission_time: number }> = [];
      for (const s of [...ctx.corp.staff.values()].filter((x) => x.status === 5).sort((a, b) => a.userId.localeCompare(b.userId))) {
        for (const f of ctx.corp.followsOfStaff(s.userId)) {
          if (pending.has(`${s.userId}|${f.externalUserId}`)) continue;
          rows.push({ handover_userid: s.userId, external_userid: f.externalUserId, dimission_time: seconds(book.resignedAt.get(s.userId) ?? 0) });
        }
      }
      const { items, next } = page(rows, optString(ctx.body, 'cursor'), size);
      return { info: items, is_last: next === '', next_cursor: next };
    },
  },
  '/cgi-bin/externalcontact/groupchat/transfer': { method: 'POST', handle: (ctx) => transferGroups(ctx, 'resigned') },
  '/cgi-bin/externalcontact/groupchat/onjob_transfer': { method: 'POST', handle: (ctx) => transferGroups(ctx, 'onjob') },
};
