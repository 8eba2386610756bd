// The admin API through the real handler module (middy, the error handler, the bearer keys), on DynamoDB
// Local, the SQS emulator and the WeCom simulator over HTTP. What the use cases decide is unit-tested on
// fakes (tenants.test.ts, customers.test.ts, channels.test.ts, events.test.ts, metrics.test.ts); this file
// keeps what only the real parts show: secrets encrypted at rest, the real WeCom client's gettoken check and
// retries, keys revoked in a warm handler, cursors over DynamoDB pages, replays onto real queues, CSV replies.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Concern, CONCERNS } from '../../shared/domain/fanout';
import { keys } from '../../shared/db/keys';
import { FIX_KINDS } from '../../shared/domain/reconcile';
import { newApiKey, sha256Hex } from '../../shared/auth/api-key';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage } from '../../test/support/queue-messages';
import { strictIssues } from '../../test/support/strict-schema';
import { apiKeyRoutes } from './routes/api-keys';
import { eventRoutes } from './routes/events';
import { jobRoutes } from './routes/jobs';
import { metricRoutes } from './routes/metrics';
import { DEMO_STAFF } from '../../simulator/demo-tenant';

const SUPER = `super-${randomUUID()}`;
const corpA = `wwa${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const corpB = `wwb${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const aesKey = () => randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x');
const SECRET = 'corp-secret-that-must-never-leak';
/** A corp WeCom (the simulator) knows, with the secret the tests' tenants use: PUT …/tenants checks it. */
const knownCorp = (corpId: string, secret = SECRET) => sim.state.registerCorp({ corpId, secret, staff: DEMO_STAFF });

const world = integrationWorld({ simulator: true, queues: 'admin' });
const { doc, table } = world;
let queues: typeof world.queues;
let sim: typeof world.sim;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  await world.start();
  ({ sim, queues } = world);
  for (const corp of [corpA, corpB]) knownCorp(corp);
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
});
afterAll(() => world.close());

