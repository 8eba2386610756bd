// The puller's loop on fakes: two tenants, one whose SDK fails with a Finance SDK error code — the good
// tenant's records reach the archive queue and its cursor moves, the failing tenant's cursor stays, the
// failure is counted with its code and its cached source forgotten; paging continues while batches are
// full; a stop request ends the loop after the batch in flight (its cursor saved), without another round.
import type { ChatDataSource } from '../../shared/archive/archive-feed';
import type { ArchiveEntry } from '../../shared/archive/archive-message';
import { QueueArchiveFeed } from '../../shared/aws/archive-feed';
import { manualClock } from '../../test/support/clock';
import { RecordingQueuePublisher } from '../../test/support/fakes';
import { InMemoryArchiveCursorStore } from '../../test/support/fakes/archive';
import { failureCode, pullRound, runPuller, type PullerDeps } from './run-puller';

const GOOD = 'wwgood';
const BAD = 'wwbad';

class SdkError extends Error {
  constructor(
    readonly code: number,
    readonly retryable: boolean,
  ) {
    super(`finance sdk error ${code}`);
  }
}

/** Records of a tenant with seq 1..n; getChatData pages them like the SDK (seq > cursor, at most limit). */
function recordsSource(corpId: string, n: number, onBatch?: () => void): ChatDataSource & { calls: number } {
  const all: ArchiveEntry[] = Array.from({ length: n }, (_, i) => ({
    corpId,
    seq: i + 1,
    message: { msgid: `${corpId}-m${i + 1}`, action: 'send', from: 'zhangsan', tolist: ['wmcust'], msgtime: 1_700_000_000_000 + i, msgtype: 'text' },
  }));
  const s = {
    calls: 0,
    async getChatData(_corp: string, seq: number, limit: number) {
      s.calls++;
      onBatch?.();
      return all.filter((e) => e.seq > seq).slice(0, limit);
    },
  };
  return s;
}

function world(sources: Record<string, ChatDataSource>) {
  const clock = manualClock(Date.UTC(2026, 11, 1));
  const queues = new RecordingQueuePublisher();
  const cursors = new InMemoryArchiveCursorStore();
  const failures: Array<{ corpId: string; code: string }> = [];
  const forgotten: string[] = [];
  const sleeps: number[] = [];
  const deps: PullerDeps = {
    clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    corpIds: async () => Object.keys(sources).sort(),
    sourceOf: async (corpId) => sources[corpId],
    forget: (corpId) => forgotten.push(corpId),
    feed: new QueueArchiveFeed(queues, clock),
    cursors,
    failed: (corpId, code) => failures.push({ corpId, code }),
    log: { info: () => undefined },
  };
  return { deps, queues, cursors, failures, forgotten, sleeps, clock };
}

const failing: ChatDataSource = {
  getChatData: async () => {
    throw new SdkError(10001, true);
  },
};

describe('archive puller loop', () => {
  it('feeds the good tenant, keeps the failing tenant’s cursor, counts the failure by code', async () => {
    const w = world({ [BAD]: failing, [GOOD]: recordsSource(GOOD, 5) });
    const report = await pullRound(w.deps, new AbortController().signal, { limit: 2 });
    expect(report).toEqual({ tenants: 2, fed: 5, failed: [{ corpId: BAD, code: '10001' }] });
    expect(await w.cursors.get(GOOD)).toBe(5);
    expect(await w.cursors.get(BAD)).toBe(0);
    expect(w.queues.sent.map((m) => m.message.event.msgid)).toEqual([1, 2, 3, 4, 5].map((i) => `${GOOD}-m${i}`));
    expect(w.failures).toEqual([{ corpId: BAD, code: '10001' }]);
    expect(w.forgotten).toEqual([BAD]);
  });

  it('skips a tenant without an archive secret', async () => {
    const w = world({ [GOOD]: recordsSource(GOOD, 1) });
    w.deps.corpIds = async () => ['wwnosecret', GOOD];
    expect(await pullRound(w.deps, new AbortController().signal)).toEqual({ tenants: 1, fed: 1, failed: [] });
  });

  it('stops after the batch in flight when asked, with its cursor saved and no further round', async () => {
    const stop = new AbortController();
    const good = recordsSource(GOOD, 6, () => {
      // SIGTERM arrives while the second batch is being fetched.
      if (good.calls === 2) stop.abort();
    });
    const w = world({ [GOOD]: good, [BAD]: failing });
    w.deps.corpIds = async () => [GOOD, BAD];
    const rounds = await runPuller(w.deps, stop.signal, { intervalMs: 15_000, limit: 2 });
    expect(rounds).toBe(1);
    expect(good.calls).toBe(2);
    expect(await w.cursors.get(GOOD)).toBe(4);
    expect(w.queues.sent).toHaveLength(4);
    // The next tenant is not started after the stop request, and nobody sleeps.
    expect(w.failures).toEqual([]);
    expect(w.sleeps).toEqual([]);
  });

  it('runs a round every interval, measured from the round’s start', async () => {
    const stop = new AbortController();
    const w = world({ [GOOD]: recordsSource(GOOD, 1) });
    const corpIds = w.deps.corpIds;
    let n = 0;
    w.deps.corpIds = async () => {
      w.clock.advance(4_000);
      if (++n === 3) stop.abort();
      return corpIds();
    };
    expect(await runPuller(w.deps, stop.signal, { intervalMs: 15_000 })).toBe(3);
    expect(w.sleeps).toEqual([11_000, 11_000]);
  });

  it('names a failure by its SDK code, else by the error', () => {
    expect(failureCode(new SdkError(10009, false))).toBe('10009');
    expect(failureCode(new TypeError('x'))).toBe('TypeError');
    expect(failureCode('boom')).toBe('unknown');
  });
});
