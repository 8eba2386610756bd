// Due markers on DynamoDB Local: buckets, concurrency and conditional completion of the runner.
import { randomUUID } from 'node:crypto';
import { integrationWorld } from '../../test/support/integration-world';
import { DynamoDueStore } from '../db/due-repository';
import { nextShanghaiTime, runDue, runTenantJob, type DueMarker, type RunDueDeps } from './due';

const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const world = integrationWorld({ clockAt: at('2026-11-23T10:00:00') * 1000 });
const nowSec = at('2026-11-23T10:00:00');
const due = new DynamoDueStore(world.doc, world.table, world.clock);
const deps: RunDueDeps = { due, leases: world.stores.leases, clock: world.clock };
const corp = () => `due${randomUUID().slice(0, 8)}`;

afterAll(() => world.close());

describe('due markers', () => {
  it('a run takes only what is due, across day buckets, oldest first', async () => {
    const c = corp();
    await due.schedule({ corpId: c, job: 'moments', id: 'past', dueAt: at('2026-11-21T23:59:00') });
    await due.schedule({ corpId: c, job: 'moments', id: 'now', dueAt: at('2026-11-23T09:59:00') });
    await due.schedule({ corpId: c, job: 'moments', id: 'later', dueAt: at('2026-11-23T10:01:00') });
    await due.schedule({ corpId: c, job: 'sop', id: 'other-job', dueAt: at('2026-11-23T09:00:00') });
    const found = await due.due('moments', nowSec, 50, c);
    expect(found.map((m) => m.id)).toEqual(['past', 'now']);
  });

  it('a marker overdue when scheduled is still found after the lookback', async () => {
    const c = corp();
    await due.schedule({ corpId: c, job: 'broadcast', id: 'ancient', dueAt: at('2026-10-01T00:00:00') });
    expect((await due.due('broadcast', nowSec, 50, c)).map((m) => m.id)).toEqual(['ancient']);
  });

  it('concurrent runs do each marker once; completed markers are gone, rescheduled ones move', async () => {
    const c = corp();
    for (let i = 0; i < 6; i++) await due.schedule({ corpId: c, job: 'moments', id: `m${i}`, dueAt: nowSec - 60 });
    const worked: string[] = [];
    const work = async (m: DueMarker) => {
      worked.push(m.id);
      await new Promise((r) => setTimeout(r, 20));
      return m.id === 'm0' ? { next: nowSec + 300 } : undefined;
    };
    const reports = await Promise.all([1, 2, 3].map(() => runDue(deps, 'moments', { corpId: c, nowMs: nowSec * 1000 }, work)));
    expect(worked.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(reports.reduce((n, r) => n + r.done, 0)).toBe(6);
    expect(await due.due('moments', nowSec, 50, c)).toEqual([]);
    expect(await due.get(c, 'moments', 'm0')).toEqual({ corpId: c, job: 'moments', id: 'm0', dueAt: nowSec + 300 });
    expect(await due.get(c, 'moments', 'm1')).toBeUndefined();
  });

  it('a marker rescheduled while its work runs is kept; a failing one stays due', async () => {
    const c = corp();
    await due.schedule({ corpId: c, job: 'sop', id: 'edited', dueAt: nowSec - 1 });
    await due.schedule({ corpId: c, job: 'sop', id: 'broken', dueAt: nowSec - 1 });
    const report = await runDue(deps, 'sop', { corpId: c, nowMs: nowSec * 1000 }, async (m) => {
      if (m.id === 'broken') throw new Error('WeCom said no');
      await due.schedule({ ...m, dueAt: nowSec + 3600 }); // edited meanwhile
    });
    expect(report.failed).toEqual([{ corpId: c, id: 'broken', error: 'WeCom said no' }]);
    expect((await due.get(c, 'sop', 'edited'))?.dueAt).toBe(nowSec + 3600);
    expect((await due.get(c, 'sop', 'broken'))?.dueAt).toBe(nowSec - 1);
  });

  it('a tenant job from the schedule moves its marker a day on; run for one tenant it leaves the marker alone', async () => {
    const c = corp();
    const first = nextShanghaiTime(at('2026-11-22T12:00:00'), '00:30');
    expect(first).toBe(at('2026-11-23T00:30:00'));
    expect(await due.scheduleIfAbsent({ corpId: c, job: 'rollup', id: 'tenant', dueAt: first })).toBe(true);
    expect(await due.scheduleIfAbsent({ corpId: c, job: 'rollup', id: 'tenant', dueAt: first + 5 })).toBe(false);
    const seen: Array<[string, number | undefined]> = [];
    const work = async (corpId: string, m: DueMarker | undefined) => void seen.push([corpId, m?.dueAt]);
    const scheduled = await runTenantJob(deps, 'rollup', { nowMs: nowSec * 1000 }, work);
    expect(seen).toContainEqual([c, first]);
    expect(scheduled.failed).toEqual([]);
    expect((await due.get(c, 'rollup', 'tenant'))?.dueAt).toBe(first + 86_400);
    const byHand = await runTenantJob(deps, 'rollup', { corpId: c, nowMs: nowSec * 1000 }, work);
    expect(byHand).toMatchObject({ due: 1, done: 1 });
    expect(seen.at(-1)).toEqual([c, undefined]);
    expect((await due.get(c, 'rollup', 'tenant'))?.dueAt).toBe(first + 86_400);
  });
});
