// Fake of the operation log (~ shared/db/operation-log-repository.ts DynamoOperationLog): one sorted map of
// entries per tenant under the same sort keys, and a head; append seals on the head like the adapter (the
// fake runs in one thread, so no conflict arises). Tests may tamper with stored entries (`tamper`, `remove`)
// to check that verification notices.
import { sealEntry, type ChainHead, type OperationDraft, type OperationEntry } from '../../../shared/oplog/entry';
import { entrySortKey, entrySortRange, type OperationLogQuery, type OperationLogStore } from '../../../shared/oplog/store';
import { cursorOutsideQuery, decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import { copy } from './common';

export class InMemoryOperationLog implements OperationLogStore {
  private readonly entries = new Map<string, Map<string, OperationEntry>>();
  private readonly heads = new Map<string, ChainHead>();
  /** Set to make the next appends fail (a table that cannot be written). */
  failing = false;

  async head(corpId: string): Promise<ChainHead | undefined> {
    const h = this.heads.get(corpId);
    return h ? { ...h } : undefined;
  }

  async append(draft: OperationDraft, nowMs: number): Promise<OperationEntry> {
    if (this.failing) throw new Error('operation log unavailable (fake)');
    const { entry, head } = sealEntry(copy(draft), this.heads.get(draft.corpId), nowMs);
    const of = this.entries.get(draft.corpId) ?? new Map<string, OperationEntry>();
    of.set(entrySortKey(head.atMs, entry.seq), copy(entry));
    this.entries.set(draft.corpId, of);
    this.heads.set(draft.corpId, head);
    return copy(entry);
  }

  private sorted(corpId: string): Array<[string, OperationEntry]> {
    return [...(this.entries.get(corpId) ?? new Map<string, OperationEntry>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async list(corpId: string, q: OperationLogQuery): Promise<{ items: OperationEntry[]; cursor?: string | undefined }> {
    const { lo, hi } = entrySortRange(q.from, q.to);
    const after = q.cursor ? decodeCursor('operationLog', q.cursor).sk : undefined;
    if (after !== undefined && (after < lo || after > hi)) throw cursorOutsideQuery();
    const matches = this.sorted(corpId)
      .reverse()
      .filter(([sk]) => sk >= lo && sk <= hi && (after === undefined || sk < after))
      .filter(([, e]) => !q.actor || e.actor.keyId === q.actor || e.actor.userId === q.actor)
      .filter(([, e]) => !q.route || e.route.includes(q.route));
    const page = matches.slice(0, q.limit);
    const last = page[page.length - 1];
    // DynamoDB stops with a LastEvaluatedKey once Limit rows matched, even when nothing follows.
    const more = last !== undefined && page.length === q.limit;
    return { items: page.map(([, e]) => copy(e)), ...(more ? { cursor: encodeCursor('operationLog', { sk: last[0] }) } : {}) };
  }

  async *chain(corpId: string): AsyncIterable<OperationEntry> {
    for (const [, e] of this.sorted(corpId)) yield copy(e);
  }

  /** Every entry of a tenant in chain order (test inspection). */
  of(corpId: string): OperationEntry[] {
    return this.sorted(corpId).map(([, e]) => copy(e));
  }

  /** Rewrites the stored entry `seq` of a tenant in place (a hand edit of the table). */
  tamper(corpId: string, seq: number, edit: (e: OperationEntry) => OperationEntry): void {
    const of = this.entries.get(corpId)!;
    const [sk, e] = [...of.entries()].find(([, x]) => x.seq === seq)!;
    of.set(sk, edit(copy(e)));
  }

  /** Swaps the stored contents of entries `a` and `b` (each under the other's sort key). */
  swap(corpId: string, a: number, b: number): void {
    const of = this.entries.get(corpId)!;
    const [ka, ea] = [...of.entries()].find(([, x]) => x.seq === a)!;
    const [kb, eb] = [...of.entries()].find(([, x]) => x.seq === b)!;
    of.set(ka, eb);
    of.set(kb, ea);
  }

  /** Deletes the stored entry `seq` of a tenant (the head is left as it is). */
  remove(corpId: string, seq: number): void {
    const of = this.entries.get(corpId)!;
    const [sk] = [...of.entries()].find(([, x]) => x.seq === seq)!;
    of.delete(sk);
  }
}