async function call(method: string, path: string, o: { key?: string; body?: unknown; query?: Record<string, string> } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path,
      headers: o.key === undefined ? {} : { authorization: `Bearer ${o.key}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, any> };
}

const tenantBody = (over: Record<string, unknown> = {}) => ({
  name: 'Acme 私域',
  token: 'AcmeToken01',
  encodingAesKey: aesKey(),
  secret: SECRET,
  agentId: '1000002',
  ...over,
});

describe('tenants', () => {
  it('creates a tenant (201), updates it (200), never shows or stores its secrets in the clear', async () => {
    const body = tenantBody();
    const created = await call('PUT', `/admin/v1/tenants/${corpA}`, { key: SUPER, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ corpId: corpA, name: 'Acme 私域', token: '***', encodingAesKey: '***', secret: '***' });
    const renamed = await call('PUT', `/admin/v1/tenants/${corpA}`, { key: SUPER, body: { name: 'Acme' } });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Acme', secret: '***' } });
    const read = await call('GET', `/admin/v1/tenants/${corpA}`, { key: SUPER });
    expect(JSON.stringify(read.body)).not.toContain(body.secret);
    const stored = await doc.send(new GetCommand({ TableName: table, Key: keys.tenant(corpA) }));
    const raw = JSON.stringify(stored.Item);
    for (const secret of [body.secret, body.token, body.encodingAesKey]) expect(raw).not.toContain(secret);
  });
});

describe('tenant secrets are checked with WeCom (gettoken) before they are stored', () => {
  it('refuses a secret WeCom refuses (400 naming secret) and a corp WeCom does not know (400 naming corpId), storing nothing', async () => {
    const corp = `wwsec${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    knownCorp(corp, 'the-right-secret');
    const wrong = await call('PUT', `/admin/v1/tenants/${corp}`, { key: SUPER, body: tenantBody({ secret: 'a-wrong-secret' }) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'wecom_rejected',
      details: { errcode: 40001, api: 'gettoken', field: 'secret', errmsg: expect.any(String) },
    });
    expect(JSON.stringify(wrong.body)).not.toContain('a-wrong-secret');
    expect((await call('GET', `/admin/v1/tenants/${corp}`, { key: SUPER })).status).toBe(404);
    expect((await doc.send(new GetCommand({ TableName: table, Key: keys.tenant(corp) }))).Item).toBeUndefined();

    const unknown = await call('PUT', `/admin/v1/tenants/wwnobody${randomUUID().slice(0, 8)}`, { key: SUPER, body: tenantBody() });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'wecom_rejected', details: { errcode: 40013, field: 'corpId' } } } });
  });

  it('answers 503 and stores nothing while WeCom cannot be asked (gettoken busy)', async () => {
    const corp = `wwbsy${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    knownCorp(corp);
    sim.state.addFaults([{ path: 'gettoken', errcode: -1, times: 3, corpId: corp }]);
    const busy = await call('PUT', `/admin/v1/tenants/${corp}`, { key: SUPER, body: tenantBody() });
    expect(busy).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect((await call('GET', `/admin/v1/tenants/${corp}`, { key: SUPER })).status).toBe(404);
    expect((await call('PUT', `/admin/v1/tenants/${corp}`, { key: SUPER, body: tenantBody() })).status).toBe(201);
  }, 20_000);
});

describe('api keys and roles', () => {
  let adminA: string;
  let auditorA: string;
  beforeAll(async () => {
    await call('PUT', `/admin/v1/tenants/${corpA}`, { key: SUPER, body: tenantBody() });
    await call('PUT', `/admin/v1/tenants/${corpB}`, { key: SUPER, body: tenantBody() });
    const a = await call('POST', `/admin/v1/tenants/${corpA}/api-keys`, { key: SUPER, body: { role: 'admin' } });
    expect(a.status).toBe(201);
    adminA = a.body.key;
    const b = await call('POST', `/admin/v1/tenants/${corpA}/api-keys`, { key: adminA, body: { role: 'auditor' } });
    expect(b.status).toBe(201);
    auditorA = b.body.key;
  });

  it('authenticates keys and binds them to their tenant', async () => {
    expect((await call('GET', `/admin/v1/tenants/${corpA}`, { key: adminA })).status).toBe(200);
    expect((await call('GET', `/admin/v1/tenants/${corpB}`, { key: adminA })).status).toBe(403);
    expect((await call('GET', `/admin/v1/tenants/${corpA}/events`, { key: auditorA })).status).toBe(200);
    expect((await call('POST', `/admin/v1/tenants/${corpA}/api-keys`, { key: auditorA, body: { role: 'admin' } })).status).toBe(403);
    expect((await call('PUT', `/admin/v1/tenants/${corpA}`, { key: adminA, body: { name: 'mine' } })).status).toBe(403);
  });

  it('answers 401 for missing, malformed, forged or unknown keys', async () => {
    const forged = adminA.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const statuses = await Promise.all(
      [undefined, 'nonsense', forged, `sy.${corpA}.000000000000.${'a'.repeat(43)}`].map(
        async (key) => (await call('GET', `/admin/v1/tenants/${corpA}`, key === undefined ? {} : { key })).status,
      ),
    );
    expect(statuses).toEqual([401, 401, 401, 401]);
  });

  it('lists keys without secrets, revokes them at once (same warm handler) and refuses expired keys', async () => {
    const created = await call('POST', `/admin/v1/tenants/${corpA}/api-keys`, {
      key: adminA,
      body: { role: 'auditor', name: 'BI 报表', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(created).toMatchObject({ status: 201, body: { role: 'auditor', name: 'BI 报表', status: 'active', revokedAt: null } });
    const { id, key } = created.body as { id: string; key: string };
    expect((await call('GET', `/admin/v1/tenants/${corpA}/events`, { key })).status).toBe(200);

    const listed = await call('GET', `/admin/v1/tenants/${corpA}/api-keys`, { key: adminA });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, role: 'auditor', name: 'BI 报表', status: 'active' })]));
    expect(JSON.stringify(listed.body)).not.toMatch(/secretHash|"key"/);
    expect(strictIssues(apiKeyRoutes.list.response, listed.body)).toEqual([]);
    expect(JSON.stringify(listed.body)).not.toContain(key.split('.').at(-1));
    expect((await call('GET', `/admin/v1/tenants/${corpA}/api-keys`, { key: auditorA })).status).toBe(403);
    expect((await call('GET', `/admin/v1/tenants/${corpB}/api-keys`, { key: adminA })).status).toBe(403);

    const revoked = await call('DELETE', `/admin/v1/tenants/${corpA}/api-keys/${id}`, { key: adminA });
    expect(revoked).toMatchObject({ status: 200, body: { id, status: 'revoked' } });
    const refused = await call('GET', `/admin/v1/tenants/${corpA}/events`, { key });
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const again = await call('DELETE', `/admin/v1/tenants/${corpA}/api-keys/${id}`, { key: adminA });
    expect(again).toMatchObject({ status: 200, body: { revokedAt: revoked.body.revokedAt } });
    expect((await call('DELETE', `/admin/v1/tenants/${corpA}/api-keys/000000000000`, { key: adminA })).status).toBe(404);
    expect((await call('DELETE', `/admin/v1/tenants/${corpB}/api-keys/${id}`, { key: SUPER })).status).toBe(404);
    expect((await call('GET', `/admin/v1/tenants/${corpA}/api-keys`, { key: adminA })).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id, status: 'revoked' })]),
    );

    // A key past its expiresAt is refused (written as it would stand a day after creation).
    const stale = newApiKey(corpA);
    await world.stores.apiKeys.put({
      corpId: corpA,
      keyId: stale.keyId,
      secretHash: sha256Hex(stale.secret),
      role: 'admin',
      createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await call('GET', `/admin/v1/tenants/${corpA}`, { key: stale.key })).status).toBe(401);
    const past = await call('POST', `/admin/v1/tenants/${corpA}/api-keys`, { key: adminA, body: { role: 'admin', expiresAt: '2020-01-01T00:00:00Z' } });
    expect(past).toMatchObject({ status: 400, body: { error: { details: [{ field: 'expiresAt' }] } } });
  });

  it('answers 404 for unknown routes and 405 with Allow for a wrong method', async () => {
    expect((await call('GET', '/admin/v1/nothing', { key: SUPER })).status).toBe(404);
    // A wrong method is a 405 naming the methods the path takes (it was a 400 before the typed route table).
    const wrong = await handler(
      apiEvent({ method: 'DELETE', path: `/admin/v1/tenants/${corpA}`, headers: { authorization: `Bearer ${SUPER}` } }),
      lambdaContext('adminApi'),
    );
    expect({ status: wrong.statusCode, allow: wrong.headers?.allow }).toEqual({ status: 405, allow: 'GET, PUT' });
  });
});

describe('event log', () => {
  const corp = `wwev${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const log = () => world.stores.eventLog;
  const base = 1_763_000_000; // 2025-11-13

  beforeAll(async () => {
    knownCorp(corp);
    await call('PUT', `/admin/v1/tenants/${corp}`, { key: SUPER, body: tenantBody() });
    // Given five logged events over two Shanghai days, already delivered to their queues
    const types = ['add_external_contact', 'del_follow_user', 'add_external_contact', 'edit_external_contact', 'del_external_contact'];
    for (const [i, t] of types.entries()) {
      const type = `change_external_contact.${t}`;
      const m = queueMessage({ corpId: corp, type, occurredAt: base + i * 40_000, event: { UserID: 'u', ExternalUserID: `e${i}` } });
      const concerns = t === 'edit_external_contact' ? (['relationship'] as Concern[]) : (['relationship', 'audit'] as Concern[]);
      await log().record({ corpId: corp, eventKey: m.eventKey, type, occurredAt: m.occurredAt, receivedAt: m.receivedAt, concerns, message: m });
      await log().markEnqueued(corp, m.eventKey, concerns);
    }
  });

  it('lists events in time order, filtered by type, paged with a cursor', async () => {
    const q = { from: String(base), to: String(base + 200_000) };
    const all = await call('GET', `/admin/v1/tenants/${corp}/events`, { key: SUPER, query: q });
    expect(all.status).toBe(200);
    expect(strictIssues(eventRoutes.list.response, all.body)).toEqual([]);
    expect(all.body.items.map((e: { event: { ExternalUserID: string } }) => e.event.ExternalUserID)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const adds = await call('GET', `/admin/v1/tenants/${corp}/events`, {
      key: SUPER,
      query: { ...q, type: 'change_external_contact.add_external_contact' },
    });
    expect(adds.body.items).toHaveLength(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Record<string, any> } = await call('GET', `/admin/v1/tenants/${corp}/events`, {
        key: SUPER,
        query: { ...q, limit: '2', ...(cursor ? { cursor } : {}) },
      });
      seen.push(...page.body.items.map((e: { event: { ExternalUserID: string } }) => e.event.ExternalUserID));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    const tooWide = await call('GET', `/admin/v1/tenants/${corp}/events`, { key: SUPER, query: { from: '0', to: String(base) } });
    expect(tooWide.status).toBe(400);
  });

  it('replays a window into the concern queues, optionally for some concerns only', async () => {
    await Promise.all(CONCERNS.map((c) => world.drain(queues[c])));
    const r = await call('POST', `/admin/v1/tenants/${corp}/events/replay`, {
      key: SUPER,
      body: { from: base, to: base + 200_000, concerns: ['audit'] },
    });
    expect(r).toMatchObject({ status: 200, body: { events: 5, enqueued: 4 } });
    const audit = await world.drain(queues.audit);
    expect(audit.map((m) => (m.event as { ExternalUserID: string }).ExternalUserID).sort()).toEqual(['e0', 'e1', 'e2', 'e4']);
    expect(await world.drain(queues.relationship)).toEqual([]);
    const bad = await call('POST', `/admin/v1/tenants/${corp}/events/replay`, { key: SUPER, body: { from: base, to: base, concerns: ['nope'] } });
    expect(bad.status).toBe(400);
  });
});

describe('WeCom refusing a channel', () => {
  const corp = `wwch${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const base = `/admin/v1/tenants/${corp}/channels`;
  const addCalls = () => sim.state.calls({ corpId: corp, path: '/cgi-bin/externalcontact/add_contact_way' });
  const channelItems = async () =>
    (
      await doc.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.tenant(corp).pk, ':s': 'CHANNEL#' },
        }),
      )
    ).Items ?? [];
  beforeAll(async () => {
    knownCorp(corp);
    expect((await call('PUT', `/admin/v1/tenants/${corp}`, { key: SUPER, body: tenantBody() })).status).toBe(201);
  });

  it('a WeCom outage (system busy on every attempt) stays a 5xx and stores no channel', async () => {
    const before = (await channelItems()).length;
    sim.state.addFaults([{ path: 'externalcontact/add_contact_way', errcode: -1, times: 3, corpId: corp }]);
    const r = await call('POST', base, { key: SUPER, body: { name: '忙', staff: ['zhangsan'] } });
    expect(r).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(
      addCalls()
        .slice(-3)
        .map((c) => c.errcode),
    ).toEqual([-1, -1, -1]);
    expect((await channelItems()).length).toBe(before);
  }, 20_000);

  it("answers 422 wecom_credentials_rejected when the tenant's stored secret no longer works (reset in WeCom)", async () => {
    const reset = `wwrs${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    knownCorp(reset, 'old-secret');
    expect((await call('PUT', `/admin/v1/tenants/${reset}`, { key: SUPER, body: tenantBody({ secret: 'old-secret' }) })).status).toBe(201);
    // The operator resets the app's secret in WeCom's console: WeCom revokes the tokens of the old one.
    knownCorp(reset, 'new-secret');
    sim.state.expireTokens({ corpId: reset, mode: 'revoke' });
    const r = await call('POST', `/admin/v1/tenants/${reset}/channels`, { key: SUPER, body: { name: 'x', staff: ['zhangsan'] } });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'wecom_credentials_rejected', details: { errcode: 40001, api: 'gettoken' } });
    expect(r.body.error.message).toContain('secret');
  });
});

