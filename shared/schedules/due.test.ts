// The due-marker runner with fakes: each due marker under its lease, re-read under it, completed or
// moved on, failures reported and left due; tenant-wide jobs from the schedule and by hand.
import { manualClock } from '../../test/support/clock';
import { InMemoryDueStore } from '../../test/support/fakes/due';
import { InMemoryLeaseStore } from '../../test/support/fakes/leases';
import { dueLeaseName, nextShanghaiTime, runDue, runTenantJob, type DueMarker, type RunDueDeps } from './due';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const NOW = at('2026-11-23T10:00:00');

function world() {
  const clock = manualClock(NOW * 1000);
  const due = new InMemoryDueStore(clock);
  const leases = new InMemoryLeaseStore();
  const deps: RunDueDeps = { due, leases, clock };
  return { deps, due, leases, clock };
}
const opts = { nowMs: NOW * 1000 };

describe('runDue', () => {
  it('works only what is due for the job, oldest first, and completes or moves each marker', async () => {
    const w = world();
    await w.due.schedule({ corpId: 'c1', job: 'moments', id: 'past', dueAt: at('2026-11-21T23:59:00') });
    await w.due.schedule({ corpId: 'c1', job: 'moments', id: 'now', dueAt: NOW - 60 });
    await w.due.schedule({ corpId: 'c1', job: 'moments', id: 'later', dueAt: NOW + 60 });
    await w.due.schedule({ corpId: 'c1', job: 'sop', id: 'other-job', dueAt: NOW - 60 });
    const worked: string[] = [];
    const report = await runDue(w.deps, 'moments', opts, async (m) => {
      worked.push(m.id);
      return m.id === 'now' ? { next: NOW + 300, result: 'moved' } : { result: 'done' };
    });
    expect(worked).toEqual(['past', 'now']);
    expect(report).toEqual({ job: 'moments', due: 2, done: 2, skipped: 0, failed: [], results: ['done', 'moved'] });
    expect(await w.due.get('c1', 'moments', 'past')).toBeUndefined();
    expect(await w.due.get('c1', 'moments', 'now')).toEqual({ corpId: 'c1', job: 'moments', id: 'now', dueAt: NOW + 300 });
    expect(await w.due.get('c1', 'moments', 'later')).toBeDefined();
  });

  it("only the given tenant's markers when asked; at most the batch limit", async () => {
    const w = world();
    for (let i = 0; i < 5; i++) await w.due.schedule({ corpId: i % 2 ? 'odd' : 'even', job: 'sop', id: `m${i}`, dueAt: NOW - 10 + i });
    expect((await runDue(w.deps, 'sop', { ...opts, corpId: 'odd' }, async () => undefined)).due).toBe(2);
    expect((await runDue(w.deps, 'sop', opts, async () => undefined, { limit: 2 })).done).toBe(2);
    expect(w.due.all().map((m) => m.id)).toEqual(['m4']);
  });

  it('skips a marker whose lease someone holds, and one changed or gone before its lease was taken', async () => {
    const w = world();
    await w.due.schedule({ corpId: 'c1', job: 'broadcast', id: 'held', dueAt: NOW - 5 });
    await w.due.schedule({ corpId: 'c1', job: 'broadcast', id: 'edited', dueAt: NOW - 4 });
    w.leases.holdElsewhere('c1', dueLeaseName('broadcast', 'held'), NOW * 1000 + 60_000);
    const worked: string[] = [];
    const realGet = w.due.get.bind(w.due);
    // The campaign is edited between the listing and the lease: the re-read sees another dueAt.
    w.due.get = async (corpId, job, id) => {
      if (id === 'edited') await w.due.schedule({ corpId, job, id, dueAt: NOW + 3600 });
      return realGet(corpId, job, id);
    };
    const report = await runDue(w.deps, 'broadcast', opts, async (m) => void worked.push(m.id));
    expect(worked).toEqual([]);
    expect(report).toMatchObject({ due: 2, done: 0, skipped: 2 });
    expect((await realGet('c1', 'broadcast', 'edited'))?.dueAt).toBe(NOW + 3600);
    expect(w.leases.isHeld('c1', dueLeaseName('broadcast', 'edited'), NOW * 1000)).toBe(false);
  });

  it('a marker rescheduled while its work runs is kept; a failing one is reported and stays due', async () => {
    const w = world();
    await w.due.schedule({ corpId: 'c1', job: 'sop', id: 'edited', dueAt: NOW - 1 });
    await w.due.schedule({ corpId: 'c1', job: 'sop', id: 'broken', dueAt: NOW - 1 });
    const report = await runDue(w.deps, 'sop', opts, async (m: DueMarker) => {
      if (m.id === 'broken') throw new Error('WeCom said no');
      await w.due.schedule({ ...m, dueAt: NOW + 3600 });
    });
    expect(report.failed).toEqual([{ corpId: 'c1', id: 'broken', error: 'WeCom said no' }]);
    expect((await w.due.get('c1', 'sop', 'edited'))?.dueAt).toBe(NOW + 3600);
    expect((await w.due.get('c1', 'sop', 'broken'))?.dueAt).toBe(NOW - 1);
    expect(w.leases.isHeld('c1', dueLeaseName('sop', 'broken'), NOW * 1000)).toBe(false);
  });
});

