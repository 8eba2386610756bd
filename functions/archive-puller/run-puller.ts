// The archive puller's loop, pure (no AWS, no SDK): every round, for every tenant with an archive secret,
// pull new chat records with pullArchive (shared/archive/archive-feed.ts) one batch at a time until the
// tenant has nothing more, then wait for the next round. One tenant's failure is logged with its code and
// counted and does not stop the others; a stop request (SIGTERM from ECS) ends the loop after the batch in
// flight, so the cursor always matches what the queue took. The composition root is main.ts.
import { pullArchive, type ArchiveCursorStore, type ArchiveFeed, type ChatDataSource } from '../../shared/archive/archive-feed';
import type { Clock } from '../../shared/clock';

/** WeCom's GetChatData returns at most 1000 records per call. */
export const BATCH_LIMIT = 1000;

export interface PullerLog {
  info(message: string, extra?: Record<string, unknown>): void;
}

export interface PullerDeps {
  clock: Clock;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The tenants that have archive secrets. */
  corpIds(): Promise<string[]>;
  /** The tenant's source (its SDK session, cached by the composition root); undefined: no archive secret. */
  sourceOf(corpId: string): Promise<ChatDataSource | undefined>;
  /** After a failure: forget the tenant's cached source so the next round opens a new one. */
  forget(corpId: string): void;
  feed: ArchiveFeed;
  cursors: ArchiveCursorStore;
  /** Logs and counts a failed pull (CloudWatch metric ArchivePullFailed, dimension code). */
  failed(corpId: string, code: string, error: unknown): void;
  log: PullerLog;
}

export interface RoundReport {
  tenants: number;
  fed: number;
  failed: Array<{ corpId: string; code: string }>;
}

/** The code of a failure: a Finance SDK error's number (FinanceSdkError.code), else the error's name. */
export function failureCode(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number' || (typeof code === 'string' && code !== '')) return String(code);
  return e instanceof Error ? e.name : 'unknown';
}

/** One round over every tenant. */
export async function pullRound(deps: PullerDeps, stop: AbortSignal, o: { limit?: number; maxBatches?: number } = {}): Promise<RoundReport> {
  const limit = o.limit ?? BATCH_LIMIT;
  const report: RoundReport = { tenants: 0, fed: 0, failed: [] };
  for (const corpId of await deps.corpIds()) {
    if (stop.aborted) break;
    try {
      const source = await deps.sourceOf(corpId);
      if (!source) continue;
      report.tenants++;
      // One batch per call, so a stop request waits for one batch only; a full batch means more may wait.
      for (let i = 0; i < (o.maxBatches ?? 10); i++) {
        const { fed, seq } = await pullArchive({ source, feed: deps.feed, cursors: deps.cursors }, corpId, { limit, maxBatches: 1 });
        report.fed += fed;
        if (fed > 0) deps.log.info('archive pulled', { corpId, fed, seq });
        if (fed < limit || stop.aborted) break;
      }
    } catch (e) {
      const code = failureCode(e);
      report.failed.push({ corpId, code });
      deps.failed(corpId, code, e);
      deps.forget(corpId);
    }
  }
  return report;
}

/** Rounds every `intervalMs` (measured from a round's start) until `stop` aborts. */
export async function runPuller(deps: PullerDeps, stop: AbortSignal, o: { intervalMs: number; limit?: number; maxBatches?: number }): Promise<number> {
  let rounds = 0;
  while (!stop.aborted) {
    const started = deps.clock.now();
    await pullRound(deps, stop, o);
    rounds++;
    if (stop.aborted) break;
    await deps.sleep(Math.max(0, started + o.intervalMs - deps.clock.now()), stop);
  }
  deps.log.info('archive puller stopped', { rounds });
  return rounds;
}