describe('jobs and metrics through the handler', () => {
  const base = () => `/admin/v1/tenants/${corpA}`;
  const yesterday = () => new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  // A rollup runs on days since the tenant was created: corpA was created two days ago.
  beforeAll(async () => {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.tenant(corpA),
        UpdateExpression: 'SET createdAt = :c',
        ExpressionAttributeValues: { ':c': new Date(Date.now() - 2 * 86_400_000).toISOString() },
      }),
    );
  });

  it('runs the rollup of a finished day by hand, twice with the same result, and exports it as CSV', async () => {
    const first = await call('POST', `${base()}/jobs/rollup/run`, { key: SUPER, body: { date: yesterday() } });
    expect(first).toMatchObject({ status: 200, body: { job: 'rollup', due: 1, done: 1, failed: [], date: yesterday() } });
    expect(first.body.results[0]).toMatchObject({ corpId: corpA, day: yesterday(), totalsSeeded: expect.any(Boolean) });
    expect(strictIssues(jobRoutes.run.response, first.body)).toEqual([]);
    const again = await call('POST', `${base()}/jobs/rollup/run`, { key: SUPER, body: {} });
    expect(again.body).toMatchObject({ done: 1, date: yesterday() });
    const daily = await call('GET', `${base()}/metrics/daily`, { key: SUPER, query: { from: yesterday(), to: yesterday() } });
    expect(daily.body.items).toEqual([expect.objectContaining({ day: yesterday(), dimension: 'tenant', newCustomers: 0, netGrowth: 0 })]);
    expect(strictIssues(metricRoutes.daily.response, daily.body)).toEqual([]);

    const res = await handler(
      apiEvent({
        method: 'GET',
        path: `${base()}/metrics/daily`,
        headers: { authorization: `Bearer ${SUPER}` },
        query: { from: yesterday(), to: yesterday(), format: 'csv' },
      }),
      lambdaContext('adminApi'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(res.body).split('\r\n')[1]).toMatch(new RegExp(`^${yesterday()},tenant,0,`));
  });
});

