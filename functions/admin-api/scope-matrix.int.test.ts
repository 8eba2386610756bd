// The data-scope matrix: every read route of the admin API × every role × data of the caller's own and of
// another department, through the real handler on DynamoDB Local and the WeCom simulator. Generated from the
// route table: a new GET route fails here until it is given requests below, and a route that returns rows
// naming staff or customers must declare `scope: 'caller'` and filter them.
//
// The tenant's directory (the simulator's demo staff): department 2 = zhangsan, lisi; department 3 = wangwu,
// zhaoliu. The scoped callers are a department-2 manager key and lisi's staff key. Every piece of data exists
// once for department 2 ("own": lisi, customer OWN) and once for department 3 ("foreign": wangwu, customer
// FOREIGN).
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PERMISSIONS } from '../../shared/auth/policy';
import type { Role } from '../../shared/auth/api-key';
import { dailyMetrics, emptyCounters, type Dimension } from '../../shared/domain/metrics';
import { addDays, shanghaiDay } from '../../shared/events/time';
import { apiEvent } from '../../test/support/api-events';
import { recordContactEvent } from '../../test/support/contact-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { testAesKey } from '../../test/support/tenants';
import { DEMO_DEPARTMENTS, DEMO_STAFF } from '../../simulator/demo-tenant';
import { ROUTES } from './routes';

const SUPER = `super-${randomUUID()}`;
const corpId = `wwscope${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const secret = `scope-secret-${randomUUID()}`;
const world = integrationWorld({ simulator: true, queues: 'scope' });
const { eventLog, follows, customerRecords: customers, auditLog, ledger, archive, groups, sopPlans, metrics, orders, broadcasts } = world.stores;

const OWN = { staff: 'lisi', customer: `wmscopeown${randomUUID().slice(0, 8)}`, chat: `wrscopeown${randomUUID().slice(0, 8)}` };
const FOREIGN = { staff: 'wangwu', customer: `wmscopeforeign${randomUUID().slice(0, 8)}`, chat: `wrscopeforeign${randomUUID().slice(0, 8)}` };
/** What a department-2 caller must never see: department 3's staff and their customers and groups. */
const FOREIGN_MARKERS = [FOREIGN.staff, 'zhaoliu', FOREIGN.customer, FOREIGN.chat];
const OWN_MARKERS = [OWN.staff, OWN.customer, OWN.chat];

const now = Math.floor(Date.now() / 1000);
const today = shanghaiDay(now);
const yesterday = addDays(today, -1);

let sim: typeof world.sim;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const ids: Record<string, string> = {};
type Caller = 'admin' | 'auditor' | 'manager' | 'staff';
const keys = {} as Record<Caller, string>;
const ROLE_OF: Record<Caller, Role> = { admin: 'admin', auditor: 'auditor', manager: 'manager', staff: 'staff' };

async function call(method: string, path: string, key: string, o: { body?: unknown; query?: Record<string, string> } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path,
      headers: { authorization: `Bearer ${key}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode!, text: String(res.body) };
}

