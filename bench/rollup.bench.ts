// Rollup cost: one tenant's day with 10,000 events, rolled up while the tenant's population
// grows from 70,000 (the day deletes 3,000 of them) to 1,000,000 customers. Counts every item DynamoDB
// reads for the rollup (Query ScannedCount, GetItem hits, BatchGetItem responses) and its time, against
// DynamoDB Local and the WeCom simulator over HTTP. Target: ≤ 2 items read per event of the day, flat in
// the customer count. The comparison is a rollup that scans the tenant's follows: N items.
// `ROLLUP_BENCH_SIZES=70000,200000` runs other population sizes (1,000,000 takes about 7 minutes to seed).
import { systemClock } from '../shared/clock';
import { createHash, randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeDocumentClient, makeDynamoClient } from '../shared/aws/clients';
import { DynamoArchiveStore } from '../shared/db/archive-repository';
import { DynamoAuditLog } from '../shared/db/audit-repository';
import { DynamoChannelStore } from '../shared/db/channel-repository';
import { DynamoEventLog } from '../shared/db/event-log-repository';
import { DynamoFollowStore } from '../shared/db/follow-repository';
import { keys } from '../shared/db/keys';
import { DynamoBroadcastStore } from '../shared/db/broadcast-repository';
import { DynamoMetricsStore } from '../shared/db/metrics-repository';
import { DynamoOrderStore, DynamoSpendStore } from '../shared/db/order-repository';
import { batchPutAll } from '../shared/db/batch';
import { mapLimit } from '../shared/map-limit';
import { DynamoStaffStore } from '../shared/db/staff-repository';
import { DynamoTenantStore } from '../shared/db/tenant-repository';
import { addDays, shanghaiMidnight } from '../shared/events/time';
import { LocalSecretBox } from '../shared/secrets/local-secret-box';
import { upsertTenant } from '../shared/tenants/upsert-tenant';
import { recordContactEvent } from '../test/support/contact-events';
import { testAesKey } from '../test/support/tenants';
import { simulatorClient } from '../test/support/wecom';
import { startDynamo } from '../scripts/local/emulators';
import { createTables } from '../scripts/local/resources';
import { DEMO_STAFF } from '../simulator/demo-tenant';
import { startSimulator } from '../simulator/server';
import { rollupDay, type RollupDeps } from '../functions/schedules/rollup/rollup-day';
import type { BenchModule } from './harness';
import { table } from './harness';

const DAY = '2026-11-20';
const EVENTS = 10_000;
/** Items a run reads whatever the day holds (channels, staff, stocks, settings, spend, RFM state). */
const FIXED_ITEMS = 100;
const TABLE = 'siyu-bench-rollup';
const STAFF = DEMO_STAFF.map((s) => s.userId);

/** A document client that counts the items DynamoDB read for each call. */
function counting(doc: DynamoDBDocumentClient) {
  const tally = { items: 0, calls: 0 };
  const proxy = new Proxy(doc, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return async (cmd: Parameters<DynamoDBDocumentClient['send']>[0]) => {
        const out = (await target.send(cmd as never)) as Record<string, unknown>;
        tally.calls++;
        if (typeof out.ScannedCount === 'number') tally.items += out.ScannedCount;
        else if ('Item' in out) tally.items += out.Item ? 1 : 0;
        else if (out.Responses && typeof out.Responses === 'object')
          for (const rows of Object.values(out.Responses as Record<string, unknown[]>)) tally.items += rows.length;
        return out;
      };
    },
  });
  return { doc: proxy, tally };
}

const ext = (i: number) => `wmpop${String(i).padStart(9, '0')}`;
const followItem = (corpId: string, i: number, addedAt: number) => {
  const userId = STAFF[i % STAFF.length]!;
  return {
    ...keys.follow(corpId, ext(i), userId),
    gsi1pk: keys.followsOfStaff(corpId, userId),
    gsi1sk: ext(i),
    entity: 'follow',
    v: 1,
    tenantId: corpId,
    externalUserId: ext(i),
    userId,
    status: 'active',
    changedAt: addedAt,
    changeRank: 2,
    lastEventKey: 'seed',
    addedAt,
    tags: new Set(['seed']),
  };
};

/** The population: customers added over the year before the day, spread over the staff. */
async function grow(doc: DynamoDBDocumentClient, corpId: string, from: number, to: number) {
  const start = shanghaiMidnight(DAY) - 365 * 86_400;
  for (let i = from; i < to; i += 50_000) {
    const items = [];
    for (let j = i; j < Math.min(to, i + 50_000); j++) items.push(followItem(corpId, j, start + (j % 364) * 86_400 + 3600));
    await batchPutAll(doc, TABLE, items, 16);
  }
}

/** The day's 10,000 events: 70 % adds (10 % of them half adds), 30 % deletions of earlier customers. */
async function seedDay(corpId: string, eventLog: DynamoEventLog, follows: DynamoFollowStore) {
  const t0 = shanghaiMidnight(DAY) + 3600;
  await mapLimit(
    Array.from({ length: EVENTS }, (_, i) => i),
    32,
    async (i) => {
      const deletion = i % 10 >= 7;
      await recordContactEvent(
        { eventLog, follows },
        {
          corpId,
          change: deletion ? (i % 2 ? 'del_follow_user' : 'del_external_contact') : i % 10 === 0 ? 'add_half_external_contact' : 'add_external_contact',
          occurredAt: t0 + Math.floor((i * 80_000) / EVENTS),
          userId: STAFF[(deletion ? i * 7 : i) % STAFF.length]!,
          externalUserId: deletion ? ext(i * 7) : `wmday${String(i).padStart(9, '0')}`,
          state: deletion || i % 3 === 0 ? undefined : 'st-bench',
          eventKey: createHash('sha256').update(`${corpId}|${i}`).digest('hex'),
        },
      );
    },
  );
}

