// Input the schemas used to allow but the store or the jobs cannot handle, through the real admin handler
// on DynamoDB Local and the WeCom simulator: each is a 4xx naming its field, and nothing is stored or changed.
// - sizes: 5,000 short sensitive words still fit one DynamoDB item (the 413 for a list over 400 KB, and
//   the year-0001 instants, bidi names, NUL and lone surrogates: events.test.ts, tenants.test.ts,
//   channels.test.ts, metrics.test.ts on fakes);
// - days: rollup days of year 0001, 1969, 9999 and impossible dates, with no metrics rows written; days out
//   of range in channel stats, the ledger, metrics and spend, with no spend stored.
import { randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { keys } from '../../shared/db/keys';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { DEMO_STAFF } from '../../simulator/demo-tenant';

const SUPER = `super-${randomUUID()}`;
const corp = `wwlim${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const SECRET = 'limits-secret';
const aesKey = () => randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x');
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

const world = integrationWorld({ simulator: true, queues: 'limits' });
const { doc, table } = world;
let sim: typeof world.sim;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  sim.state.registerCorp({ staff: DEMO_STAFF, corpId: corp, secret: SECRET });
  const created = await call('PUT', '', { name: 'Acme 私域', token: 'LimitsToken1', encodingAesKey: aesKey(), secret: SECRET });
  expect(created.status).toBe(201);
});
afterAll(() => world.close());

async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${corp}${path}`,
      headers: { authorization: `Bearer ${SUPER}` },
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode ?? 0, body: JSON.parse(String(res.body)) as Record<string, any> };
}
const fields = (r: { body: Record<string, any> }) => (r.body.error?.details ?? []).map((d: { field: string }) => d.field);

describe('sizes', () => {
  it('still takes 5,000 short words', async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `敏感词${i}`);
    expect((await call('PUT', '/sensitive-words', { words })).status).toBe(200);
    expect((await call('GET', '/sensitive-words')).body.words).toHaveLength(5000);
  });
});

describe('days and instants', () => {
  const metricsRows = async (day: string) =>
    (await doc.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.metricsDay(corp, day) } })))
      .Items ?? [];

  it('refuses rollup days of year 0001, 1969, 9999 and impossible dates with 400 naming date, writing nothing', async () => {
    for (const body of [
      { date: '0001-01-01' },
      { date: '1969-12-31' },
      { date: '2026-13-45' },
      { date: '9999-12-30', now: '9999-12-31T00:00:00Z' },
      { date: shanghaiToday() },
    ]) {
      const r = await call('POST', '/jobs/rollup/run', body);
      expect({ body, status: r.status, fields: fields(r) }).toEqual({ body, status: 400, fields: expect.arrayContaining(['date']) });
    }
    for (const body of [{ now: '0001-01-01T00:00:00Z' }, { now: 1 }]) {
      const r = await call('POST', '/jobs/rollup/run', body);
      expect({ body, status: r.status, fields: fields(r) }).toEqual({ body, status: 400, fields: ['now'] });
    }
    for (const day of ['1969-12-31', '0001-01-01', '9999-12-30']) expect(await metricsRows(day)).toEqual([]);
  });

  it('refuses impossible or out-of-range days in channel stats, the ledger, metrics and spend; stores no spend', async () => {
    const ch = await call('POST', '/channels', { name: '展会', staff: ['zhangsan'] });
    expect(ch.status).toBe(201);
    for (const [path, query] of [
      [`/channels/${ch.body.id}`, { from: '2026-13-45', to: '2026-13-46' }],
      [`/channels/${ch.body.id}`, { from: '0001-01-01', to: '9999-12-31' }],
      ['/red-packet-ledger', { date: '2026-13-45' }],
      ['/metrics/daily', { from: '0001-01-01', to: '0001-01-31' }],
      ['/metrics/cohorts', { from: '9999-01-01', to: '9999-01-31' }],
    ] as const) {
      const r = await call('GET', path, undefined, query);
      expect({ path, query, status: r.status }).toEqual({ path, query, status: 400 });
    }
    for (const date of ['0001-01-01', daysAgo(10)]) {
      const r = await call('PUT', `/channels/${ch.body.id}/spend`, { date, amount: 100 });
      expect({ date, status: r.status, fields: fields(r) }).toEqual({ date, status: 400, fields: ['date'] });
      const stored = await doc.send(new GetCommand({ TableName: table, Key: keys.channelSpend(corp, ch.body.id, date) }));
      expect(stored.Item).toBeUndefined();
    }
    expect((await call('PUT', `/channels/${ch.body.id}/spend`, { date: shanghaiToday(), amount: 100 })).status).toBe(200);
  });
});
