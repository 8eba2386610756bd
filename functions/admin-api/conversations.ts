// Conversations in the admin API (docs/manual.md#admin-api): the archive search, the tenant's sensitive words and the
// red-packet ledger of a day.
import * as z from 'zod';
import type { ArchivedMessage, ArchiveStore, LedgerStore, SensitiveWordStore } from '../../shared/archive/archive-ports';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import { ForbiddenError } from '../../shared/errors';
import { epochSeconds, type Clock } from '../../shared/clock';
import { cursorParam, dayParam, limitParam } from '../../shared/input/params';
import { fitsItem, MAX_ITEM_BYTES } from '../../shared/input/item-size';
import { displayName } from '../../shared/input/text.schema';
import { field, sheet, type Column, type CsvLang } from '../../shared/http/csv';
import { timeRange } from './time-range';
import { msg } from '../../shared/i18n/messages';

export interface ConversationDeps {
  archive: ArchiveStore;
  ledger: LedgerStore;
  sensitiveWords: SensitiveWordStore;
  clock: Clock;
}

export const archiveQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  staff: z.string().min(1).max(64).optional(),
  customer: z.string().min(1).max(256).optional(),
  q: z.string().min(1).max(100).optional(),
  limit: limitParam(200),
  cursor: cursorParam,
});

/** One archived message (会话存档) as the API shows it; `body` is WeCom's decrypted message of its msgtype, passed through. */
export const archivedMessageView = z.strictObject({
  msgid: z.string(),
  seq: z.number().int().min(0).describe('会话存档 seq / the archive seq'),
  msgtime: z.number().int().describe('消息时间，Unix 毫秒 / Unix milliseconds'),
  msgtype: z.string().describe('企业微信消息类型（text、image …）/ WeCom msgtype'),
  action: z.string().describe('send / recall / switch'),
  from: z.string(),
  tolist: z.array(z.string()),
  roomid: z.string().describe('群聊 id，单聊为空 / group chat id, empty for one-to-one'),
  staff: z.string(),
  customer: z.string(),
  text: z.string().describe('可搜索的文本 / the searchable text'),
  body: z.record(z.string(), z.unknown()).describe('企业微信原始消息内容，原样转发 / WeCom message content, passed through'),
  at: z.iso.datetime().describe('msgtime 的 ISO 形式 / msgtime as ISO'),
});
export const archivePageView = z.strictObject({ items: z.array(archivedMessageView), cursor: z.string().nullable() });

const archivedOut = (m: ArchivedMessage): z.output<typeof archivedMessageView> => ({
  msgid: m.msgid,
  seq: m.seq,
  msgtime: m.msgtime,
  msgtype: m.msgtype,
  action: m.action,
  from: m.from,
  tolist: m.tolist,
  roomid: m.roomid,
  staff: m.staff,
  customer: m.customer,
  text: m.text,
  body: m.body,
  at: new Date(m.msgtime).toISOString(),
});

/** GET …/archive?staff=&customer=&q=&from=&to=&limit=&cursor= — stored messages, time-ordered. */
export async function searchArchive(
  deps: ConversationDeps,
  corpId: string,
  query: z.output<typeof archiveQuery>,
  scope: CustomerScope = { kind: 'all' },
): Promise<z.output<typeof archivePageView>> {
  const { from, to, ...q } = query;
  const range = timeRange(from, to, epochSeconds(deps.clock.now()));
  if (q.staff && !inScope(scope, q.staff)) throw new ForbiddenError(msg('staff_outside_scope'));
  const page = await deps.archive.search(corpId, { fromMs: range.from * 1000, toMs: range.to * 1000 + 999, ...q, limit: q.limit ?? 50 });
  return {
    items: page.items.filter((m) => inScope(scope, m.staff)).map(archivedOut),
    cursor: page.cursor ?? null,
  };
}

// 5,000 words of 50 CJK characters would be 750 KB: the list is bounded by its stored size as well.
export const wordsSchema = z
  .strictObject({
    words: z.array(displayName(50)).max(5000),
    notify: z.array(z.string().min(1).max(64)).max(100).default([]),
  })
  .superRefine(fitsItem(MAX_ITEM_BYTES, 'words'));

export async function putSensitiveWords(deps: ConversationDeps, corpId: string, input: z.output<typeof wordsSchema>) {
  const saved = await deps.sensitiveWords.put(corpId, { words: [...new Set(input.words)], notify: input.notify });
  return { words: saved.words, notify: saved.notify, version: saved.version };
}

export async function getSensitiveWords(deps: ConversationDeps, corpId: string) {
  const w = await deps.sensitiveWords.get(corpId);
  return { words: w?.words ?? [], notify: w?.notify ?? [], version: w?.version ?? 0 };
}

/** GET …/red-packet-ledger?date=YYYY-MM-DD — per staff member in the caller's scope: red packets in and out, in fen. */
export const ledgerQuery = z.object({ date: dayParam, format: z.enum(['json', 'csv']).default('json') });

const countOf = z.number().int().min(0);
const fen = z.number().int().min(0);
/** The red-packet ledger of a day: per staff member, red packets received and sent (money in fen). */
export const redPacketLedgerView = z.strictObject({
  date: z.string().describe('上海时区日期 YYYY-MM-DD / Asia/Shanghai day'),
  items: z.array(
    z.strictObject({
      userId: z.string(),
      inCount: countOf.describe('收到红包数 / red packets received'),
      inFen: fen.describe('收到金额，单位：分 / received, in fen'),
      outCount: countOf.describe('发出红包数 / red packets sent'),
      outFen: fen.describe('发出金额，单位：分 / sent, in fen'),
    }),
  ),
});

export async function redPacketLedger(
  deps: ConversationDeps,
  corpId: string,
  { date }: { date: string },
  scope: CustomerScope = { kind: 'all' },
): Promise<z.output<typeof redPacketLedgerView>> {
  const rows = (await deps.ledger.day(corpId, date)).filter((r) => inScope(scope, r.userId));
  return {
    date,
    items: rows
      .sort((a, b) => a.userId.localeCompare(b.userId))
      .map((r) => ({ userId: r.userId, inCount: r.inCount, inFen: r.inFen, outCount: r.outCount, outFen: r.outFen })),
  };
}

type LedgerLine = Awaited<ReturnType<typeof redPacketLedger>>['items'][number] & { date: string };
const LEDGER_CSV: Column<LedgerLine>[] = [
  field('date', '日期'),
  field('userId', '员工'),
  field('inCount', '收到红包数', 'inCount'),
  field('inFen', '收到金额（元）', 'inYuan', 'yuan'),
  field('outCount', '发出红包数', 'outCount'),
  field('outFen', '发出金额（元）', 'outYuan', 'yuan'),
];

/** The red-packet ledger of a day as a CSV file (红包台账): one line per staff member, money in yuan. One day: one answer. */
export const redPacketLedgerCsv = (ledger: Awaited<ReturnType<typeof redPacketLedger>>, lang: CsvLang): string =>
  sheet(
    LEDGER_CSV,
    lang,
    ledger.items.map((r) => ({ ...r, date: ledger.date })),
  );
