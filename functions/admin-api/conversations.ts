// Conversations in the admin API (spec §3): the archive search, the tenant's sensitive words and the
// red-packet ledger of a day.
import { z } from 'zod';
import type { ArchiveStore, LedgerStore, SensitiveWordStore } from '../../shared/archive/archive-ports';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import { ForbiddenError } from '../../shared/errors';
import { cursorParam } from '../../shared/db/cursor';
import { daySchema } from '../../shared/input/day.schema';
import { fitsItem, MAX_ITEM_BYTES } from '../../shared/input/item-size';
import { displayName } from '../../shared/input/text.schema';
import { parseInput } from '../../shared/validation';
import { timeRange } from './time-range';

export interface ConversationDeps {
  archive: ArchiveStore;
  ledger: LedgerStore;
  sensitiveWords: SensitiveWordStore;
  nowSeconds: () => number;
}

const archiveQuery = z.object({
  staff: z.string().min(1).max(64).optional(),
  customer: z.string().min(1).max(256).optional(),
  q: z.string().min(1).max(100).optional(),
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(200)).optional(),
  cursor: cursorParam,
});

/** GET …/archive?staff=&customer=&q=&from=&to=&limit=&cursor= — stored messages, time-ordered. */
export async function searchArchive(deps: ConversationDeps, corpId: string, raw: Record<string, string | undefined>, scope: CustomerScope = { kind: 'all' }) {
  const range = timeRange(raw.from, raw.to, deps.nowSeconds());
  const q = parseInput(archiveQuery, { staff: raw.staff, customer: raw.customer, q: raw.q, limit: raw.limit, cursor: raw.cursor }, 'invalid query');
  if (q.staff && !inScope(scope, q.staff)) throw new ForbiddenError('that staff member is outside your scope');
  const page = await deps.archive.search(corpId, { fromMs: range.from * 1000, toMs: range.to * 1000 + 999, ...q, limit: q.limit ?? 50 });
  return {
    items: page.items.filter((m) => inScope(scope, m.staff)).map(({ corpId: _c, ...m }) => ({ ...m, at: new Date(m.msgtime).toISOString() })),
    cursor: page.cursor ?? null,
  };
}

// 5,000 words of 50 CJK characters would be 750 KB: the list is bounded by its stored size as well.
const wordsSchema = z
  .strictObject({
    words: z.array(displayName(50)).max(5000),
    notify: z.array(z.string().min(1).max(64)).max(100).default([]),
  })
  .superRefine(fitsItem(MAX_ITEM_BYTES, 'words'));

export async function putSensitiveWords(deps: ConversationDeps, corpId: string, body: unknown) {
  const input = parseInput(wordsSchema, body, 'invalid sensitive words');
  const saved = await deps.sensitiveWords.put(corpId, { words: [...new Set(input.words)], notify: input.notify });
  return { words: saved.words, notify: saved.notify, version: saved.version };
}

export async function getSensitiveWords(deps: ConversationDeps, corpId: string) {
  const w = await deps.sensitiveWords.get(corpId);
  return { words: w?.words ?? [], notify: w?.notify ?? [], version: w?.version ?? 0 };
}

/** GET …/red-packet-ledger?date=YYYY-MM-DD — per staff member in the caller's scope: red packets in and out, in fen. */
export async function redPacketLedger(deps: ConversationDeps, corpId: string, raw: Record<string, string | undefined>, scope: CustomerScope = { kind: 'all' }) {
  const { date } = parseInput(z.object({ date: daySchema }), { date: raw.date }, 'invalid query');
  const rows = (await deps.ledger.day(corpId, date)).filter((r) => inScope(scope, r.userId));
  return { date, items: rows.sort((a, b) => a.userId.localeCompare(b.userId)) };
}
