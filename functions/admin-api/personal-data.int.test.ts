// A customer's personal data through the real admin API handler on DynamoDB Local and the WeCom simulator
// (over HTTP): the JSON export holds every store's section; the erase takes the name, remarks, descriptions,
// archive message text and quoted audit text out of every read route and export (customers list, detail and
// CSV, archive, audit list and CSV, the sidebar's customer view, the JSON export) while the tenant's daily
// metrics, rolled up again, stay the same; a WeCom callback afterwards does not bring the name back; the
// erase is idempotent, logged, admin-only; unknown and other-tenant customers are 404 and change nothing.
import { createHash, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { addDays, shanghaiDay, shanghaiMidnight } from '../../shared/events/time';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { keys as dbKeys } from '../../shared/db/keys';
import { webhookDeliveryId, webhookEventId } from '../../shared/webhooks/ids';
import { apiEvent } from '../../test/support/api-events';
import { recordContactEvent } from '../../test/support/contact-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { applyContactChange } from '../relationship/apply-contact-change';
import { sidebarCustomer, type SidebarCustomerDeps } from '../sidebar-api/customer';

const SUPER = `super-${randomUUID()}`;
const corp = `wwpii${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const other = `wwpio${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const world = integrationWorld({ simulator: true, queues: 'pdata' });
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const keys: Record<string, string> = {};

async function call(method: string, path: string, o: { body?: unknown; query?: Record<string, string>; key?: string; tenant?: string } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${o.tenant ?? corp}${path}`,
      headers: { authorization: `Bearer ${o.key ?? SUPER}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  const text = String(res.body);
  return { status: res.statusCode!, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, any> };
}

const newKey = () => createHash('sha256').update(randomUUID()).digest('hex');
const id = (n: string) => `wm${n}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const C = id('erase');
const D = id('keep');
// What identifies C: every piece must be somewhere before the erase and nowhere after.
const PII = {
  name: '陈晓燕',
  avatar: 'https://wx.qlogo.cn/chen-avatar.png',
  corpName: '陈氏茶业',
  remark: '陈姐VIP',
  description: '喜欢绿茶',
  message: '我住在幸福路八号',
  fieldText: '常买明前龙井',
  stageNote: '陈姐要团购',
  echoed: '收到陈姐的消息',
  mobile: '13800000000',
};
// A webhook subscription and an event naming C (today's event types carry ids only; a payload with a remark
// stands for any that quotes the person) with a delivery whose response snippet echoes it.
const WEBHOOK = 'whpii000001';
const fieldIds: Record<string, string> = {};
// Yesterday (the tenant's creation is moved back a week so the rollup may run for it).
const day = addDays(shanghaiDay(Math.floor(Date.now() / 1000)), -1);
const at = shanghaiMidnight(day) + 10 * 3600;
const consumer = () => ({ ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock });
const contact = (change: string, occurredAt: number, userId: string, ext: string, eventKey = newKey()) =>
  messageFor(
    'relationship',
    queueMessage({ corpId: corp, type: `change_external_contact.${change}`, occurredAt, eventKey, event: { UserID: userId, ExternalUserID: ext } }),
  );

async function addFollow(userId: string, ext: string, occurredAt: number) {
  const eventKey = newKey();
  await recordContactEvent(world.stores, { corpId: corp, change: 'add_external_contact', occurredAt, userId, externalUserId: ext, eventKey });
  await applyContactChange(consumer(), contact('add_external_contact', occurredAt, userId, ext, eventKey));
}

/** Every read route and export that can show C, as text. */
async function everyRead(): Promise<Record<string, string>> {
  const member = { corpId: corp, userId: 'zhangsan', role: 'staff' as const, keyId: 'test' };
  const window = { from: String(at - 3600), to: String(Math.floor(Date.now() / 1000)) };
  const sidebar = await sidebarCustomer(consumer() as unknown as SidebarCustomerDeps, member, C);
  return {
    customers: (await call('GET', '/customers', { query: { format: 'json' } })).text,
    customersCsv: (await call('GET', '/customers', { query: { format: 'csv' } })).text,
    customer: (await call('GET', `/customers/${C}`)).text,
    archive: (await call('GET', '/archive', { query: { customer: C, ...window } })).text,
    audit: (await call('GET', '/audit', { query: window })).text,
    auditCsv: (await call('GET', '/audit', { query: { format: 'csv', ...window } })).text,
    sidebar: JSON.stringify(sidebar),
    export: (await call('GET', `/customers/${C}/export`)).text,
    webhookDeliveries: (await call('GET', `/webhooks/${WEBHOOK}/deliveries`)).text,
    // What a replay would send again: the recorded events of the window.
    webhookReplayPayloads: JSON.stringify(await world.stores.webhooks.eventsBetween(corp, (at - 3600) * 1000, Date.now() + 1, 100)),
  };
}

async function rollup() {
  const r = await call('POST', '/jobs/rollup/run', { body: { date: day } });
  expect([r.status, r.text]).toEqual([200, r.text]);
}

const dailyMetrics = async () => {
  const out: string[] = [];
  for (const by of ['tenant', 'staff']) out.push((await call('GET', '/metrics/daily', { query: { from: day, to: day, by } })).text);
  return out;
};

beforeAll(async () => {
  await world.start();
  for (const c of [corp, other]) world.sim.state.registerCorp({ ...DEMO_CORP, corpId: c, customers: [], groupChats: [] });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  for (const c of [corp, other]) {
    const put = await call('PUT', '', {
      tenant: c,
      body: { name: 'pii', token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey, secret: DEMO_CORP.secret },
    });
    expect(put.status).toBe(201);
    const t = (await world.stores.tenants.get(c))!;
    await world.stores.tenants.put({ ...t, createdAt: new Date(Date.now() - 7 * 86_400_000).toISOString() });
  }
  for (const [name, body] of Object.entries({
    auditor: { role: 'auditor', name: 'BI' },
    admin: { role: 'admin', name: '管理员' },
    staff: { role: 'staff', userId: 'zhangsan', name: '张三' },
    outsider: { role: 'staff', userId: 'wangwu', name: '王五' },
  })) {
    const k = await call('POST', '/api-keys', { body });
    expect(k.status).toBe(201);
    keys[name] = k.body.key;
  }
  world.sim.state.addCustomers(corp, [
    {
      externalUserId: C,
      name: PII.name,
      type: 2,
      avatar: PII.avatar,
      corpName: PII.corpName,
      follows: [{ userId: 'zhangsan', remark: PII.remark, description: PII.description, remarkMobiles: [PII.mobile] }, { userId: 'lisi' }],
    },
    { externalUserId: D, name: '李先生', follows: [{ userId: 'lisi', remark: '李总' }] },
  ]);
  await addFollow('zhangsan', C, at);
  await addFollow('lisi', C, at + 60);
  await addFollow('lisi', D, at + 120);
  // The member changes the remark in WeCom: the edit callback puts it on the timeline.
  world.sim.state.corp(corp).follow(C, 'zhangsan')!.remark = `${PII.remark}2`;
  await applyContactChange(consumer(), contact('edit_external_contact', at + 180, 'zhangsan', C));
  for (const [n, [who, text]] of [
    [C, PII.message],
    [C, '好的'],
    [D, '李先生的消息'],
  ].entries()) {
    const fromCustomer = n === 0 || n === 2;
    await world.stores.archive.put({
      corpId: corp,
      msgid: randomUUID(),
      seq: n + 1,
      msgtime: (at + 600 + n * 60) * 1000,
      msgtype: 'text',
      action: 'send',
      from: fromCustomer ? who! : 'zhangsan',
      tolist: [fromCustomer ? 'zhangsan' : who!],
      roomid: '',
      staff: 'zhangsan',
      customer: who!,
      text: text!,
      body: { content: text },
    });
  }
  await world.stores.auditLog.append({
    corpId: corp,
    eventKey: randomUUID(),
    type: 'sensitive_word',
    at: at + 600,
    staff: 'zhangsan',
    customer: C,
    detail: { words: '幸福路', msgid: 'm1', from: C, excerpt: PII.message },
    alert: true,
  });
  // Custom fields (a text value, a choice) and a stage move with a note.
  for (const [k, body] of Object.entries({ text: { name: '喜好', type: 'text' }, level: { name: '意向等级', type: 'single', options: ['A', 'B'] } })) {
    const r = await call('POST', '/customer-fields', { body });
    expect(r.status).toBe(201);
    fieldIds[k] = r.body.id;
  }
  expect((await call('PUT', `/customers/${C}/fields`, { body: { values: { [fieldIds.text!]: PII.fieldText, [fieldIds.level!]: 'A' } } })).status).toBe(200);
  expect((await call('PUT', `/customers/${C}/stage`, { body: { stage: '意向', note: PII.stageNote } })).status).toBe(200);
  const now = new Date().toISOString();
  await world.stores.webhooks.putSubscription({
    corpId: corp,
    id: WEBHOOK,
    url: 'https://hooks.example.com/siyu',
    events: ['customer.tags_changed'],
    enabled: true,
    secretCipher: 'unused',
    createdAt: now,
    updatedAt: now,
  });
  const eventId = webhookEventId((at + 700) * 1000, 'pii');
  await world.stores.webhooks.recordEvent({
    corpId: corp,
    id: eventId,
    type: 'customer.tags_changed',
    occurredAt: (at + 700) * 1000,
    data: { externalUserId: C, userId: 'zhangsan', remark: PII.remark, added: [], removed: [], tags: [] },
  });
  await world.stores.webhooks.createDelivery({
    corpId: corp,
    subscriptionId: WEBHOOK,
    id: webhookDeliveryId(Date.now(), eventId, WEBHOOK),
    eventId,
    eventType: 'customer.tags_changed',
    status: 'delivered',
    attempts: 1,
    responseCode: 200,
    snippet: PII.echoed,
    createdAt: now,
    updatedAt: now,
  });
  await rollup();
}, 90_000);
afterAll(() => world.close());

it('exports everything held on the customer as one JSON document, one section per store', async () => {
  const r = await call('GET', `/customers/${C}/export`);
  expect([r.status, r.status === 200 ? '' : r.text]).toEqual([200, '']);
  const s = r.body.sections;
  expect(Object.keys(s)).toEqual([
    'customer',
    'customFields',
    'stageHistory',
    'archiveMessages',
    'auditRows',
    'massMessageQuota',
    'sopRuns',
    'broadcastRecipients',
    'webhookEvents',
  ]);
  // Field values and stage moves have their own sections (not `other`).
  expect(s.customer.other).toEqual([]);
  expect(s.customFields).toMatchObject({ stage: '意向' });
  expect(s.customFields.values.map((v: any) => [v.name, v.type, v.value]).sort()).toEqual([
    ['喜好', 'text', PII.fieldText],
    ['意向等级', 'single', 'A'],
  ]);
  expect(s.stageHistory).toMatchObject([{ from: null, to: '意向', note: PII.stageNote }]);
  expect(s.webhookEvents).toMatchObject([{ type: 'customer.tags_changed', data: { remark: PII.remark }, deliveries: [{ snippet: PII.echoed }] }]);
  expect(s.customer.profile).toMatchObject({ name: PII.name, avatar: PII.avatar, corpName: PII.corpName });
  expect(s.customer.follows.map((f: any) => [f.userId, f.remark ?? null])).toEqual([
    ['lisi', ''],
    ['zhangsan', `${PII.remark}2`],
  ]);
  expect(s.customer.timeline.some((t: any) => t.detail?.remark === `${PII.remark}2`)).toBe(true);
  expect(s.archiveMessages.map((m: any) => m.text)).toEqual([PII.message, '好的']);
  expect(s.auditRows).toHaveLength(1);
  expect(r.text).not.toContain(D);
});

describe('remark phone numbers (remark_mobiles), sealed with the tenant secret box', () => {
  const rawFollow = async (userId: string) =>
    (await world.doc.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: dbKeys.follow(corp, C, userId), ConsistentRead: true }))).Item!;

  it('are stored sealed: the raw DynamoDB item holds no number in plain text', async () => {
    const item = rawFollow('zhangsan');
    const raw = JSON.stringify(await item);
    expect(raw).not.toContain(PII.mobile);
    expect((await item).remarkMobilesCipher).toMatch(/^l1:/);
    expect(await world.secrets.decrypt(String((await item).remarkMobilesCipher), { tenantId: corp })).toBe(JSON.stringify([PII.mobile]));
    // Another tenant's context does not open it.
    await expect(world.secrets.decrypt(String((await item).remarkMobilesCipher), { tenantId: other })).rejects.toThrow();
    expect((await rawFollow('lisi')).remarkMobilesCipher).toBeUndefined();
  });

  it('show in the detail for admins, not for auditors or staff keys, not in the list or CSV; a member out of scope gets 404', async () => {
    const phones = (body: Record<string, any>) => body.follows.map((f: any) => [f.userId, f.remarkMobiles ?? 'absent']);
    for (const key of [SUPER, keys.admin]) {
      expect(phones((await call('GET', `/customers/${C}`, { key })).body)).toEqual([
        ['lisi', []],
        ['zhangsan', [PII.mobile]],
      ]);
    }
    expect(phones((await call('GET', `/customers/${C}`, { key: keys.auditor })).body)).toEqual([
      ['lisi', 'absent'],
      ['zhangsan', 'absent'],
    ]);
    const staff = await call('GET', `/customers/${C}`, { key: keys.staff });
    expect([staff.status, phones(staff.body)]).toEqual([200, [['zhangsan', 'absent']]]);
    expect((await call('GET', `/customers/${C}`, { key: keys.outsider })).status).toBe(404);
    for (const format of ['json', 'csv']) expect((await call('GET', '/customers', { query: { format } })).text).not.toContain(PII.mobile);
  });

  it('show in the sidebar to the member whose follow holds them only, and in the export', async () => {
    const sidebar = (userId: string) =>
      sidebarCustomer(consumer() as unknown as SidebarCustomerDeps, { corpId: corp, userId, role: 'staff', keyId: 'test' } as never, C);
    expect((await sidebar('zhangsan')).remarkMobiles).toEqual([PII.mobile]);
    expect((await sidebar('lisi')).remarkMobiles).toEqual([]);
    const exported = (await call('GET', `/customers/${C}/export`)).body.sections.customer.follows;
    expect(exported.map((f: any) => [f.userId, f.remarkMobiles ?? null, f.remarkMobilesCipher ?? null])).toEqual([
      ['lisi', null, null],
      ['zhangsan', [PII.mobile], null],
    ]);
  });
});

describe('bad input', () => {
  it.each([
    ['an unknown customer', () => `/customers/${id('nobody')}`, undefined],
    ['a customer of another tenant', () => `/customers/${C}`, other],
  ])('answers 404 for %s, to the export and the erase, and changes nothing', async (_n, path, tenant) => {
    const before = await call('GET', `/customers/${C}/export`);
    for (const [m, suffix] of [
      ['GET', '/export'],
      ['DELETE', '/personal-data'],
    ] as const) {
      const r = await call(m, `${path()}${suffix}`, tenant ? { tenant } : {});
      expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
    }
    const after = await call('GET', `/customers/${C}/export`);
    expect({ ...after.body, exportedAt: 0 }).toEqual({ ...before.body, exportedAt: 0 });
  });

  it('refuses both to a non-admin key (403) and changes nothing', async () => {
    expect((await call('GET', `/customers/${C}/export`, { key: keys.auditor })).status).toBe(403);
    expect((await call('DELETE', `/customers/${C}/personal-data`, { key: keys.auditor })).status).toBe(403);
    expect((await call('GET', `/customers/${C}`)).body.name).toBe(PII.name);
  });
});

describe('the erase', () => {
  let metricsBefore: string[];
  let readsBefore: Record<string, string>;
  let otherBefore: string;

  it('takes the person out of every read route and export; the daily metrics rolled up again are unchanged', async () => {
    metricsBefore = await dailyMetrics();
    readsBefore = await everyRead();
    otherBefore = (await call('GET', `/customers/${D}/export`)).text;
    // The fixture is seen before: each route shows some of C's personal data.
    for (const [route, text] of Object.entries(readsBefore)) {
      expect([route, Object.values(PII).some((v) => text.includes(v))]).toEqual([route, true]);
    }
    const r = await call('DELETE', `/customers/${C}/personal-data`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ externalUserId: C, alreadyErased: false, pseudonym: expect.stringMatching(/^已删除客户-[0-9a-f]{8}$/) });
    // customer: profile, zhangsan's follow, the remark and the stage-note timeline items; webhookEvents: the
    // event's payload and the delivery's snippet.
    expect(r.body.erased).toEqual({ customer: 5, customFields: 1, stageHistory: 1, archiveMessages: 2, auditRows: 1, webhookEvents: 2 });

    const after = await everyRead();
    for (const [route, text] of Object.entries(after)) {
      for (const v of Object.values(PII)) expect([route, v, text.includes(v)]).toEqual([route, v, false]);
    }
    expect(after.customer).toContain(r.body.pseudonym);
    expect(after.sidebar).toContain(r.body.pseudonym);
    // The stage, its history and the choice values stay (stage metrics, pipeline counts; no free text).
    const detail = JSON.parse(after.customer!) as Record<string, any>;
    expect(detail.stage).toBe('意向');
    expect(detail.fields).toEqual({ [fieldIds.level!]: 'A' });
    expect(detail.stageHistory).toMatchObject([{ from: null, to: '意向' }]);
    expect(JSON.parse(after.webhookDeliveries!).items).toMatchObject([{ status: 'delivered', snippet: null }]);

    await rollup();
    expect(await dailyMetrics()).toEqual(metricsBefore);
    expect(JSON.parse(metricsBefore[0]!).items[0].newCustomers).toBeGreaterThan(0);
    // Another customer is untouched.
    const d = JSON.parse((await call('GET', `/customers/${D}/export`)).text) as Record<string, unknown>;
    expect({ ...d, exportedAt: 0 }).toEqual({ ...JSON.parse(otherBefore), exportedAt: 0 });
  });

  it('stays erased when WeCom reports the customer again (edit callback)', async () => {
    await applyContactChange(consumer(), contact('edit_external_contact', at + 900, 'zhangsan', C));
    const text = (await call('GET', `/customers/${C}/export`)).text;
    for (const v of [PII.name, PII.remark, PII.description, PII.mobile]) expect(text).not.toContain(v);
    const raw = await world.doc.send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: dbKeys.follow(corp, C, 'zhangsan'), ConsistentRead: true }));
    expect(raw.Item!.remarkMobilesCipher).toBeUndefined();
  });

  it('is idempotent: a second erase answers 200 with nothing left to do', async () => {
    const r = await call('DELETE', `/customers/${C}/personal-data`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      alreadyErased: true,
      erased: { customer: 0, customFields: 0, stageHistory: 0, archiveMessages: 0, auditRows: 0, webhookEvents: 0 },
    });
  });

  it('is in the operation log (target: the customer id, no personal data)', async () => {
    const log = await call('GET', '/operation-log');
    const entries = log.body.items.filter((e: any) => JSON.stringify(e).includes('personal-data'));
    expect(entries.length).toBe(2);
    expect(JSON.stringify(entries)).toContain(C);
    for (const v of Object.values(PII)) expect(JSON.stringify(entries)).not.toContain(v);
  });
});
