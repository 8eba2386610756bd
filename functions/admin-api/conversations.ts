// Conversations in the admin API (docs/manual.md#admin-api): the archive search, the tenant's sensitive words and the
// red-packet ledger of a day.
import { z } from 'zod';
import type { ArchiveStore, LedgerStore, SensitiveWordStore } from '../../shared/archive/archive-ports';
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

/** GET …/archive?staff=&customer=&q=&from=&to=&limit=&cursor= — stored messages, time-ordered. */
export async function searchArchive(deps: ConversationDeps, corpId: string, query: z.output<typeof archiveQuery>, scope: CustomerScope = { kind: 'all' }) {
  const { from, to, ...q } = query;
  const range = timeRange(from, to, epochSeconds(deps.clock.now()));
  if (q.staff && !inScope(scope, q.staff)) throw new ForbiddenError(msg('staff_outside_scope'));
  const page = await deps.archive.search(corpId, { fromMs: range.from * 1000, toMs: range.to * 1000 + 999, ...q, limit: q.limit ?? 50 });
  return {
    items: page.items.filter((m) => inScope(scope, m.staff)).map(({ corpId: _c, ...m }) => ({ ...m, at: new Date(m.msgtime).toISOString() })),
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

export async function redPacketLedger(deps: ConversationDeps, corpId: string, { date }: { date: string }, scope: CustomerScope = { kind: 'all' }) {
  const rows = (await deps.ledger.day(corpId, date)).filter((r) => inScope(scope, r.userId));
  return { date, items: rows.sort((a, b) => a.userId.localeCompare(b.userId)) };
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
