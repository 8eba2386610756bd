// What an archived message means for Siyu, as pure functions: who the staff member and the customer are,
// its searchable text, and the audit rows it implies (red packets, revokes, sensitive words).
import type { AuditRow } from './audit';

export interface ArchiveMessageView {
  msgid: string;
  action: string;
  from?: string | undefined;
  tolist?: string[] | undefined;
  roomid?: string | undefined;
  msgtime?: number | undefined;
  msgtype?: string | undefined;
  [body: string]: unknown;
}

/** External contacts have wm…/wo… ids; staff ids are the corp's own userids. */
export const isExternalId = (id: string) => /^w[mo][A-Za-z0-9_-]{6,}$/.test(id);

export function participantsOf(m: ArchiveMessageView) {
  const all = [...new Set([m.from ?? '', ...(m.tolist ?? [])].filter((x) => x !== ''))];
  const externals = all.filter(isExternalId);
  const staff = m.from && !isExternalId(m.from) ? m.from : (all.find((x) => !isExternalId(x)) ?? '');
  return { externals, staff, customer: externals[0] ?? '', fromCustomer: m.from !== undefined && isExternalId(m.from) };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** The text a person would search for in this message. */
export function textOf(m: ArchiveMessageView): string {
  const body = obj(m[m.msgtype ?? '']);
  switch (m.msgtype) {
    case 'text':
    case 'markdown':
      return str(body.content);
    case 'link':
      return [str(body.title), str(body.description)].filter(Boolean).join(' ');
    case 'file':
      return str(body.filename);
    case 'weapp':
      return [str(body.title), str(body.description)].filter(Boolean).join(' ');
    case 'mixed':
      return ((obj(m.mixed).item as unknown[]) ?? [])
        .map((i) => {
          const item = obj(i);
          if (item.type !== 'text') return '';
          try {
            return str(obj(JSON.parse(str(item.content))).content);
          } catch {
            return '';
          }
        })
        .filter(Boolean)
        .join(' ');
    default:
      return '';
  }
}

export interface RedPacket {
  count: number;
  amountFen: number;
  wish: string;
  kind: number;
}

/** Red packets, internal (`redpacket`) and with external contacts (`external_redpacket`, same body). */
export function redPacketOf(m: ArchiveMessageView): RedPacket | undefined {
  if (m.msgtype !== 'redpacket' && m.msgtype !== 'external_redpacket') return undefined;
  const r = obj(m.redpacket);
  const amountFen = Number(r.totalamount);
  if (!Number.isInteger(amountFen) || amountFen < 0) return undefined;
  return { count: Number.isInteger(r.totalcnt) ? Number(r.totalcnt) : 1, amountFen, wish: str(r.wish), kind: Number(r.type) || 1 };
}

interface RowBase {
  corpId: string;
  eventKey: string;
  at: number;
  staff: string;
  customer: string;
}

export function redPacketRow(b: RowBase, m: ArchiveMessageView, r: RedPacket, alertFen: number | undefined): AuditRow {
  return {
    ...b,
    type: 'red_packet',
    detail: {
      amountFen: r.amountFen,
      count: r.count,
      wish: r.wish.slice(0, 100),
      kind: r.kind,
      msgid: m.msgid,
      direction: isExternalId(m.from ?? '') ? 'in' : 'out',
    },
    alert: alertFen !== undefined && r.amountFen >= alertFen,
  };
}

export function revokeRow(b: RowBase, m: ArchiveMessageView): AuditRow | undefined {
  if (m.msgtype !== 'revoke') return undefined;
  return { ...b, type: 'revoke', detail: { msgid: m.msgid, preMsgid: str(obj(m.revoke).pre_msgid) }, alert: false };
}

export function sensitiveRow(b: RowBase, m: ArchiveMessageView, words: readonly string[], text: string): AuditRow {
  return {
    ...b,
    type: 'sensitive_word',
    detail: { words: [...new Set(words)].join('、'), msgid: m.msgid, from: m.from ?? '', excerpt: [...text].slice(0, 60).join('') },
    alert: true,
  };
}
