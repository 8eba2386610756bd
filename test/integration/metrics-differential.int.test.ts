// The rollup against the reference model (test/support/metrics-reference.ts, written from docs/metrics.md
// alone): random scenarios of several weeks (adds, half adds and confirmations, re-adds, deletions both ways,
// transfers, duplicates and out-of-order deliveries, orders with and without channels or customers, duplicate
// order ids, spend overwrites, behaviour data with gaps) run through the real callback-side projection (the
// relationship consumer's use case), the real order and spend imports and the real rollup on DynamoDB Local
// and the WeCom simulator; every figure of every day, every cohort and every RFM class must agree.
//   nightly   each day's events, messages, audit rows, orders and spend arrive, then that day is rolled up
//   backfill  a second tenant gets everything first, then its days are rolled up in a shuffled order
//   re-run    every day of the nightly tenant rolled up again, shuffled: byte-identical rows
// The harness is test/support/metrics-differential.ts (the same scenarios also run on fakes, without Java).
// `npm test` runs METRICS_RUNS (default 2) short scenarios; `npm run test:metrics -- --runs 500` runs more.
import { randomUUID } from 'node:crypto';
import type { MetricsDeps } from '../../functions/admin-api/metrics';
import type { ApplyContactChangeDeps } from '../../functions/relationship/apply-contact-change';
import type { RollupJobDeps } from '../../functions/schedules/rollup/run-rollup';
import { DynamoDueStore } from '../../shared/db/due-repository';
import { shanghaiMidnight } from '../../shared/events/time';
import { integrationWorld } from '../support/integration-world';
import { days, describeMetricsDifferential } from '../support/metrics-differential';
import type { Scenario } from '../support/metrics-scenario';

// WeCom's clock (the simulator's) is ours too.
const world = integrationWorld({ simulator: true, clockAt: Date.parse('2026-01-01T00:00:00+08:00') });
const clock = world.clock;
const secret = `metrics-secret-${randomUUID()}`;
let sim: typeof world.sim;

const stores = world.stores;
const { eventLog, follows, channels, staffRegistry, metrics, orders, spend, archive, auditLog } = stores;
let rollupDeps: RollupJobDeps;
let admin: MetricsDeps;
let relationship: ApplyContactChangeDeps;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  const { secrets, wecom } = world;
  rollupDeps = { ...stores, secrets, wecom, due: new DynamoDueStore(world.doc, world.table, clock), clock };
  admin = { orders, spend, metrics, channels, follows, staffRegistry, clock };
  relationship = { ...stores, secrets, wecom, clock };
});
afterAll(() => world.close());

/** A tenant in the simulator with the scenario's directory and each member's behaviour data per day. */
async function newTenant(s: Scenario): Promise<string> {
  const corpId = await world.newTenant('md', {
    secret,
    corp: {
      staff: s.staff.map((m) => ({ userId: m.userId, name: m.userId, department: [m.department] })),
      departments: [
        { id: 1, name: '一部', parentId: 0 },
        { id: 2, name: '二部', parentId: 0 },
      ],
    },
    settings: { name: 'metrics', token: 'MetricsToken1' },
  });
  for (const m of s.staff) {
    for (const d of days(s)) {
      const b = s.behaviour[m.userId]?.[d];
      sim.state.setBehaviour(
        corpId,
        m.userId,
        shanghaiMidnight(d),
        b
          ? {
              chat_cnt: b.chatCount,
              message_cnt: b.messageCount,
              ...(b.replyPercentage !== undefined ? { reply_percentage: b.replyPercentage } : {}),
              ...(b.avgReplyMinutes !== undefined ? { avg_reply_time: b.avgReplyMinutes } : {}),
            }
          : null,
      );
    }
  }
  return corpId;
}

describeMetricsDifferential(() => ({ clock, rollupDeps, admin, relationship, eventLog, channels, archive, auditLog, metrics, newTenant }), {
  runs: Number(process.env.METRICS_RUNS ?? 2),
  seed: process.env.METRICS_SEED === undefined ? undefined : Number(process.env.METRICS_SEED),
  long: process.env.METRICS_LONG === '1',
  msPerRun: 600_000,
});
