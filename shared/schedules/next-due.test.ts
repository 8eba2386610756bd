// The "next due" bound of a job with fakes: an idle scheduled run reads one item and queries nothing; a
// marker written before, during or just after a run is never skipped (the raise is conditional on the
// revision, and waits out the index grace); runs for one tenant ignore the bound.
import { manualClock } from '../../test/support/clock';
import { InMemoryDueStore } from '../../test/support/fakes/due';
import { InMemoryLeaseStore } from '../../test/support/fakes/leases';
import { NEXT_DUE_INDEX_GRACE_MS, NEXT_DUE_LOOKAHEAD_SECONDS, runDue, type DueMarker, type DueStore, type RunDueDeps } from './due';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const NOW = at('2026-11-23T10:00:00');

/** The fake store, counting each call by method. */
function counted(due: InMemoryDueStore) {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(due, {
    get(target, prop, recv) {
      const v = Reflect.get(target, prop, recv) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy as DueStore, calls };
}

function world() {
  const clock = manualClock(NOW * 1000);
  const fake = new InMemoryDueStore(clock);
  const { store, calls } = counted(fake);
  const deps: RunDueDeps = { due: store, leases: new InMemoryLeaseStore(), clock };
  const worked: string[] = [];
  const run = (nowSec: number, work?: (m: DueMarker) => Promise<void>) =>
    runDue(deps, 'moments', { nowMs: nowSec * 1000 }, async (m) => {
      worked.push(m.id);
      await work?.(m);
    });
  return { clock, fake, calls, run, worked };
}

describe('next-due bound of a job', () => {
  it('an idle minute reads the bound only: no due query, no lease, no write', async () => {
    const w = world();
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'tomorrow', dueAt: NOW + 86_400 });
    w.clock.set((NOW + 60) * 1000);
    await w.run(NOW + 60); // the first run after the write sets the bound to the marker's time
    expect(await w.fake.nextDue('moments')).toMatchObject({ at: NOW + 86_400 });
    for (const k of Object.keys(w.calls)) delete w.calls[k];
    for (let min = 2; min <= 60; min++) expect((await w.run(NOW + min * 60)).due).toBe(0);
    expect(w.calls).toEqual({ nextDue: 59 });
    // At its time the marker is worked.
    w.clock.set((NOW + 86_400) * 1000);
    await w.run(NOW + 86_400);
    expect(w.worked).toEqual(['tomorrow']);
  });

  it('with no marker at all the bound moves a lookahead on', async () => {
    const w = world();
    await w.run(NOW);
    expect(await w.fake.nextDue('moments')).toMatchObject({ at: NOW + NEXT_DUE_LOOKAHEAD_SECONDS });
    expect((await w.run(NOW + 60)).due).toBe(0);
  });

  it('a marker written while the run works is not skipped: the raise fails and the next run takes it', async () => {
    const w = world();
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'first', dueAt: NOW - 60 });
    w.clock.set((NOW + 60) * 1000);
    await w.run(NOW + 60, async () => {
      // Written (by the admin API) while "first" is worked: due in 30 s, i.e. before the run's lookahead ends.
      await w.fake.schedule({ corpId: 'c2', job: 'moments', id: 'during', dueAt: NOW + 90 });
    });
    expect((await w.fake.nextDue('moments'))!.at).toBeLessThanOrEqual(NOW + 90);
    w.clock.set((NOW + 120) * 1000);
    await w.run(NOW + 120);
    expect(w.worked).toEqual(['first', 'during']);
  });

  it('a marker written after the lookahead query but before the raise is not skipped', async () => {
    const w = world();
    w.clock.set((NOW - 3600) * 1000);
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'first', dueAt: NOW - 60 });
    const earliest = w.fake.earliest.bind(w.fake);
    w.fake.earliest = async (job, after, until) => {
      const found = await earliest(job, after, until);
      await w.fake.schedule({ corpId: 'c2', job: 'moments', id: 'race', dueAt: NOW + 30 });
      return found;
    };
    w.clock.set(NOW * 1000);
    await w.run(NOW);
    w.clock.set((NOW + 60) * 1000);
    await w.run(NOW + 60);
    expect(w.worked).toEqual(['first', 'race']);
  });

  it('a marker written just before the run (maybe not yet in the index) leaves the bound for the next run', async () => {
    const w = world();
    await w.run(NOW); // bound at the lookahead
    w.clock.set((NOW + 60) * 1000);
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'now', dueAt: NOW + 60 });
    // The run sees the marker's write within the grace: it works what is due and does not raise.
    w.fake.earliest = async () => undefined; // an index that does not show the marker yet
    await w.run(NOW + 60 + Math.floor(NEXT_DUE_INDEX_GRACE_MS / 2000));
    expect(w.worked).toEqual(['now']);
    expect((await w.fake.nextDue('moments'))!.at).toBeLessThanOrEqual(NOW + 60);
  });

  it('a failed marker keeps the bound where it is (it is retried next minute)', async () => {
    const w = world();
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'flaky', dueAt: NOW - 60 });
    w.clock.set((NOW + 60) * 1000);
    let fail = true;
    const flaky = async () => {
      if (fail) throw new Error('WeCom 45009');
    };
    expect((await w.run(NOW + 60, flaky)).failed).toHaveLength(1);
    fail = false;
    await w.run(NOW + 120, flaky);
    expect(w.worked).toEqual(['flaky', 'flaky']);
    expect(w.fake.all()).toEqual([]);
  });

  it('a run for one tenant (the jobs route) ignores the bound and leaves it alone', async () => {
    const w = world();
    await w.run(NOW);
    const bound = await w.fake.nextDue('moments');
    w.clock.set((NOW + 60) * 1000);
    await w.fake.schedule({ corpId: 'c1', job: 'moments', id: 'x', dueAt: NOW + 30 });
    const calls = { ...w.calls };
    w.clock.set((NOW + 600) * 1000);
    const report = await runDue(
      { due: w.fake, leases: new InMemoryLeaseStore(), clock: w.clock },
      'moments',
      { nowMs: (NOW + 600) * 1000, corpId: 'c1' },
      async () => undefined,
    );
    expect(report.done).toBe(1);
    expect(w.calls).toEqual(calls);
    expect((await w.fake.nextDue('moments'))!.rev).toBe(bound!.rev + 1);
  });
});