async function must(method: string, path: string, body: unknown): Promise<Record<string, any>> {
  const res = await call(method, path, SUPER, { body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return JSON.parse(res.text);
}

const base = `/admin/v1/tenants/${corpId}`;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  sim.state.registerCorp({
    corpId,
    secret,
    staff: DEMO_STAFF,
    departments: DEMO_DEPARTMENTS,
    groupChats: [OWN, FOREIGN].map((s) => ({
      chatId: s.chat,
      name: `群${s.staff}`,
      owner: s.staff,
      members: [{ userId: s.staff, type: 1, joinTime: now - 900, joinScene: 1 }],
    })),
  });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });

  // Tenant, directory and keys.
  await must('PUT', base, { name: '范围', token: 'ScopeToken01', encodingAesKey: testAesKey(), secret, agentId: '1000002' });
  await must('POST', `${base}/staff/sync`, {});
  keys.admin = (await must('POST', `${base}/api-keys`, { role: 'admin' })).key;
  keys.auditor = (await must('POST', `${base}/api-keys`, { role: 'auditor' })).key;
  keys.manager = (await must('POST', `${base}/api-keys`, { role: 'manager', department: '2' })).key;
  keys.staff = (await must('POST', `${base}/api-keys`, { role: 'staff', userId: OWN.staff })).key;

  // Configuration (tenant-wide) through the API.
  const channel = await must('POST', `${base}/channels`, { name: '门店码', staff: [OWN.staff, FOREIGN.staff] });
  ids.channel = channel.id;
  ids.link = (await must('POST', `${base}/acquisition-links`, { name: '投放链接', staff: [OWN.staff, FOREIGN.staff] })).id;
  ids.groupCode = (await must('POST', `${base}/group-codes`, { name: '福利群', chatIds: [OWN.chat] })).id;
  ids.moment = (await must('POST', `${base}/moments`, { text: '新品上市', senders: [OWN.staff], sendAt: now + 3600 })).id;
  ids.webhook = (await must('POST', `${base}/webhooks`, { url: 'https://93.184.216.34/hook', events: ['customer.added'] })).id;
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32)]).toString('base64');
  ids.material = (await must('POST', `${base}/materials`, { kind: 'image', filename: 'a.png', contentType: 'image/png', data: png })).id;
  const plan = await must('POST', `${base}/sop-plans`, {
    name: '新客',
    trigger: 'added',
    audience: { channels: [channel.id] },
    steps: [{ after: 'PT1H', send: { text: '欢迎' }, via: 'mass_message' }],
  });
  ids.sopPlan = plan.id;

  // Data of both departments, written as the consumers and jobs write it.
  for (const side of [OWN, FOREIGN]) {
    await recordContactEvent(
      { eventLog, follows },
      { corpId, change: 'add_external_contact', occurredAt: now - 86_400, userId: side.staff, externalUserId: side.customer, state: channel.state },
    );
    await customers.touch(corpId, side.customer, now - 86_400);
    await auditLog.append({
      corpId,
      eventKey: randomUUID(),
      type: 'customer_deleted_staff',
      at: now - 3600,
      staff: side.staff,
      customer: side.customer,
      detail: {},
      alert: false,
    });
    await ledger.record({
      corpId,
      day: yesterday,
      userId: side.staff,
      direction: 'out',
      amountFen: 888,
      count: 1,
      msgid: randomUUID(),
    });
    await archive.put({
      corpId,
      msgid: randomUUID(),
      seq: side === OWN ? 1 : 2,
      msgtime: (now - 600) * 1000,
      msgtype: 'text',
      action: 'send',
      from: side.staff,
      tolist: [side.customer],
      roomid: '',
      staff: side.staff,
      customer: side.customer,
      text: '你好',
      body: { content: '你好' },
    });
    await groups.applySnapshot({
      corpId,
      chatId: side.chat,
      name: `群${side.staff}`,
      owner: side.staff,
      memberCount: 3,
      status: 'active',
      changedAt: now - 600,
      updatedAt: new Date().toISOString(),
    });
    await sopPlans.enrol(corpId, {
      planId: plan.id,
      recipient: side.customer,
      userId: side.staff,
      enrolledAt: now - 600,
      step: 0,
      nextAt: now + 3000,
      status: 'active',
      outcomes: [],
    });
  }
  // Inheritances (离职/在职继承) inside each department: lisi → zhangsan, wangwu → zhaoliu.
  ids.transferOwn = (await must('POST', `${base}/transfers`, { kind: 'onjob', from: OWN.staff, to: 'zhangsan', customers: [OWN.customer], groups: [] })).id;
  ids.transferForeign = (
    await must('POST', `${base}/transfers`, { kind: 'onjob', from: FOREIGN.staff, to: 'zhaoliu', customers: [FOREIGN.customer], groups: [] })
  ).id;
  const row = (dimension: Dimension) => dailyMetrics({ day: yesterday, dimension, counters: { ...emptyCounters(), newCustomers: 1 }, cohorts: {} });
  const cohort = { cohortDay: yesterday, eventDay: yesterday, added: 1, lost: 0, revenue: 0, spend: 0 };
  await metrics.replaceContributions(corpId, yesterday, [
    { dimension: `staff#${OWN.staff}`, ...cohort },
    { dimension: `staff#${FOREIGN.staff}`, ...cohort },
  ]);
  await metrics.replaceDay(corpId, yesterday, [row('tenant'), row(`staff#${OWN.staff}`), row(`staff#${FOREIGN.staff}`), row(`channel#${channel.id}`)], {});
  await must('POST', `${base}/orders`, {
    orders: [
      { orderId: `o-${randomUUID().slice(0, 8)}`, externalUserId: OWN.customer, amount: 100, paidAt: now - 600 },
      { orderId: `o-${randomUUID().slice(0, 8)}`, externalUserId: FOREIGN.customer, amount: 100, paidAt: now - 600 },
    ],
  });
  for (const side of [OWN, FOREIGN]) await orders.setRfm(corpId, side.customer, 'A', yesterday);
  ids.broadcast = `bscope${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const iso = new Date().toISOString();
  await broadcasts.create({
    corpId,
    id: ids.broadcast,
    target: 'customers',
    filter: {},
    content: { text: '双十一' },
    sendAt: now - 60,
    status: 'sent',
    audience: 2,
    sent: 0,
    blockedCount: 2,
    blockedByReason: { monthly_cap: 2 } as never,
    blocked: [
      { recipient: OWN.customer, reason: 'monthly_cap' },
      { recipient: FOREIGN.customer, reason: 'monthly_cap' },
    ],
    failedCount: 0,
    failed: [],
    remaining: 0,
    msgids: [],
    batches: [
      { sender: OWN.staff, size: 1, failed: 0, at: now - 60 },
      { sender: FOREIGN.staff, size: 1, failed: 0, at: now - 60 },
    ],
    runs: 1,
    createdAt: iso,
    updatedAt: iso,
    version: 1,
  });
}, 60_000);

afterAll(() => world.close());

/** The requests that exercise each read route; `{…}` path parameters are filled from the fixture. */
const REQUESTS: Record<string, Array<{ params?: Record<string, string>; query?: Record<string, string> }>> = {
  '/admin/v1/tenants/{corpId}': [{}],
  '/admin/v1/tenants/{corpId}/api-keys': [{}],
  '/admin/v1/tenants/{corpId}/archive-secrets': [{}],
  '/admin/v1/tenants/{corpId}/sessions': [{}],
  '/admin/v1/tenants/{corpId}/events': [{}],
  '/admin/v1/tenants/{corpId}/channels': [{}],
  '/admin/v1/tenants/{corpId}/channels/{id}': [{ params: { id: 'channel' } }],
  '/admin/v1/tenants/{corpId}/acquisition-links/quota': [{}],
  '/admin/v1/tenants/{corpId}/acquisition-links/{id}/statistics': [{ params: { id: 'link' } }],
  '/admin/v1/tenants/{corpId}/keyword-rules': [{}],
  '/admin/v1/tenants/{corpId}/quick-replies': [{}],
  '/admin/v1/tenants/{corpId}/sensitive-words': [{}],
  '/admin/v1/tenants/{corpId}/archive': [{}, { query: { staff: FOREIGN.staff } }],
  '/admin/v1/tenants/{corpId}/red-packet-ledger': [{ query: { date: yesterday } }, { query: { date: yesterday, format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/group-codes': [{}],
  '/admin/v1/tenants/{corpId}/group-codes/{id}': [{ params: { id: 'groupCode' } }],
  '/admin/v1/tenants/{corpId}/group-welcome-templates': [{}],
  '/admin/v1/tenants/{corpId}/groups': [{}],
  '/admin/v1/tenants/{corpId}/audit': [{}, { query: { staff: FOREIGN.staff } }, { query: { format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/customers': [{}, { query: { staff: FOREIGN.staff } }, { query: { format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/operation-log': [{}, { query: { route: 'channels' } }, { query: { format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/operation-log/verify': [{}],
  '/admin/v1/tenants/{corpId}/customers/{externalUserId}': [{ params: { externalUserId: OWN.customer } }, { params: { externalUserId: FOREIGN.customer } }],
  '/admin/v1/tenants/{corpId}/customers/{externalUserId}/export': [
    { params: { externalUserId: OWN.customer } },
    { params: { externalUserId: FOREIGN.customer } },
  ],
  '/admin/v1/tenants/{corpId}/staff': [{}],
  '/admin/v1/tenants/{corpId}/tags': [{}],
  '/admin/v1/tenants/{corpId}/broadcasts': [{}],
  '/admin/v1/tenants/{corpId}/broadcasts/{id}': [{ params: { id: 'broadcast' } }, { params: { id: 'broadcast' }, query: { format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/reconcile-reports': [{}],
  '/admin/v1/tenants/{corpId}/sop-plans': [{}],
  '/admin/v1/tenants/{corpId}/sop-plans/{id}': [{ params: { id: 'sopPlan' } }],
  '/admin/v1/tenants/{corpId}/moments': [{}],
  '/admin/v1/tenants/{corpId}/moments/{id}': [{ params: { id: 'moment' } }],
  '/admin/v1/tenants/{corpId}/materials': [{}, { query: { kind: 'image' } }],
  '/admin/v1/tenants/{corpId}/materials/{id}': [{ params: { id: 'material' } }],
  '/admin/v1/tenants/{corpId}/metrics/daily': [
    { query: { from: yesterday, to: yesterday, by: 'tenant' } },
    { query: { from: yesterday, to: yesterday, by: 'staff' } },
    { query: { from: yesterday, to: yesterday, by: 'staff', format: 'csv' } },
    { query: { from: yesterday, to: yesterday, by: 'channel' } },
  ],
  '/admin/v1/tenants/{corpId}/metrics/cohorts': [
    { query: { from: yesterday, to: yesterday } },
    { query: { from: yesterday, to: yesterday, by: 'staff', period: 'day' } },
    { query: { from: yesterday, to: yesterday, by: 'staff', period: 'day', format: 'csv' } },
  ],
  '/admin/v1/tenants/{corpId}/metrics/rfm': [{}, { query: { class: 'A' } }, { query: { class: 'A', format: 'csv' } }],
  '/admin/v1/tenants/{corpId}/metrics/settings': [{}],
  '/admin/v1/tenants/{corpId}/staff/{userid}/unassigned': [{ params: { userid: OWN.staff } }, { params: { userid: FOREIGN.staff } }],
  '/admin/v1/tenants/{corpId}/transfers': [{}],
  '/admin/v1/tenants/{corpId}/transfers/{id}': [{ params: { id: 'transferOwn' } }, { params: { id: 'transferForeign' } }],
  '/admin/v1/tenants/{corpId}/customer-fields': [{}],
  '/admin/v1/tenants/{corpId}/customer-stages': [{}],
  '/admin/v1/tenants/{corpId}/metrics/stages': [{ query: { from: yesterday, to: yesterday } }],
  '/admin/v1/tenants/{corpId}/webhooks': [{}],
  '/admin/v1/tenants/{corpId}/webhooks/{id}': [{ params: { id: 'webhook' } }],
  '/admin/v1/tenants/{corpId}/webhooks/{id}/deliveries': [{ params: { id: 'webhook' } }],
};

const READS = ROUTES.filter((r) => r.method === 'GET');
const CALLERS: Caller[] = ['admin', 'auditor', 'manager', 'staff'];

function pathOf(template: string, params: Record<string, string> = {}) {
  return template.replace('{corpId}', corpId).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[params[name]!] ?? params[name]!));
}

it('every read route has requests in the matrix', () => {
  expect(READS.map((r) => r.path).filter((p) => !REQUESTS[p])).toEqual([]);
});

describe.each(READS.map((r) => [r.path, r] as const))('GET %s', (path, route) => {
  const allowed = (c: Caller) => (PERMISSIONS[route.permission] as readonly Role[]).includes(ROLE_OF[c]);

  it.each(CALLERS)('as %s: refused without the permission; otherwise only data inside the scope', async (caller) => {
    const seen: string[] = [];
    for (const req of REQUESTS[path] ?? []) {
      const res = await call('GET', pathOf(path, req.params), keys[caller], req.query ? { query: req.query } : {});
      if (!allowed(caller)) {
        expect(res.status).toBe(403);
        continue;
      }
      expect([200, 403, 404]).toContain(res.status);
      seen.push(res.text);
      const scoped = caller === 'manager' || caller === 'staff';
      // A customer of another department is never named to a scoped caller, whatever the route declares.
      if (scoped) expect(res.text).not.toContain(FOREIGN.customer);
      if (scoped && route.scope === 'caller') for (const m of FOREIGN_MARKERS) expect(res.text).not.toContain(m);
    }
    if (!allowed(caller) || route.scope !== 'caller') return;
    const all = seen.join('\n');
    // The fixture exercises the route: unscoped callers see both departments, scoped callers their own.
    if (caller === 'admin' || caller === 'auditor') expect(FOREIGN_MARKERS.some((m) => all.includes(m))).toBe(true);
    else expect(OWN_MARKERS.some((m) => all.includes(m))).toBe(true);
  });
});

it("records the fixture's writes in the operation log, with an unbroken chain", async () => {
  const verify = await call('GET', `${base}/operation-log/verify`, keys.auditor);
  expect(JSON.parse(verify.text)).toEqual({ ok: true, entries: expect.any(Number) });
  const channels = JSON.parse((await call('GET', `${base}/operation-log`, keys.admin, { query: { route: 'channels' } })).text);
  expect(channels.items).toEqual([
    expect.objectContaining({
      route: 'POST /admin/v1/tenants/{corpId}/channels',
      target: { id: ids.channel },
      actor: { keyId: 'bootstrap', role: 'superadmin', userId: null },
      diff: expect.objectContaining({ name: { from: null, to: '门店码' }, staff: { from: null, to: [OWN.staff, FOREIGN.staff] } }),
    }),
  ]);
  const tenant = JSON.parse((await call('GET', `${base}/operation-log`, keys.admin, { query: { route: 'PUT /admin/v1/tenants/{corpId}' } })).text);
  const put = tenant.items.find((e: { route: string }) => e.route === 'PUT /admin/v1/tenants/{corpId}');
  expect(put.diff).toMatchObject({ token: { from: null, to: '***' }, secret: { from: null, to: '***' } });
  expect(JSON.stringify(tenant)).not.toContain(secret);
});