describe('keyword rules through the handler', () => {
  it('answers 400 validation_failed naming the keyword for a regex RE2 cannot run, and stores nothing', async () => {
    const base = `/admin/v1/tenants/${corpA}/keyword-rules`;
    const bad = await call('POST', base, { key: SUPER, body: { keywords: ['优惠', '(?<=大)促'], match: 'regex', reply: { text: '请看活动页' } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'validation_failed',
        message: '关键词规则无效',
        details: [{ field: 'keywords.1', message: expect.stringMatching(/^正则表达式无法编译（不支持环视）: /) }],
      },
    });
    expect((await call('GET', base, { key: SUPER })).body.items).toEqual([]);
  });
});

describe('reconcile reports through the handler', () => {
  it('reads the stored reports of the tenant, newest first (who may read them: scope-matrix.int.test.ts)', async () => {
    const reports = world.stores.reconcileReports;
    const counts = Object.fromEntries(FIX_KINDS.map((k) => [k, 0])) as Record<(typeof FIX_KINDS)[number], number>;
    const ranAtMs = Date.parse('2026-11-22T18:30:00Z');
    for (const [i, day] of ['2026-11-22', '2026-11-23'].entries()) {
      await reports.put({
        corpId: corpA,
        day,
        at: Math.floor(ranAtMs / 1000) + i * 86_400,
        ranAtMs: ranAtMs + i * 86_400_000,
        counts: { ...counts, tag_missing: i },
        fixed: i ? [{ kind: 'tag_missing', ids: ['et1'] }] : [],
        recorded: i,
        delivered: i,
        unread: [],
      });
    }
    const base = `/admin/v1/tenants/${corpA}/reconcile-reports`;
    const res = await call('GET', base, { key: SUPER, query: { limit: '2' } });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r: { day: string }) => r.day)).toEqual(['2026-11-23', '2026-11-22']);
    expect(res.body.items[0]).toMatchObject({ ranAt: '2026-11-23T18:30:00.000Z', counts: { tag_missing: 1 }, fixed: [{ kind: 'tag_missing', ids: ['et1'] }] });
    expect(res.body.items[0]).not.toHaveProperty('corpId');
  });
});

