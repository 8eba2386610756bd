// Staff and customers through the real admin API handler, on DynamoDB Local and the WeCom simulator (over
// HTTP): the directory synced and paged, customers listed with filters over DynamoDB pages. Customers are
// projected by the real relationship consumer use case. Reads, tags, scopes and key checks on fakes:
// customers.test.ts.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { applyContactChange } from '../relationship/apply-contact-change';

const SUPER = `super-${randomUUID()}`;
const corp = `wwcus${randomUUID().replace(/-/g, '').slice(0, 10)}`;
// These routes publish nothing: the handler's queue URLs are ones nothing listens on.
const world = integrationWorld({ simulator: true });
let sim: typeof world.sim;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
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
  await world.start();
  sim = world.sim;
  sim.state.registerCorp({ ...DEMO_CORP, corpId: corp, customers: [], groupChats: [] });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  keys.admin = SUPER;
  const put = await call('PUT', '', { body: { name: 'cust', token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey, secret: DEMO_CORP.secret } });
  expect(put.status).toBe(201);
  for (const [name, body] of Object.entries({ admin: { role: 'admin' } })) {
    const r = await call('POST', '/api-keys', { key: SUPER, body });
    expect(r.status).toBe(201);
    keys[name] = r.body.key;
  }
  const consumer = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
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
afterAll(() => world.close());

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
});

describe('customers', () => {
  const ids = (r: { body: Record<string, any> }) => r.body.items.map((c: any) => c.externalUserId).sort();

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
});
