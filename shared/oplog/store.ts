// The operation log's store port: append at the end of a tenant's chain (safe under concurrent writers of
// one tenant), list newest first with filters, and read the chain in order with its head for verification.
// Adapter: shared/db/operation-log-repository.ts; fake: test/support/fakes/oplog.ts.
import type { ChainHead, OperationDraft, OperationEntry } from './entry';

export interface OperationLogQuery {
  /** Epoch ms bounds of `at`, inclusive. */
  from?: number | undefined;
  to?: number | undefined;
  /** A key id or a member's userid. */
  actor?: string | undefined;
  /** Part of the route (`PATCH /admin/v1/tenants/{corpId}/channels/{id}`), e.g. `channels`. */
  route?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface OperationLogStore {
  /** Seals the draft as the next entry of its tenant's chain (at `nowMs`, never before the last entry) and stores it. */
  append(draft: OperationDraft, nowMs: number): Promise<OperationEntry>;
  /** Entries newest first; a full page carries a cursor. */
  list(corpId: string, q: OperationLogQuery): Promise<{ items: OperationEntry[]; cursor?: string | undefined }>;
  /** Every entry of the tenant in chain order (oldest first), page by page. */
  chain(corpId: string): AsyncIterable<OperationEntry>;
  /** Where the tenant's chain ends; undefined when nothing was ever recorded. */
  head(corpId: string): Promise<ChainHead | undefined>;
}

/** The sort key of an entry: time (ms, 13 digits), then seq (10 digits). Times never go back in a chain, so this is chain order. */
export const entrySortKey = (atMs: number, seq: number) => `E#${String(atMs).padStart(13, '0')}#${String(seq).padStart(10, '0')}`;
/** The sort-key bounds of `from`..`to` (epoch ms; open ends: everything). */
export const entrySortRange = (from: number | undefined, to: number | undefined) => ({
  lo: from === undefined ? 'E#' : `E#${String(from).padStart(13, '0')}#`,
  hi: to === undefined ? 'E#~' : `E#${String(to).padStart(13, '0')}#~`,
});