describe('exports (导出) through the real handler', () => {
  it('writes the audit log as an Excel-ready file across DynamoDB pages: BOM, named file, Chinese headers, yuan', async () => {
    const audit = world.stores.auditLog;
    const at = Math.floor(Date.now() / 1000) - 7200;
    // More rows than one store page (500): the file is built page by page from the Query's cursor.
    const total = 520;
    for (let i = 0; i < total; i++) {
      await audit.append({
        corpId: corpB,
        eventKey: createHash('sha256').update(`export-${i}`).digest('hex'),
        type: 'red_packet',
        at: at + i,
        staff: 'zhangsan',
        customer: 'wmexport',
        detail: { amountFen: i === 0 ? 1999 : 1, direction: 'in', msgid: `m${i}` },
        alert: false,
      });
    }
    const query = { from: String(at - 1), to: String(at + total), format: 'csv' };
    const exportOf = (headers: Record<string, string>) =>
      handler(
        apiEvent({ method: 'GET', path: `/admin/v1/tenants/${corpB}/audit`, headers: { authorization: `Bearer ${SUPER}`, ...headers }, query }),
        lambdaContext('adminApi'),
      );
    const res = await exportOf({ 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(res.statusCode).toBe(200);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(res.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${day}.csv"; filename*=UTF-8''${encodeURIComponent(`审计日志-${day}.csv`)}`,
    });
    expect(res.headers).not.toHaveProperty('x-siyu-truncated');
    const body = String(res.body);
    expect(body.startsWith('\uFEFF时间,类型,类型说明,员工,客户,方向,金额（元）,详情,事件键\r\n')).toBe(true);
    const lines = body.trimEnd().split('\r\n').slice(1);
    expect(lines).toHaveLength(total);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,red_packet,红包,zhangsan,wmexport,收到,19\.99,direction=in; msgid=m0,[0-9a-f]{64}$/);
    expect(new Set(lines.map((l) => l.split(',').at(-1))).size).toBe(total);

    const en = await exportOf({ 'accept-language': 'en-US' });
    expect(String(en.body).split('\r\n')[0]).toBe('\uFEFFat,type,typeText,staff,customer,direction,amountYuan,detail,eventKey');
    expect(en.headers?.['content-disposition']).toContain(`filename*=UTF-8''audit-${day}.csv`);
  }, 120_000);
});