describe('runTenantJob', () => {
  it('from the schedule: every due tenant, then its marker moves a day on', async () => {
    const w = world();
    const first = nextShanghaiTime(at('2026-11-22T12:00:00'), '00:30');
    expect(first).toBe(at('2026-11-23T00:30:00'));
    expect(await w.due.scheduleIfAbsent({ corpId: 'c1', job: 'rollup', id: 'tenant', dueAt: first })).toBe(true);
    expect(await w.due.scheduleIfAbsent({ corpId: 'c1', job: 'rollup', id: 'tenant', dueAt: first + 5 })).toBe(false);
    const seen: Array<[string, number | undefined]> = [];
    const report = await runTenantJob(w.deps, 'rollup', opts, async (corpId, m) => {
      seen.push([corpId, m?.dueAt]);
      return { corpId };
    });
    expect(seen).toEqual([['c1', first]]);
    expect(report).toEqual({ job: 'rollup', due: 1, done: 1, skipped: 0, failed: [], results: [{ corpId: 'c1' }] });
    expect((await w.due.get('c1', 'rollup', 'tenant'))?.dueAt).toBe(first + 86_400);
  });

  it('by hand for one tenant: runs now without a marker and leaves the marker alone; skipped while one runs', async () => {
    const w = world();
    await w.due.schedule({ corpId: 'c1', job: 'reconcile', id: 'tenant', dueAt: NOW + 600 });
    const seen: Array<[string, number | undefined]> = [];
    const work = async (corpId: string, m: DueMarker | undefined) => void seen.push([corpId, m?.dueAt]);
    expect(await runTenantJob(w.deps, 'reconcile', { ...opts, corpId: 'c1' }, work)).toMatchObject({ due: 1, done: 1, skipped: 0 });
    expect(seen).toEqual([['c1', undefined]]);
    expect((await w.due.get('c1', 'reconcile', 'tenant'))?.dueAt).toBe(NOW + 600);
    w.leases.holdElsewhere('c1', dueLeaseName('reconcile', 'tenant'), NOW * 1000 + 60_000);
    expect(await runTenantJob(w.deps, 'reconcile', { ...opts, corpId: 'c1' }, work)).toMatchObject({ due: 1, done: 0, skipped: 1 });
    expect(seen).toHaveLength(1);
  });
});

describe('InMemoryDueStore (as the adapter buckets markers)', () => {
  it('a marker overdue when scheduled is found after the lookback; one left in an old bucket is not', async () => {
    const w = world();
    await w.due.schedule({ corpId: 'c1', job: 'broadcast', id: 'ancient', dueAt: at('2026-10-01T00:00:00') });
    expect((await w.due.due('broadcast', NOW, 50)).map((m) => m.id)).toEqual(['ancient']);
    w.clock.set(at('2026-12-01T10:00:00') * 1000);
    expect(await w.due.due('broadcast', at('2026-12-01T10:00:00'), 50)).toEqual([]);
  });
});
