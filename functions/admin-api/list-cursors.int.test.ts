// Page cursors of GET …/events, …/audit, …/archive and …/metrics/rfm through the real admin handler on
// DynamoDB Local. Tampered cursors used to reach DynamoDB and answer 500; now every cursor answers a page
// (200) or 400 invalid_cursor, never a 5xx, and no cursor reads or shows another tenant's data. The
// repositories are also driven directly with a recording client: a refused cursor sends no request, and
// every request names only the caller's partitions.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { makeDocumentClient } from '../../shared/aws/clients';
import { DynamoArchiveStore } from '../../shared/db/archive-repository';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoEventLog } from '../../shared/db/event-log-repository';
import { keys } from '../../shared/db/keys';
import { DynamoOrderStore } from '../../shared/db/order-repository';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage } from '../../test/support/queue-messages';

const SUPER = `super-${randomUUID()}`;
const corpA = `wwcura${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const corpB = `wwcurb${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const base = 1_790_000_000; // 2026-09-21 22:13 Asia/Shanghai
const day = '2026-09-21';
const range = { from: String(base - 3 * 86_400), to: String(base + 3600) };

// No simulator (WeCom is a closed port) and no queues: these routes read the table only.
const world = integrationWorld();
const { doc, table } = world;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  await world.start();
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  // Given three events, audit rows, archived messages (over two days) and RFM-A customers in each tenant
  const { eventLog: events, auditLog: audit, archive } = world.stores;
  for (const corpId of [corpA, corpB]) {
    for (let i = 0; i < 3; i++) {
      const at = base - i * 86_400 + i;
      const m = queueMessage({ corpId, occurredAt: at, event: { UserID: 'zhangsan', ExternalUserID: `${corpId}-c${i}` } });
      await events.record({ corpId, eventKey: m.eventKey, type: m.type, occurredAt: at, receivedAt: m.receivedAt, concerns: [], message: m });
      await audit.append({
        corpId,
        eventKey: m.eventKey,
        type: 'customer_deleted_staff',
        at,
        staff: 'zhangsan',
        customer: `${corpId}-c${i}`,
        detail: {},
        alert: false,
      });
      await archive.put({
        corpId,
        msgid: `${corpId}-m${i}`,
        seq: i,
        msgtime: at * 1000,
        msgtype: 'text',
        action: 'send',
        from: 'zhangsan',
        tolist: ['wmcust'],
        roomid: '',
        staff: 'zhangsan',
        customer: 'wmcust',
        text: `hi ${corpId}`,
        body: {},
      });
      const ext = `${corpId}-c${i}`;
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            ...keys.customerOrders(corpId, ext),
            gsi1pk: keys.rfmClass(corpId, 'A'),
            gsi1sk: ext,
            entity: 'customerOrders',
            tenantId: corpId,
            externalUserId: ext,
            orders: 2,
            totalFen: 200_000,
            firstPaidAt: at,
            secondPaidAt: at,
            lastPaidAt: at,
            cohortDay: day,
            channelId: null,
            version: 1,
            rfm: 'A',
            rfmAsOf: day,
          },
        }),
      );
    }
  }
});
afterAll(() => world.close());

