// 会话内容存档 (docs/wecom.md#conversation-archive): what the Finance SDK's GetChatData would hand a puller (decrypted), and
// the consent API. Tests and `npm run simulate` append archive messages through the control API; agree /
// disagree messages also set the customer's consent, which check_single_agree reports.
import { optArray } from '../args';
import type { CorpState } from '../corp-state';
import { check } from '../sim-error';
import type { Routes } from './api-context';

export interface SimArchiveEntry {
  seq: number;
  message: Record<string, unknown> & { msgid: string; msgtype?: string };
}

interface ArchiveState {
  entries: SimArchiveEntry[];
  consent: Map<string, { status: 'Agree' | 'Disagree'; at: number }>;
}

const archives = new WeakMap<CorpState, ArchiveState>();
const archiveOf = (corp: CorpState): ArchiveState => {
  let a = archives.get(corp);
  if (!a) archives.set(corp, (a = { entries: [], consent: new Map() }));
  return a;
};

/** Appends messages (official JSON shape), filling msgid, action and msgtime when absent. */
export function appendArchive(corp: CorpState, messages: Array<Record<string, unknown>>, now: number): SimArchiveEntry[] {
  const a = archiveOf(corp);
  return messages.map((raw) => {
    const seq = (a.entries.at(-1)?.seq ?? 0) + 1;
    const msgtime = typeof raw.msgtime === 'number' ? raw.msgtime : now;
    const message: SimArchiveEntry['message'] = {
      action: 'send',
      msgtime,
      ...raw,
      msgid: typeof raw.msgid === 'string' ? raw.msgid : `${corp.newId('', 19)}_${Math.floor(msgtime / 1000)}`,
    };
    for (const kind of ['agree', 'disagree'] as const) {
      const body = message[kind] as { userid?: string } | undefined;
      if (message.msgtype === kind && body?.userid) a.consent.set(body.userid, { status: kind === 'agree' ? 'Agree' : 'Disagree', at: msgtime });
    }
    const entry = { seq, message };
    a.entries.push(entry);
    return entry;
  });
}

/** GetChatData: entries with seq > `seq`, at most `limit` (1..1000). */
export function chatData(corp: CorpState, seq: number, limit: number): SimArchiveEntry[] {
  check(Number.isInteger(limit) && limit >= 1 && limit <= 1000, 10000, 'limit must be 1..1000');
  return archiveOf(corp)
    .entries.filter((e) => e.seq > seq)
    .slice(0, limit);
}

export const archiveRoutes: Routes = {
  '/cgi-bin/msgaudit/check_single_agree': {
    method: 'POST',
    handle(ctx) {
      const info = (optArray(ctx.body, 'info') ?? []) as Array<{ userid?: unknown; exteranalopenid?: unknown }>;
      check(info.length >= 1 && info.length <= 100, 40058, 'info must hold 1 to 100 pairs');
      const consent = archiveOf(ctx.corp).consent;
      return {
        agreeinfo: info.map((i) => {
          const c = consent.get(String(i.exteranalopenid));
          return {
            userid: String(i.userid),
            exteranalopenid: String(i.exteranalopenid),
            agree_status: c?.status ?? 'Disagree',
            status_change_time: c ? Math.floor(c.at / 1000) : 0,
          };
        }),
      };
    },
  },
};
