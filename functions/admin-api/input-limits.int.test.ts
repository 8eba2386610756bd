// Input the schemas used to allow but the store or the jobs cannot handle, through the real admin handler
// on DynamoDB Local and the WeCom simulator: each is a 4xx naming its field, and nothing is stored or changed.
// - sizes: 5,000 sensitive words of 50 CJK characters (750 KB, over DynamoDB's 400 KB item);
// - days and instants: rollup days of year 0001, 1969, 9999 or before the tenant existed; impossible dates;
//   ISO instants of year 0001 in from/to (negative seconds);
// - names and texts: control characters, bidi overrides and lone surrogates.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeDocumentClient, makeSqsClient } from '../../shared/aws/clients';
import { keys } from '../../shared/db/keys';
import { CONCERNS, concernQueueEnv, type Concern } from '../../shared/domain/fanout';
import { apiEvent } from '../../test/support/api-events';
import { lambdaContext } from '../../test/support/lambda-context';
import { testQueues } from '../../test/support/queues';
import { DEMO_STAFF } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

const SUPER = `super-${randomUUID()}`;
const corp = `wwlim${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const SECRET = 'limits-secret';
const table = process.env.TABLE_NAME!;
const aesKey = () => randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x');
const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

const sqs = makeSqsClient({ endpoint: process.env.SQS_ENDPOINT });
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
let sim: RunningSimulator;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  const { queues } = await testQueues(sqs, `limits-${randomUUID().slice(0, 8)}`);
  sim = await startSimulator({ port: 0 });
  Object.assign(process.env, {
    WECOM_API_BASE: sim.url,
    LOCAL_SECRET_KEY: randomBytes(32).toString('base64'),
    ADMIN_API_KEY_HASH: createHash('sha256').update(SUPER).digest('hex'),
    ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), queues[c as Concern]])),
  });
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  sim.state.registerCorp({ staff: DEMO_STAFF, corpId: corp, secret: SECRET });
  const created = await call('PUT', '', { name: 'Acme 私域', token: 'LimitsToken1', encodingAesKey: aesKey(), secret: SECRET });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await sim.stop();
  sqs.destroy();
  doc.destroy();
});

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
  it('refuses 5,000 sensitive words of 50 CJK characters with 413 naming words, and keeps the stored list', async () => {
    expect((await call('PUT', '/sensitive-words', { words: ['回扣', '返现'] })).status).toBe(200);
    const words = Array.from({ length: 5000 }, (_, i) => `${'敏'.repeat(46)}${String(i).padStart(4, '0')}`);
    const r = await call('PUT', '/sensitive-words', { words });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'payload_too_large', details: [{ field: 'words', message: expect.stringContaining('最多 350000 字节') }] });
    expect((await call('GET', '/sensitive-words')).body).toMatchObject({ words: ['回扣', '返现'], version: 1 });
  });

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

  it('refuses a rollup of a day before the tenant existed, and runs one of a finished day since', async () => {
    const before = await call('POST', '/jobs/rollup/run', { date: daysAgo(1) });
    expect(before).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', details: [{ field: 'date', message: expect.stringContaining('早于租户创建日') }] } },
    });
    expect(await metricsRows(daysAgo(1))).toEqual([]);
    // Given the tenant was created three days ago
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.tenant(corp),
        UpdateExpression: 'SET createdAt = :c',
        ExpressionAttributeValues: { ':c': new Date(Date.now() - 3 * 86_400_000).toISOString() },
      }),
    );
    const since = await call('POST', '/jobs/rollup/run', { date: daysAgo(1) });
    expect(since).toMatchObject({ status: 200, body: { done: 1, date: daysAgo(1) } });
  });

  it('refuses ISO instants of year 0001 in from/to (they became negative seconds) with 400 naming from and to', async () => {
    for (const path of ['/events', '/audit', '/archive']) {
      const r = await call('GET', path, undefined, { from: '0001-01-01T00:00:00Z', to: '0001-01-02T00:00:00Z' });
      expect({ path, status: r.status, fields: fields(r) }).toEqual({ path, status: 400, fields: ['from', 'to'] });
    }
    const replay = await call('POST', '/events/replay', { from: '0001-01-01T00:00:00Z', to: '0001-01-02T00:00:00Z' });
    expect(replay.status).toBe(400);
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

describe('names and texts', () => {
  it('refuses a tenant name with a bidi override and keeps the stored name', async () => {
    const r = await call('PUT', '', { name: 'Acme\u202Egpj.exe' });
    expect({ status: r.status, fields: fields(r) }).toEqual({ status: 400, fields: ['name'] });
    expect((await call('GET', '')).body.name).toBe('Acme 私域');
  });

  it('refuses a channel name with NUL before any WeCom call, and creates nothing', async () => {
    const wecomCalls = sim.state.calls({ corpId: corp, path: '/cgi-bin/externalcontact/add_contact_way' }).length;
    const before = (await call('GET', '/channels')).body.items.length;
    const r = await call('POST', '/channels', { name: '展会\u00002026', staff: ['zhangsan'] });
    expect({ status: r.status, fields: fields(r) }).toEqual({ status: 400, fields: ['name'] });
    expect(sim.state.calls({ corpId: corp, path: '/cgi-bin/externalcontact/add_contact_way' }).length).toBe(wecomCalls);
    expect((await call('GET', '/channels')).body.items.length).toBe(before);
  });

  it('refuses a quick reply whose title holds a lone surrogate or whose content holds an isolate, and stores none', async () => {
    for (const body of [
      { title: '退款\ud800', content: '您好' },
      { title: '退款', content: '您好\u2066' },
    ]) {
      const r = await call('POST', '/quick-replies', body);
      expect(r.status).toBe(400);
    }
    expect((await call('GET', '/quick-replies')).body.groups).toEqual([]);
    expect((await call('POST', '/quick-replies', { title: '退款', content: '您好\n\t流程如下' })).status).toBe(201);
  });
});
