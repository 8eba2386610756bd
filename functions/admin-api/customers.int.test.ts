// Customers, staff and tags through the real admin API handler, on DynamoDB Local and the WeCom simulator
// (over HTTP). Customers are projected by the real relationship consumer use case.
import { systemClock } from '../../shared/clock';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeDocumentClient } from '../../shared/aws/clients';
import { tableStores } from '../../shared/aws/table-stores';
import { CONCERNS, concernQueueEnv } from '../../shared/domain/fanout';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { apiEvent } from '../../test/support/api-events';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { applyContactChange, type ApplyContactChangeDeps } from '../relationship/apply-contact-change';
import { simulatorClient } from '../../test/support/wecom';

const SUPER = `super-${randomUUID()}`;
const LOCAL_SECRET_KEY = randomBytes(32).toString('base64');
const corp = `wwcus${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
let sim: RunningSimulator;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let consumer: ApplyContactChangeDeps;
const keys: Record<string, string> = {};

async function call(method: string, path: string, o: { key?: string; body?: unknown; query?: Record<string, string> } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${corp}${path}`,
      headers: { authorization: `Bearer ${o.key ?? keys.admin}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, any> };
}

const ext = (n: string) => `wm${n}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const c1 = ext('one');
const c2 = ext('two');
const c3 = ext('three');
const t0 = Math.floor(Date.now() / 1000) - 100;
const contact = (type: string, at: number, event: Record<string, unknown>) =>
  queueMessage({ corpId: corp, type: `change_external_contact.${type}`, occurredAt: at, event });

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  sim.state.registerCorp({ ...DEMO_CORP, corpId: corp, customers: [], groupChats: [] });
  Object.assign(process.env, {
    WECOM_API_BASE: sim.url,
    LOCAL_SECRET_KEY,
    ADMIN_API_KEY_HASH: createHash('sha256').update(SUPER).digest('hex'),
    // These routes publish nothing: the queue URLs only satisfy the handler's configuration.
    ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), `http://127.0.0.1:1/000000000000/unused-${c}`])),
  });
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  keys.admin = SUPER;
  const put = await call('PUT', '', { body: { name: 'cust', token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey, secret: DEMO_CORP.secret } });
  expect(put.status).toBe(201);
  for (const [name, body] of Object.entries({
    admin: { role: 'admin' },
    auditor: { role: 'auditor' },
    lisi: { role: 'staff', userId: 'lisi' },
    sales: { role: 'manager', department: '2' },
    service: { role: 'manager', department: 3 },
  })) {
    const r = await call('POST', '/api-keys', { key: SUPER, body });
    expect(r.status).toBe(201);
    keys[name] = r.body.key;
  }
  consumer = {
    ...tableStores(doc, process.env.TABLE_NAME!),
    tenants: new DynamoTenantStore(doc, process.env.TABLE_NAME!),
    secrets: new LocalSecretBox(LOCAL_SECRET_KEY),
    wecom: simulatorClient(sim.url),
    clock: systemClock,
  };
  sim.state.addCustomers(corp, [
    { externalUserId: c1, name: '陈小姐', follows: [{ userId: 'zhangsan', state: 'c_abcdefghij', tags: ['etsiyudemotag0001'] }] },
    { externalUserId: c2, name: '李先生', follows: [{ userId: 'lisi' }] },
    { externalUserId: c3, name: '王女士', follows: [{ userId: 'wangwu', tags: ['etsiyudemotag0002'] }] },
  ]);
  const events = [
    contact('add_external_contact', t0, { UserID: 'zhangsan', ExternalUserID: c1, State: 'c_abcdefghij' }),
    contact('add_external_contact', t0 + 1, { UserID: 'lisi', ExternalUserID: c2 }),
    contact('add_external_contact', t0 + 2, { UserID: 'wangwu', ExternalUserID: c3 }),
    contact('del_external_contact', t0 + 3, { UserID: 'wangwu', ExternalUserID: c3 }),
  ];
  for (const e of events) await applyContactChange(consumer, messageFor('relationship', e));
});
afterAll(async () => {
  await sim.stop();
  doc.destroy();
});