export const benchmark: BenchModule = {
  title: `Rollup cost: ${EVENTS.toLocaleString('en')} events in a day, as the tenant grows`,
  async run() {
    const sizes = (process.env.ROLLUP_BENCH_SIZES ?? '70000,100000,1000000').split(',').map(Number);
    const dynamo = await startDynamo();
    const raw = makeDynamoClient({ endpoint: dynamo.endpoint });
    await createTables(raw, { tableName: TABLE, idempotencyTableName: `${TABLE}-idem`, queuePrefix: 'unused' });
    const doc = makeDocumentClient({ endpoint: dynamo.endpoint });
    const sim = await startSimulator({ port: 0, clock: () => (shanghaiMidnight(DAY) + 86_400 + 1800) * 1000 });
    try {
      const corpId = 'wwbenchrollup01';
      const secret = 'bench-secret';
      sim.state.registerCorp({ corpId, secret, staff: DEMO_STAFF });
      const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
      const tenants = new DynamoTenantStore(doc, TABLE);
      await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, corpId, {
        name: 'bench',
        token: 'BenchToken01',
        encodingAesKey: testAesKey(),
        secret,
      });
      const staff = new DynamoStaffStore(doc, TABLE);
      for (const userId of STAFF) await staff.apply({ corpId, userId, rank: 1, name: userId, department: [1], status: 'active', changedAt: 1 });
      await new DynamoChannelStore(doc, TABLE).put({
        corpId,
        id: 'bench',
        state: 'st-bench',
        name: 'bench',
        staff: STAFF,
        backupStaff: [],
        skipVerify: true,
        autoAccept: { mode: 'always', windows: [] },
        dailyCapPerStaff: 0,
        tags: [],
        configId: 'cfg',
        qrCode: 'https://example.invalid/qr',
        status: 'active',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
      // Steady state: yesterday was rolled up (a tenant's first rollup counts its follows once instead).
      const metrics = new DynamoMetricsStore(doc, TABLE);
      await metrics.putStocks(corpId, addDays(DAY, -1), {});

      // The day's events, recorded once; the population grows under them between runs.
      const t = performance.now();
      await grow(doc, corpId, 0, EVENTS * 7);
      await seedDay(corpId, new DynamoEventLog(doc, TABLE), new DynamoFollowStore(doc, TABLE));
      process.stderr.write(`  seeded the day in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);

      const rows: Array<Array<string | number>> = [];
      let population = EVENTS * 7;
      for (const size of sizes) {
        if (size > population) {
          const g = performance.now();
          await grow(doc, corpId, population, size);
          process.stderr.write(`  grew to ${size.toLocaleString('en')} customers in ${((performance.now() - g) / 1000).toFixed(1)} s\n`);
          population = size;
        }
        const { doc: counted, tally } = counting(doc);
        const deps: RollupDeps = {
          tenants: new DynamoTenantStore(counted, TABLE),
          secrets,
          wecom: simulatorClient(sim.url),
          eventLog: new DynamoEventLog(counted, TABLE),
          follows: new DynamoFollowStore(counted, TABLE),
          channels: new DynamoChannelStore(counted, TABLE),
          archive: new DynamoArchiveStore(counted, TABLE),
          auditLog: new DynamoAuditLog(counted, TABLE),
          staffRegistry: new DynamoStaffStore(counted, TABLE),
          orders: new DynamoOrderStore(counted, TABLE),
          spend: new DynamoSpendStore(counted, TABLE),
          metrics: new DynamoMetricsStore(counted, TABLE),
          broadcasts: new DynamoBroadcastStore(counted, TABLE),
          clock: systemClock,
        };
        const started = performance.now();
        const report = await rollupDay(deps, corpId, DAY);
        const ms = performance.now() - started;
        rows.push([
          population,
          report.records.events,
          tally.items,
          tally.items / report.records.events,
          tally.calls,
          Math.round(ms),
          population / tally.items,
          tally.items <= 2 * report.records.events + FIXED_ITEMS ? 'PASS' : 'FAIL',
        ]);
      }
      return [
        table(
          [
            'customers',
            'events of the day',
            'items read',
            'items read / event',
            'DynamoDB calls',
            'time ms',
            'a follows scan reads ×',
            `target ≤ 2 / event + ${FIXED_ITEMS}`,
          ],
          rows,
        ),
        '',
        'Items read = Query ScannedCount + GetItem hits + BatchGetItem responses, counted at the document client. The rollup reads the day\'s events (1 item each) and the follows (with their histories) of the customers they name (1 item each: exact periods need them), the D7/D30 cohort days\' customers, and per run a fixed few (channels, staff, stocks, settings, spend); it never reads the population, so its cost is flat in the customer count. "a follows scan reads ×" is how many more items a rollup that counted the follows would read.',
      ].join('\n');
    } finally {
      await sim.stop();
      doc.destroy();
      raw.destroy();
      await dynamo.stop();
    }
  },
};
