// An operation-log entry (操作日志): who wrote what through the admin API, when, and the diff it made, in a
// per-tenant hash chain. Each entry carries the hash of the one before it (`prevHash`; the first one the
// genesis hash) and its own hash over the canonical JSON of everything else, so editing, removing or
// reordering an entry breaks the chain at that point; `verifyChain` finds where. Pure: no I/O.
import { createHash } from 'node:crypto';
import type { Role } from '../auth/api-key';
import { canonicalJson } from './canonical';
import type { Diff } from './diff';

/** The `prevHash` of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

export interface OperationActor {
  keyId: string;
  role: Role;
  /** The WeCom member behind the key or session, when there is one. */
  userId?: string | undefined;
}

/** What the admin API hands the log: everything but the chain position. */
export interface OperationDraft {
  corpId: string;
  actor: OperationActor;
  /** Method and path pattern, e.g. `PATCH /admin/v1/tenants/{corpId}/channels/{id}`. */
  route: string;
  /** The path parameters (without corpId), and the id of a created resource. */
  target: Record<string, string>;
  /** The HTTP status the write answered. */
  status: number;
  /** `resource`: the diff of the resource read before and after; `request`: the request body, as `to` values. */
  source: 'resource' | 'request';
  diff: Diff;
}

export interface OperationEntry extends OperationDraft {
  /** 1, 2, 3 … per tenant, without gaps. */
  seq: number;
  /** When it was recorded (ISO, ms); never earlier than the entry before it. */
  at: string;
  prevHash: string;
  hash: string;
}

/** Where a tenant's chain ends: the last entry's seq, hash and time (epoch ms). */
export interface ChainHead {
  seq: number;
  hash: string;
  atMs: number;
}

/** The hash of an entry: sha256 over the canonical JSON of every field but `hash`. */
export function entryHash(e: Omit<OperationEntry, 'hash'>): string {
  const { hash: _h, ...rest } = e as OperationEntry;
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex');
}

/** The next entry of a chain whose head is `head` (none: an empty chain), recorded at `nowMs` or just after the head. */
export function sealEntry(draft: OperationDraft, head: ChainHead | undefined, nowMs: number): { entry: OperationEntry; head: ChainHead } {
  const atMs = Math.max(nowMs, head?.atMs ?? 0);
  const unsealed = { ...draft, seq: (head?.seq ?? 0) + 1, at: new Date(atMs).toISOString(), prevHash: head?.hash ?? GENESIS_HASH };
  const entry = { ...unsealed, hash: entryHash(unsealed) };
  return { entry, head: { seq: entry.seq, hash: entry.hash, atMs } };
}

export type ChainVerdict = { ok: true; entries: number } | { ok: false; brokenAt: number; reason: string };

/**
 * Walks a tenant's entries in chain order (ascending seq as stored) and checks each against the one
 * before: seq without gaps, `prevHash` = the previous hash, `hash` = the recomputed hash. The head (read
 * before the walk) must name an entry of the chain: a chain shorter than its head lost entries at the end.
 * Entries appended during the walk follow the head and are checked the same way. `brokenAt` is the seq
 * where the chain first breaks.
 */
export async function verifyChain(entries: AsyncIterable<OperationEntry> | Iterable<OperationEntry>, head: ChainHead | undefined): Promise<ChainVerdict> {
  let prev: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
  const headSeq = head?.seq ?? 0;
  for await (const e of entries) {
    const expected = prev.seq + 1;
    if (e.seq !== expected)
      return { ok: false, brokenAt: expected, reason: e.seq > expected ? `entry ${expected} is missing` : `entry ${e.seq} is out of order` };
    if (e.prevHash !== prev.hash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} does not follow entry ${prev.seq} (prevHash mismatch)` };
    if (entryHash(e) !== e.hash) return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} was changed after it was written (hash mismatch)` };
    if (head !== undefined && e.seq === headSeq && e.hash !== head.hash) {
      return { ok: false, brokenAt: e.seq, reason: `entry ${e.seq} is not the entry the chain head names (hash mismatch)` };
    }
    prev = e;
  }
  if (prev.seq < headSeq)
    return {
      ok: false,
      brokenAt: prev.seq + 1,
      reason: `the chain ends at entry ${prev.seq} but its head names entry ${headSeq} (entries removed at the end)`,
    };
  return { ok: true, entries: prev.seq };
}