describe('staff', () => {
  it('syncs the directory from WeCom and lists it; staff gone from WeCom become resigned, never removed', async () => {
    expect(await call('POST', '/staff/sync')).toEqual({ status: 200, body: { synced: 4, resigned: 0 } });
    const list = await call('GET', '/staff');
    expect(list.body.items.map((s: any) => [s.userId, s.name, s.department, s.status])).toEqual([
      ['lisi', '李四', [2], 'active'],
      ['wangwu', '王五', [3], 'active'],
      ['zhangsan', '张三', [2], 'active'],
      ['zhaoliu', '赵六', [3], 'active'],
    ]);
    sim.state.corp(corp).staff.delete('zhaoliu');
    expect((await call('POST', '/staff/sync')).body).toEqual({ synced: 3, resigned: 1 });
    expect((await call('GET', '/staff', { query: { status: 'resigned' } })).body.items).toEqual([
      expect.objectContaining({ userId: 'zhaoliu', name: '赵六', status: 'resigned' }),
    ]);
    const paged = await call('GET', '/staff', { query: { limit: '3' } });
    expect(paged.body.items).toHaveLength(3);
    expect((await call('GET', '/staff', { query: { limit: '3', cursor: paged.body.cursor } })).body).toEqual({
      items: [expect.objectContaining({ userId: 'zhaoliu' })],
      cursor: null,
    });
  });

  it('managers see their department; staff keys may not list, only admins sync; bad input is a 400', async () => {
    expect((await call('GET', '/staff', { key: keys.sales })).body.items.map((s: any) => s.userId)).toEqual(['lisi', 'zhangsan']);
    expect((await call('GET', '/staff', { key: keys.lisi })).status).toBe(403);
    expect((await call('POST', '/staff/sync', { key: keys.auditor })).status).toBe(403);
    const bad = await call('GET', '/staff', { query: { status: 'gone', limit: '0' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['limit', 'status']);
  });
});

describe('tags', () => {
  it('lists the corp tags (synced from WeCom when the mirror is empty) and creates tags in WeCom', async () => {
    const first = await call('GET', '/tags', { key: keys.lisi });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'etsiyudemotag0001', name: '重要客户', groupName: expect.any(String), deleted: false })]),
    );
    const created = await call('POST', '/tags', { body: { groupName: '来源', name: '展会2024' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: '展会2024', groupName: '来源', deleted: false });
    expect(sim.state.corp(corp).findTag(created.body.id)?.tag.name).toBe('展会2024');
    expect((await call('GET', '/tags')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, groupName: '来源' })]));
    expect((await call('POST', '/tags', { body: { groupName: '来源', name: '展会2024' } })).status).toBe(409);
  });

  it('rejects bad input and non-admin writes without touching WeCom', async () => {
    const before = sim.state.corp(corp).tagCount();
    const bad = await call('POST', '/tags', { body: { groupName: '', name: 'x'.repeat(31) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['groupName', 'name']);
    expect((await call('POST', '/tags', { key: keys.sales, body: { groupName: 'a', name: 'b' } })).status).toBe(403);
    expect(sim.state.corp(corp).tagCount()).toBe(before);
  });
});

describe('customers', () => {
  const ids = (r: { body: Record<string, any> }) => r.body.items.map((c: any) => c.externalUserId).sort();

  it('shows a customer: profile, follows with channel and tags, timeline', async () => {
    const r = await call('GET', `/customers/${c1}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      externalUserId: c1,
      name: '陈小姐',
      follows: [
        {
          userId: 'zhangsan',
          state: 'c_abcdefghij',
          channelId: 'abcdefghij',
          tags: ['etsiyudemotag0001'],
          addedAt: new Date(t0 * 1000).toISOString(),
          status: 'active',
        },
      ],
      timeline: [{ at: new Date(t0 * 1000).toISOString(), kind: 'added', userId: 'zhangsan', channelId: 'abcdefghij' }],
    });
    const deleted = await call('GET', `/customers/${c3}`);
    expect(deleted.body.follows[0].status).toBe('deleted_by_staff');
    expect(deleted.body.timeline.map((t: any) => t.kind)).toEqual(['deleted_by_staff', 'added']);
    expect((await call('GET', `/customers/wmnosuchcustomer`)).status).toBe(404);
  });

  it('lists with filters and cursor paging', async () => {
    expect(ids(await call('GET', '/customers'))).toEqual([c1, c2, c3].sort());
    expect(ids(await call('GET', '/customers', { query: { staff: 'zhangsan' } }))).toEqual([c1]);
    expect(ids(await call('GET', '/customers', { query: { tag: 'etsiyudemotag0001' } }))).toEqual([c1]);
    expect(ids(await call('GET', '/customers', { query: { channel: 'abcdefghij' } }))).toEqual([c1]);
    expect(ids(await call('GET', '/customers', { query: { status: 'deleted_by_staff' } }))).toEqual([c3]);
    expect(ids(await call('GET', '/customers', { query: { status: 'active', staff: 'wangwu' } }))).toEqual([]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('GET', '/customers', { query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: any) => c.externalUserId));
      cursor = page.body.cursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([c1, c2, c3].sort());
    const bad = await call('GET', '/customers', { query: { status: 'lost', cursor: 'x' } });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/customers', { query: { cursor: 'bm90LWEtY3Vyc29y' } })).status).toBe(400);
  });

  it("scopes by role: staff see their own customers, managers their department's, auditors all", async () => {
    expect(ids(await call('GET', '/customers', { key: keys.lisi }))).toEqual([c2]);
    expect((await call('GET', `/customers/${c2}`, { key: keys.lisi })).status).toBe(200);
    expect((await call('GET', `/customers/${c1}`, { key: keys.lisi })).status).toBe(404);
    expect((await call('GET', '/customers', { key: keys.lisi, query: { staff: 'zhangsan' } })).status).toBe(403);
    expect(ids(await call('GET', '/customers', { key: keys.sales }))).toEqual([c1, c2].sort());
    expect(ids(await call('GET', '/customers', { key: keys.service }))).toEqual([c3]);
    expect((await call('GET', `/customers/${c1}`, { key: keys.service })).status).toBe(404);
    expect((await call('GET', '/customers', { key: keys.service, query: { staff: 'zhangsan' } })).status).toBe(403);
    expect(ids(await call('GET', '/customers', { key: keys.auditor }))).toEqual([c1, c2, c3].sort());
  });
});
