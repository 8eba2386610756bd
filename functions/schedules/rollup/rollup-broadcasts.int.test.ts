// Broadcast results feed the nightly metrics (docs/metrics.md §3, broadcastTasks / broadcastTasksDone /
// broadcastReached), against DynamoDB Local and the WeCom simulator over HTTP: a customer broadcast WeCom
// accepted, members confirming on two different days, the broadcast job reading the results until final, and the
// real rollup of both days; a re-run of a day gives the same rows.
import { randomUUID } from 'node:crypto';
import { DynamoDueStore } from '../../../shared/db/due-repository';
import type { DailyMetrics } from '../../../shared/domain/metrics';
import { addDays, shanghaiMidnight } from '../../../shared/events/time';
import { mapLimit } from '../../../shared/map-limit';
import { integrationWorld } from '../../../test/support/integration-world';
import { invoke } from '../../admin-api/dispatch';
import type { MetricsDeps } from '../../admin-api/metrics';
import type { Reply } from '../../admin-api/route';
import { broadcastRoutes } from '../../admin-api/routes/broadcasts';
import { metricRoutes } from '../../admin-api/routes/metrics';
import { runBroadcasts, type BroadcastJobDeps } from '../broadcast/run-broadcasts';
import { runRollup, type RollupJobDeps } from './run-rollup';

const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: true, clockAt: at('2026-11-23T10:00:00') });
const clock = world.clock;
const D = '2026-11-23';
let sim: typeof world.sim;
let broadcastDeps: BroadcastJobDeps;
let rollupDeps: RollupJobDeps;
let admin: MetricsDeps;
const { follows } = world.stores;

async function seedCustomers(corpId: string, ids: string[], userId: string) {
  const addedAt = Math.floor(clock.now() / 1000) - 86_400;
  sim.state.addCustomers(
    corpId,
    ids.map((externalUserId) => ({ externalUserId, name: `客户${externalUserId.slice(-4)}`, follows: [{ userId, createTime: addedAt }] })),
  );
  await mapLimit(ids, 16, (id) =>
    follows.apply({ corpId, externalUserId: id, userId, status: 'active', changedAt: addedAt, rank: 2, eventKey: randomUUID(), added: { at: addedAt } }),
  );
}