async function call(path: string, query: Record<string, string>) {
  const res = await handler(
    apiEvent({ method: 'GET', path: `/admin/v1/tenants/${corpA}/${path}`, headers: { authorization: `Bearer ${SUPER}` }, query }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode ?? 0, body: JSON.parse(String(res.body)) as Record<string, any> };
}

const enc = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
const routes = {
  events: { path: 'events', query: range },
  audit: { path: 'audit', query: range },
  archive: { path: 'archive', query: range },
  'metrics/rfm': { path: 'metrics/rfm', query: { class: 'A' } },
} as const;
type RouteName = keyof typeof routes;

describe('tampered cursors that answered 500', () => {
  const own = `T#${corpA}`;
  const cases: Array<[RouteName, unknown]> = [
    ['events', { day, sk: 'zzz' }],
    ['events', { day, sk: `${base}#${'a'.repeat(64)}`, extra: 1 }],
    ['audit', { pk: `${own}#AUDIT` }],
    ['audit', { pk: `${own}#AUDIT`, sk: 5 }],
    ['audit', { pk: `${own}#AUDIT`, sk: `0000000001#x`, extra: 1 }],
    ['archive', { day, key: {} }],
    ['archive', { day, key: { pk: `T#${corpB}#ARCHDAY#${day}`, sk: 'x' } }],
    ['metrics/rfm', {}],
    ['metrics/rfm', { pk: `T#${corpB}#CUST#x`, sk: 'ORDERS', gsi1pk: `T#${corpB}#RFM#A`, gsi1sk: 'x' }],
  ];
  it.each(cases)('GET …/%s with cursor %j is 400 invalid_cursor', async (route, position) => {
    const r = await call(routes[route].path, { ...routes[route].query, cursor: enc(position) });
    expect(r).toEqual({ status: 400, body: { error: { code: 'invalid_cursor', message: expect.stringMatching(/^分页游标/) } } });
  });
});

describe.each(Object.keys(routes) as RouteName[])('GET …/%s', (route) => {
  const { path, query } = routes[route];
  const itemsOf = (body: Record<string, any>) => JSON.stringify(body.items ?? []);

  it('pages through the tenant’s own items with the cursors it hands out', async () => {
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: Record<string, any> } = await call(path, { ...query, limit: '1', ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      if (r.body.items.length > 0) pages.push(itemsOf(r.body));
      cursor = r.body.cursor;
    } while (cursor && pages.length < 10);
    expect(pages).toHaveLength(3);
    expect(pages.join()).toContain(corpA);
    expect(pages.join()).not.toContain(corpB);
  });

  it('answers 200 or 400 invalid_cursor to arbitrary cursors, never 5xx, never another tenant’s items', async () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.string(),
      fc.constantFrom(day, `${base}#${'b'.repeat(64)}`, `${base}000#${corpB}-m0`, `${corpB}-c0`, `T#${corpB}#AUDIT`),
    );
    const cursors = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,120}$/),
      fc.jsonValue().map(enc),
      fc.record({ day: value, sk: value, a: value, pk: value, key: value, gsi1pk: value, gsi1sk: value }, { requiredKeys: [] }).map(enc),
      fc.record({ a: fc.constantFrom(`${corpB}-c0`, `${corpA}-c0`) }).map(enc),
      fc.record({ day: fc.constant(day), sk: fc.constantFrom(`${base}#${'b'.repeat(64)}`, `${base * 1000}#${corpB}-m0`) }).map(enc),
    );
    await fc.assert(
      fc.asyncProperty(cursors, async (cursor) => {
        const r = await call(path, { ...query, cursor });
        expect([200, 400]).toContain(r.status);
        if (r.status === 400) expect(r.body.error.code).toBe('invalid_cursor');
        else expect(itemsOf(r.body)).not.toContain(corpB);
      }),
      { numRuns: 60 },
    );
  });
});

describe('repositories with a recording DynamoDB client', () => {
  const sent: Array<Record<string, any>> = [];
  const recording = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
  recording.middlewareStack.add((next) => async (args) => (sent.push(args.input as Record<string, any>), next(args)), { step: 'initialize' });
  afterAll(() => recording.destroy());

  const lists: Record<RouteName, (cursor: string) => Promise<unknown>> = {
    events: (cursor) => new DynamoEventLog(recording, table).list(corpA, { from: Number(range.from), to: Number(range.to), limit: 2, cursor }),
    audit: (cursor) => new DynamoAuditLog(recording, table).list(corpA, { from: Number(range.from), to: Number(range.to), limit: 2, cursor }),
    archive: (cursor) =>
      new DynamoArchiveStore(recording, table).search(corpA, { fromMs: Number(range.from) * 1000, toMs: Number(range.to) * 1000, limit: 2, cursor }),
    'metrics/rfm': (cursor) => new DynamoOrderStore(recording, table).rfmMembers(corpA, 'A', 2, cursor),
  };
  /** Every partition-key value a request names. */
  const partitions = (input: Record<string, any>) =>
    [input.ExpressionAttributeValues?.[':p'], input.ExclusiveStartKey?.pk, input.ExclusiveStartKey?.gsi1pk].filter((v) => v !== undefined);

  it.each(Object.keys(lists) as RouteName[])('%s: a refused cursor sends nothing; every request is of the caller’s partitions', async (route) => {
    const value = fc.oneof(fc.jsonValue(), fc.constantFrom(day, `${base}#${'b'.repeat(64)}`, `${base * 1000}#${corpB}-m0`, `${corpB}-c0`, `T#${corpB}#AUDIT`));
    const cursors = fc.oneof(
      fc.jsonValue().map(enc),
      fc.record({ day: value, sk: value, a: value, pk: value, key: value }, { requiredKeys: [] }).map(enc),
      fc.record({ a: fc.constantFrom(`${corpB}-c0`, 'x') }).map(enc),
      fc.record({ day: fc.constant(day), sk: fc.constantFrom(`${base}#${'b'.repeat(64)}`, `${base * 1000}#${corpB}-m0`) }).map(enc),
      fc.record({ sk: fc.constantFrom(`${base}#${'b'.repeat(64)}`, `${base * 1000}#${corpB}-m0`) }).map(enc),
    );
    await fc.assert(
      fc.asyncProperty(cursors, async (cursor) => {
        sent.length = 0;
        const outcome = await lists[route](cursor).then(
          () => 'page',
          (e: { code?: string; name?: string }) => e.code ?? e.name,
        );
        expect(['page', 'invalid_cursor']).toContain(outcome);
        if (outcome === 'invalid_cursor') expect(sent).toEqual([]);
        for (const p of sent.flatMap(partitions)) expect(String(p).startsWith(`T#${corpA}#`)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});
