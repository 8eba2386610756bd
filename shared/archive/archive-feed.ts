// The interface the conversation-archive puller is written against. The puller is a long-running
// container task (ECS/Fargate or a VM), not a Lambda: Tencent's Finance SDK is a native Linux library
// (libWeWorkFinanceSdk_C.so) that needs glibc and the archive's trusted IP. Per tenant it loops:
//
//   1. seq = cursors.get(corpId)                       (0 for a new tenant)
//   2. batch = source.getChatData(corpId, seq, 1000)   (GetChatData + RSA/DecryptData with the tenant's key)
//   3. feed.publish(batch)                             (to the `archive` SQS queue, one message per entry)
//   4. cursors.save(corpId, max seq of the batch)      (only after the queue took every entry)
//
// triggered by `msgaudit_notify` (at most every 15 s) or its own timer. A crash between 3 and 4 re-sends
// the batch: the archive consumer is idempotent per msgid, so nothing changes twice. Locally,
// scripts/local/archive-puller.ts runs the same loop against the WeCom simulator's archive source.
import type { ArchiveEntry } from './archive-message';

export interface ChatDataSource {
  /** Decrypted messages with seq > `seq`, oldest first, at most `limit` (the SDK caps it at 1000). */
  getChatData(corpId: string, seq: number, limit: number): Promise<ArchiveEntry[]>;
}

export interface ArchiveFeed {
  /** Sends every entry to the archive queue; rejects if any was not taken. */
  publish(entries: readonly ArchiveEntry[]): Promise<void>;
}

export interface ArchiveCursorStore {
  get(corpId: string): Promise<number>;
  save(corpId: string, seq: number): Promise<void>;
}

/** One pull of one tenant: returns how many entries were fed and the new cursor. */
export async function pullArchive(
  deps: { source: ChatDataSource; feed: ArchiveFeed; cursors: ArchiveCursorStore },
  corpId: string,
  opts: { limit?: number; maxBatches?: number } = {},
): Promise<{ fed: number; seq: number }> {
  let seq = await deps.cursors.get(corpId);
  let fed = 0;
  for (let i = 0; i < (opts.maxBatches ?? 10); i++) {
    const batch = await deps.source.getChatData(corpId, seq, opts.limit ?? 1000);
    if (batch.length === 0) break;
    await deps.feed.publish(batch);
    seq = Math.max(seq, ...batch.map((e) => e.seq));
    await deps.cursors.save(corpId, seq);
    fed += batch.length;
  }
  return { fed, seq };
}