async function memberSends(corpId: string, msgids: readonly string[], userId: string) {
  for (const msgid of msgids) {
    const res = await fetch(`${sim.url}/__sim/groupmsg-sent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ corpId, msgid, userId }),
    });
    expect(res.status).toBe(200);
  }
}

const poll = async (corpId: string) => {
  clock.advance(10 * 60_000);
  return runBroadcasts(broadcastDeps, { corpId, nowMs: clock.now() });
};

/** Rolls up a day as the schedule would (at 00:30 the next day). */
async function rollUp(corpId: string, day: string) {
  clock.set((shanghaiMidnight(addDays(day, 1)) + 1800) * 1000);
  const report = await runRollup(rollupDeps, { corpId, nowMs: clock.now(), date: day });
  expect(report.failed).toEqual([]);
}

const replyOf = (r: Reply<unknown>): unknown => (r.kind === 'csv' ? { csv: r.body } : r.body);
const daily = async (corpId: string, day: string, by: 'tenant' | 'staff' | 'channel', format?: 'csv') =>
  replyOf(await invoke(metricRoutes.daily, admin, corpId, { query: { from: day, to: day, by, ...(format ? { format } : {}) } }));
const rowsOf = async (corpId: string, day: string, by: 'tenant' | 'staff') => ((await daily(corpId, day, by)) as { items: DailyMetrics[] }).items;
const pick = (r: DailyMetrics | undefined) =>
  r && { broadcastTasks: r.broadcastTasks, broadcastTasksDone: r.broadcastTasksDone, broadcastReached: r.broadcastReached };
const figures = async (corpId: string, day: string) => {
  const staff = await rowsOf(corpId, day, 'staff');
  return {
    tenant: pick((await rowsOf(corpId, day, 'tenant'))[0]),
    zhangsan: pick(staff.find((r) => r.dimension === 'staff#zhangsan')),
    lisi: pick(staff.find((r) => r.dimension === 'staff#lisi')),
  };
};

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  const due = new DynamoDueStore(world.doc, world.table, clock);
  const s = world.stores;
  broadcastDeps = {
    tenants: s.tenants,
    secrets: world.secrets,
    wecom: world.wecom,
    follows,
    customerRecords: s.customerRecords,
    customerFields: s.customerFields,
    groups: s.groups,
    quota: s.quota,
    broadcasts: s.broadcasts,
    due,
    leases: s.leases,
    clock,
    materials: s.materials,
    blobs: world.blobs,
  };
  rollupDeps = { ...s, secrets: world.secrets, wecom: world.wecom, due, clock };
  admin = { orders: s.orders, spend: s.spend, metrics: s.metrics, channels: s.channels, follows, staffRegistry: s.staffRegistry, clock };
});
afterAll(() => world.close());

describe('broadcast results in the nightly metrics', () => {
  it('counts members asked on the acceptance day, members done and customers reached on each send day, once', async () => {
    const corpId = await world.newTenant('rbc');
    const zhang = ['wmrbz0000001', 'wmrbz0000002', 'wmrbz0000003'];
    const li = ['wmrbl0000001', 'wmrbl0000002'];
    await seedCustomers(corpId, zhang, 'zhangsan');
    await seedCustomers(corpId, li, 'lisi');
    const created = await invoke(broadcastRoutes.create as never, broadcastDeps, corpId, {
      body: { target: 'customers', filter: { staff: ['zhangsan', 'lisi'] }, content: { text: '年终回馈' } },
    });
    const id = (created as { body: { id: string } }).body.id;
    await runBroadcasts(broadcastDeps, { corpId, nowMs: clock.now() });
    const msgids = (await world.stores.broadcasts.get(corpId, id))!.msgids;
    expect(msgids).toHaveLength(2);

    // Day D: a customer deletes zhangsan, then zhangsan sends (2 reached, 1 not a friend any more).
    sim.state.corp(corpId).follows.get(zhang[0]!)!.delete('zhangsan');
    await memberSends(corpId, msgids, 'zhangsan');
    await poll(corpId);
    // The next day lisi sends to both customers; the job reads the results until final.
    clock.set(at('2026-11-24T09:00:00'));
    await memberSends(corpId, msgids, 'lisi');
    await poll(corpId);
    const delivery = (await world.stores.broadcasts.get(corpId, id))!.delivery!;
    expect(delivery.status).toBe('finished');
    expect(delivery.staff.map((s) => [s.userid, s.reached])).toEqual([
      ['lisi', 2],
      ['zhangsan', 2],
    ]);

    await rollUp(corpId, D);
    await rollUp(corpId, addDays(D, 1));
    const first = await figures(corpId, D);
    expect(first).toEqual({
      tenant: { broadcastTasks: 2, broadcastTasksDone: 1, broadcastReached: 2 },
      zhangsan: { broadcastTasks: 1, broadcastTasksDone: 1, broadcastReached: 2 },
      lisi: { broadcastTasks: 1, broadcastTasksDone: 0, broadcastReached: 0 },
    });
    expect(await figures(corpId, addDays(D, 1))).toEqual({
      tenant: { broadcastTasks: 0, broadcastTasksDone: 1, broadcastReached: 2 },
      zhangsan: { broadcastTasks: 0, broadcastTasksDone: 0, broadcastReached: 0 },
      lisi: { broadcastTasks: 0, broadcastTasksDone: 1, broadcastReached: 2 },
    });
    // Channel rows: members' figures do not apply.
    const channel = ((await daily(corpId, D, 'channel')) as { items: DailyMetrics[] }).items;
    expect(channel.every((r) => r.broadcastTasks === null && r.broadcastReached === null)).toBe(true);
    // The export carries them with Chinese headers.
    const csv = ((await daily(corpId, D, 'tenant', 'csv')) as { csv: string }).csv;
    const [header, line] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const cols = header!.split(',');
    const cells = line!.split(',');
    expect(cells[cols.indexOf('群发任务')]).toBe('2');
    expect(cells[cols.indexOf('群发已完成')]).toBe('1');
    expect(cells[cols.indexOf('群发触达客户')]).toBe('2');

    // Re-reading and re-running the day counts nothing twice.
    await rollUp(corpId, D);
    expect(await figures(corpId, D)).toEqual(first);
  });
});
