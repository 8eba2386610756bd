// Custom fields and customer stages through the real admin API handler on DynamoDB Local (customers projected
// by the real relationship consumer from the WeCom simulator): definitions, values, stage moves with history,
// filters, the CSV export, stage conversion, broadcast audiences, and every bad input a 4xx that changes nothing.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { shanghaiDay } from '../../shared/events/time';
import { applyContactChange } from '../relationship/apply-contact-change';

const SUPER = `super-${randomUUID()}`;
const corp = `wwcfd${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const other = `wwcfo${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const world = integrationWorld({ simulator: true, queues: 'cfd' });
/** The customer.stage_changed events on the webhook queue since the last look. */
const stageEvents = async () =>
  (await world.drain(world.queues.webhook))
    .map((m) => m.event as { type: string; id: string; occurredAt: number; data: Record<string, unknown> })
    .filter((e) => e.type === 'customer.stage_changed');
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
const keys: Record<string, string> = {};

async function call(method: string, path: string, o: { key?: string; body?: unknown; query?: Record<string, string>; corpId?: string } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${o.corpId ?? corp}${path}`,
      headers: { authorization: `Bearer ${o.key ?? keys.admin}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  const text = String(res.body);
  return { status: res.statusCode, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, any> };
}

const ext = (n: string) => `wm${n}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const c1 = ext('one');
const c2 = ext('two');
const foreign = ext('for');
const t0 = Math.floor(Date.now() / 1000) - 100;
const f: Record<string, string> = {};

async function setUpTenant(corpId: string, customers: Array<{ externalUserId: string; name: string; userId: string }>) {
  world.sim.state.registerCorp({ ...DEMO_CORP, corpId, customers: [], groupChats: [] });
  const put = await call('PUT', '', {
    key: SUPER,
    corpId,
    body: { name: corpId, token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey, secret: DEMO_CORP.secret },
  });
  expect(put.status).toBe(201);
  world.sim.state.addCustomers(
    corpId,
    customers.map((c) => ({ externalUserId: c.externalUserId, name: c.name, follows: [{ userId: c.userId }] })),
  );
  const consumer = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
  for (const [i, c] of customers.entries()) {
    const m = queueMessage({
      corpId,
      type: 'change_external_contact.add_external_contact',
      occurredAt: t0 + i,
      event: { UserID: c.userId, ExternalUserID: c.externalUserId },
    });
    await applyContactChange(consumer, messageFor('relationship', m));
  }
}

beforeAll(async () => {
  await world.start();
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  await setUpTenant(corp, [
    { externalUserId: c1, name: '陈小姐', userId: 'zhangsan' },
    { externalUserId: c2, name: '王先生', userId: 'wangwu' },
  ]);
  await setUpTenant(other, [{ externalUserId: foreign, name: '外租户', userId: 'zhangsan' }]);
  for (const [name, body] of Object.entries({
    admin: { role: 'admin' },
    manager: { role: 'manager', department: '2' },
    staff: { role: 'staff', userId: 'zhangsan' },
  })) {
    const r = await call('POST', '/api-keys', { key: SUPER, body });
    expect(r.status).toBe(201);
    keys[name] = r.body.key;
  }
  // Manager scope reads the staff registry (department 2 = zhangsan, lisi; wangwu is in department 3).
  expect((await call('POST', '/staff/sync')).status).toBe(200);
  const defs = {
    note: { name: '备注', type: 'text', maxLength: 5 },
    budget: { name: '预算', type: 'number' },
    birthday: { name: '生日', type: 'date' },
    level: { name: '意向等级', type: 'single', options: ['A', 'B', 'C'] },
    hobby: { name: '兴趣', type: 'multi', options: ['茶', '酒', '=SUM(1)'] },
  };
  for (const [k, body] of Object.entries(defs)) {
    const r = await call('POST', '/customer-fields', { body });
    expect(r.status).toBe(201);
    f[k] = r.body.id;
  }
}, 120_000);
afterAll(() => world.close());

const detail = async (id = c1) => (await call('GET', `/customers/${id}`)).body;

describe('definitions', () => {
  it('lists the definitions; only admins write them', async () => {
    const list = await call('GET', '/customer-fields');
    expect(list.body.items.map((d: any) => [d.name, d.type, d.options ?? null, d.maxLength ?? null])).toEqual([
      ['备注', 'text', null, 5],
      ['预算', 'number', null, null],
      ['生日', 'date', null, null],
      ['意向等级', 'single', ['A', 'B', 'C'], null],
      ['兴趣', 'multi', ['茶', '酒', '=SUM(1)'], null],
    ]);
    expect((await call('POST', '/customer-fields', { key: keys.staff, body: { name: 'x', type: 'text' } })).status).toBe(403);
    const noOptions = await call('POST', '/customer-fields', { body: { name: '单选', type: 'single' } });
    expect(noOptions.status).toBe(400);
    const removed = await call('PATCH', `/customer-fields/${f.level}`, { body: { options: ['A', 'B'] } });
    expect(removed.status).toBe(400);
    expect(removed.body.error.message).toContain('C');
    expect((await call('GET', '/customer-fields')).body).toEqual(list.body);
  });
});

describe('values', () => {
  it('sets values by partial update and shows them in the detail', async () => {
    const r = await call('PUT', `/customers/${c1}/fields`, { body: { values: { [f.note!]: '老客户', [f.budget!]: 5000, [f.level!]: 'A' } } });
    expect(r.status).toBe(200);
    const r2 = await call('PUT', `/customers/${c1}/fields`, { body: { values: { [f.hobby!]: ['茶', '=SUM(1)'], [f.birthday!]: '1990-02-28' } } });
    expect(r2.status).toBe(200);
    expect((await detail()).fields).toEqual({
      [f.note!]: '老客户',
      [f.budget!]: 5000,
      [f.level!]: 'A',
      [f.hobby!]: ['茶', '=SUM(1)'],
      [f.birthday!]: '1990-02-28',
    });
  });

  it.each([
    ['a wrong-type value', () => ({ [f.budget!]: '五千' }), 'wrong_type'],
    ['an unknown field', () => ({ f_nosuchfield: 'x' }), 'unknown_field'],
    ['an option not in the list', () => ({ [f.level!]: 'D' }), 'option_not_allowed'],
    ['a multi option not in the list', () => ({ [f.hobby!]: ['咖啡'] }), 'option_not_allowed'],
    ['a text over its max length', () => ({ [f.note!]: '一二三四五六' }), 'too_long'],
    ['a date that is not a calendar day', () => ({ [f.birthday!]: '2026-02-30' }), 'invalid_date'],
    ['one bad value next to good ones', () => ({ [f.note!]: '新值', [f.level!]: 'Z' }), 'option_not_allowed'],
  ])('%s is a 400 naming the field, and nothing changes', async (_name, values, reason) => {
    const before = await detail();
    const r = await call('PUT', `/customers/${c1}/fields`, { body: { values: values() } });
    expect(r.status).toBe(400);
    const bad = Object.keys(values()).find((k) => k !== f.note || reason === 'too_long')!;
    expect(r.body.error.message).toContain(bad);
    expect(r.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: bad, reason })]));
    expect(await detail()).toEqual(before);
  });

  it('a customer of another tenant is a 404 and nothing is written there', async () => {
    const r = await call('PUT', `/customers/${foreign}/fields`, { body: { values: { [f.level!]: 'A' } } });
    expect(r.status).toBe(404);
    expect((await call('PUT', `/customers/${foreign}/stage`, { body: { stage: '意向' } })).status).toBe(404);
    expect(await world.stores.customerFields.attributes(corp, foreign)).toBeUndefined();
    expect(await world.stores.customerFields.attributes(other, foreign)).toBeUndefined();
  });

  it("a manager key writes its department's customers only; staff keys are read-only in the admin API", async () => {
    expect((await call('PUT', `/customers/${c2}/fields`, { key: keys.manager, body: { values: { [f.level!]: 'B' } } })).status).toBe(404);
    expect((await call('PUT', `/customers/${c2}/stage`, { key: keys.manager, body: { stage: '意向' } })).status).toBe(404);
    expect((await call('PUT', `/customers/${c1}/fields`, { key: keys.staff, body: { values: { [f.level!]: 'B' } } })).status).toBe(403);
    expect((await call('PUT', `/customers/${c1}/stage`, { key: keys.staff, body: { stage: '意向' } })).status).toBe(403);
    expect((await detail(c2)).fields).toEqual({});
    expect((await detail()).fields[f.level!]).toBe('A');
    expect((await detail()).stage).toBeNull();
  });
});

describe('stages', () => {
  it('moves a customer through the default pipeline with history (who, when, from → to) and a timeline item', async () => {
    expect((await call('GET', '/customer-stages')).body).toEqual({ stages: ['新客', '意向', '成交', '复购'], isDefault: true });
    const m1 = await call('PUT', `/customers/${c1}/stage`, { key: keys.manager, body: { stage: '意向', note: '询价' } });
    expect(m1.status).toBe(200);
    expect(m1.body).toMatchObject({ from: null, to: '意向', note: '询价', by: { role: 'manager' } });
    const m2 = await call('PUT', `/customers/${c1}/stage`, { body: { stage: '成交' } });
    expect(m2.body).toMatchObject({ from: '意向', to: '成交', by: { role: 'admin' } });
    const d = await detail();
    expect(d.stage).toBe('成交');
    expect(d.stageHistory.map((h: any) => [h.from, h.to, h.by.role])).toEqual([
      ['意向', '成交', 'admin'],
      [null, '意向', 'manager'],
    ]);
    expect(d.timeline.filter((t: any) => t.kind === 'stage_changed').map((t: any) => [t.detail.from, t.detail.to])).toEqual([
      ['意向', '成交'],
      [null, '意向'],
    ]);
    // One customer.stage_changed per move, by whom, at the move's time; a PUT of the stage the customer is in announces nothing.
    expect((await call('PUT', `/customers/${c1}/stage`, { body: { stage: '成交' } })).status).toBe(200);
    const events = await stageEvents();
    expect(events.map((e) => e.data)).toEqual([
      { externalUserId: c1, from: null, to: '意向', by: m1.body.by.keyId },
      { externalUserId: c1, from: '意向', to: '成交', by: m2.body.by.keyId },
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(events[1]!.occurredAt).toBe(Date.parse(m2.body.at));
  });

  it('an unknown stage is a 400 naming it, and nothing changes', async () => {
    const before = await detail();
    const r = await call('PUT', `/customers/${c1}/stage`, { body: { stage: '流失' } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain('流失');
    expect(await detail()).toEqual(before);
  });

  it('a stage holding customers cannot be removed from the pipeline; others can be added', async () => {
    const r = await call('PUT', '/customer-stages', { body: { stages: ['新客', '意向', '复购'] } });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('成交');
    expect((await call('GET', '/customer-stages')).body.isDefault).toBe(true);
    const ok = await call('PUT', '/customer-stages', { body: { stages: ['新客', '意向', '成交', '复购', '流失'] } });
    expect(ok.body).toEqual({ stages: ['新客', '意向', '成交', '复购', '流失'], isDefault: false });
    expect((await call('PUT', '/customer-stages', { key: keys.staff, body: { stages: ['新客'] } })).status).toBe(403);
  });

  it('counts customers per stage and entries per day', async () => {
    const today = shanghaiDay(Math.floor(Date.now() / 1000));
    const r = await call('GET', '/metrics/stages', { query: { from: today, to: today } });
    expect(r.status).toBe(200);
    expect(r.body.stages).toEqual([
      { stage: '新客', customers: 0 },
      { stage: '意向', customers: 0 },
      { stage: '成交', customers: 1 },
      { stage: '复购', customers: 0 },
      { stage: '流失', customers: 0 },
    ]);
    expect(r.body.days).toEqual([{ day: today, entered: { 意向: 1, 成交: 1 } }]);
  });
});

describe('filters and export', () => {
  it('filters the customers list by stage and field values; bad conditions are a 400 naming them', async () => {
    const ids = async (query: Record<string, string>) => (await call('GET', '/customers', { query })).body.items.map((i: any) => i.externalUserId);
    expect(await ids({ stage: '成交' })).toEqual([c1]);
    expect(await ids({ stage: '意向,新客' })).toEqual([]);
    expect(await ids({ [`field.${f.level}`]: 'A' })).toEqual([c1]);
    expect(await ids({ [`field.${f.hobby}`]: '茶', [`field.${f.budget}`]: '5000' })).toEqual([c1]);
    expect(await ids({ [`field.${f.level}`]: 'B' })).toEqual([]);
    const unknown = await call('GET', '/customers', { query: { 'field.f_nosuch': 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('f_nosuch');
    const badStage = await call('GET', '/customers', { query: { stage: '不存在' } });
    expect(badStage.status).toBe(400);
  });

  it('exports the stage and one column per field (multi choices joined like tags)', async () => {
    const r = await call('GET', '/customers', { query: { format: 'csv' } });
    expect(r.status).toBe(200);
    const lines = r.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('客户阶段,备注,预算,生日,意向等级,兴趣');
    const row = lines.find((l) => l.startsWith(c1))!;
    expect(row).toContain('成交,老客户,5000,1990-02-28,A,茶; =SUM(1)');
  });

  it('a deleted field hides its values everywhere, and writing it is an unknown field', async () => {
    expect((await call('DELETE', `/customer-fields/${f.note}`)).status).toBe(200);
    expect((await detail()).fields[f.note!]).toBeUndefined();
    const csv = await call('GET', '/customers', { query: { format: 'csv' } });
    expect(csv.text).not.toContain('老客户');
    const r = await call('PUT', `/customers/${c1}/fields`, { body: { values: { [f.note!]: '再写' } } });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatchObject({ field: f.note, reason: 'unknown_field' });
  });

  it('a broadcast audience filters by stage and fields; an unknown stage is a 400 and nothing is stored', async () => {
    const dry = (filter: Record<string, unknown>) =>
      call('POST', '/broadcasts', { body: { target: 'customers', content: { text: '您好' }, dryRun: true, filter } });
    expect((await dry({ stages: ['成交'] })).body.audience.sample).toEqual([c1]);
    expect((await dry({ fields: [{ field: f.level, value: 'B' }] })).body.audience.count).toBe(0);
    expect((await dry({})).body.audience.count).toBe(2);
    const bad = await call('POST', '/broadcasts', { body: { target: 'customers', content: { text: '您好' }, filter: { stages: ['不存在'] } } });
    expect(bad.status).toBe(400);
    const sop = await call('POST', '/sop-plans', {
      body: {
        name: '意向跟进',
        trigger: 'added',
        audience: { fields: [{ field: 'f_nosuch', value: 'x' }] },
        steps: [{ after: 'PT1H', send: { text: '您好' }, via: 'mass_message' }],
      },
    });
    expect(sop.status).toBe(400);
    expect((await call('GET', '/sop-plans')).body.items).toEqual([]);
  });
});
