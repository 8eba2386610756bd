// Group codes, group welcome templates and the group registry through the real admin API handler, on
// DynamoDB Local, the SQS emulator and the WeCom simulator (over HTTP).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeSqsClient } from '../../shared/aws/clients';
import { CONCERNS, concernQueueEnv, type Concern } from '../../shared/domain/fanout';
import { apiEvent } from '../../test/support/api-events';
import { lambdaContext } from '../../test/support/lambda-context';
import { testQueues } from '../../test/support/queues';
import { DEMO_STAFF } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

const SUPER = `super-${randomUUID()}`;
const corpId = `wwgc${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const secret = `secret-${randomUUID()}`;
const base = `/admin/v1/tenants/${corpId}`;
const sqs = makeSqsClient({ endpoint: process.env.SQS_ENDPOINT });
let queues: Record<Concern, string>;
let sim: RunningSimulator;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let admin: string;
let auditor: string;

async function call(method: string, path: string, o: { key?: string; body?: unknown; query?: Record<string, string> } = {}) {
  const res = await handler(
    apiEvent({
      method,
      path,
      headers: { authorization: `Bearer ${o.key ?? admin}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, any> };
}

beforeAll(async () => {
  ({ queues } = await testQueues(sqs, `gc-${randomUUID().slice(0, 8)}`));
  sim = await startSimulator({ port: 0 });
  sim.state.registerCorp({ corpId, secret, staff: DEMO_STAFF });
  Object.assign(process.env, {
    WECOM_API_BASE: sim.url,
    LOCAL_SECRET_KEY: randomBytes(32).toString('base64'),
    ADMIN_API_KEY_HASH: createHash('sha256').update(SUPER).digest('hex'),
    ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), queues[c]])),
  });
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  const tenant = await call('PUT', base, {
    key: SUPER,
    body: { name: 'groups', token: 'GroupToken01', encodingAesKey: randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x'), secret },
  });
  expect(tenant.status).toBe(201);
  admin = (await call('POST', `${base}/api-keys`, { key: SUPER, body: { role: 'admin' } })).body.key;
  auditor = (await call('POST', `${base}/api-keys`, { key: SUPER, body: { role: 'auditor' } })).body.key;
});
afterAll(async () => {
  await sim.stop();
  sqs.destroy();
});

const newChat = (name: string, members = 1) => {
  const chatId = `wr${randomUUID().replace(/-/g, '')}`;
  sim.state.addGroupChats(corpId, [
    {
      chatId,
      name,
      owner: 'lisi',
      members: [{ userId: 'lisi', type: 1 }, ...Array.from({ length: members - 1 }, (_, i) => ({ userId: `wm${chatId.slice(2, 14)}${i}`, type: 2 as const }))],
    },
  ]);
  return chatId;
};
const calls = (path: string) => sim.state.calls({ corpId, path: `/cgi-bin/externalcontact/${path}` });

describe('group codes', () => {
  it('creates a join way (scene 2) listing at most 5 usable groups, with its QR code, state and group statuses', async () => {
    const chats = [newChat('一群', 200), newChat('二群', 3), newChat('三群'), newChat('四群'), newChat('五群'), newChat('六群'), newChat('七群')];
    const res = await call('POST', `${base}/group-codes`, { body: { name: '新客福利群', chatIds: chats, autoCreate: true, roomBaseName: '福利群' } });
    expect(res.status).toBe(201);
    const code = res.body;
    expect(code).toMatchObject({
      name: '新客福利群',
      chatIds: chats,
      memberCap: 200,
      autoCreate: true,
      roomBaseName: '福利群',
      status: 'active',
      activeChatId: chats[1],
      state: expect.stringMatching(/^g_[A-Za-z0-9]{10}$/),
      configId: expect.any(String),
      qrCode: expect.stringMatching(/^https:\/\//),
    });
    expect(code.id).toBe(code.state.slice(2));
    expect(code.groups.slice(0, 3)).toEqual([
      { chatId: chats[0], name: '一群', memberCount: 200, status: 'full' },
      { chatId: chats[1], name: '二群', memberCount: 3, status: 'in_use' },
      { chatId: chats[2], name: '三群', memberCount: 1, status: 'waiting' },
    ]);
    const add = calls('groupchat/add_join_way').at(-1)!.body;
    expect(add).toEqual({ scene: 2, remark: '新客福利群', auto_create_room: 1, room_base_name: '福利群', chat_id_list: chats.slice(1, 6), state: code.state });
    expect(sim.state.corp(corpId).joinWays.get(code.configId)).toMatchObject({ qr_code: code.qrCode, chat_id_list: chats.slice(1, 6) });

    expect((await call('GET', `${base}/group-codes/${code.id}`, { key: auditor })).body).toEqual(code);
    const list = await call('GET', `${base}/group-codes`, { key: auditor });
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(code.id);
    // The registry saw the groups.
    const groups = (await call('GET', `${base}/groups`)).body.items;
    expect(groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ chatId: chats[0], name: '一群', owner: 'lisi', memberCount: 200, status: 'active' })]),
    );
  });

  it('rejects bad input with the failing fields (400) and unknown groups (422), calling WeCom for nothing', async () => {
    const before = calls('groupchat/add_join_way').length;
    const bad = await call('POST', `${base}/group-codes`, { body: { name: '', chatIds: [], memberCap: 501, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['', 'chatIds', 'memberCap', 'name']);
    const dup = newChat('重复');
    expect((await call('POST', `${base}/group-codes`, { body: { name: 'x', chatIds: [dup, dup] } })).status).toBe(400);
    const unknown = await call('POST', `${base}/group-codes`, { body: { name: 'x', chatIds: [newChat('ok'), 'wrnosuchchat'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'chatIds.1' })]);
    expect((await call('POST', `${base}/group-codes`, { body: { name: 'x', chatIds: [dup], welcomeTemplateId: 'nope' } })).status).toBe(422);
    expect(calls('groupchat/add_join_way').length).toBe(before);
    expect((await call('POST', `${base}/group-codes`, { key: auditor, body: { name: 'x', chatIds: [dup] } })).status).toBe(403);
  });

  it('PATCH rewrites the whole join way (update_join_way, every field); DELETE removes it and keeps the record', async () => {
    const [a, b, c] = [newChat('P-A'), newChat('P-B'), newChat('P-C')];
    const code = (await call('POST', `${base}/group-codes`, { body: { name: '改名前', chatIds: [a, b] } })).body;
    const patched = await call('PATCH', `${base}/group-codes/${code.id}`, { body: { name: '改名后', chatIds: [c, b], autoCreate: true } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: '改名后', chatIds: [c, b], activeChatId: c, autoCreate: true });
    const update = calls('groupchat/update_join_way').filter((x) => (x.body as { config_id: string }).config_id === code.configId);
    expect(update.map((x) => x.body)).toEqual([
      { config_id: code.configId, scene: 2, remark: '改名后', auto_create_room: 1, chat_id_list: [c, b], state: code.state },
    ]);
    expect((await call('PATCH', `${base}/group-codes/${code.id}`, { body: { memberCap: 0 } })).status).toBe(400);

    const deleted = await call('DELETE', `${base}/group-codes/${code.id}`);
    expect(deleted.body).toMatchObject({ id: code.id, status: 'deleted' });
    expect(calls('groupchat/del_join_way').map((x) => x.body)).toContainEqual({ config_id: code.configId });
    expect(sim.state.corp(corpId).joinWays.has(code.configId)).toBe(false);
    expect((await call('GET', `${base}/group-codes/${code.id}`)).body.status).toBe('deleted');
    expect((await call('DELETE', `${base}/group-codes/${code.id}`)).status).toBe(200);
    expect((await call('PATCH', `${base}/group-codes/${code.id}`, { body: { name: 'x' } })).status).toBe(404);
    expect((await call('GET', `${base}/group-codes/nosuchcode`)).status).toBe(404);
  });
});

describe('group welcome templates', () => {
  it('keeps {{name}} as WeCom %NICKNAME%, edits and deletes in WeCom', async () => {
    const created = await call('POST', `${base}/group-welcome-templates`, { body: { name: '欢迎', text: '欢迎 {{name}} 入群！' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: '欢迎', text: '欢迎 {{name}} 入群！', notify: true, status: 'active', templateId: expect.any(String) });
    expect(sim.state.corp(corpId).welcomeTemplates.get(created.body.templateId)).toMatchObject({ text: { content: '欢迎 %NICKNAME% 入群！' } });
    const edited = await call('PATCH', `${base}/group-welcome-templates/${created.body.id}`, { body: { text: '{{name}}，你好' } });
    expect(edited.body.text).toBe('{{name}}，你好');
    expect(calls('group_welcome_template/edit').at(-1)!.body).toMatchObject({ template_id: created.body.templateId, text: { content: '%NICKNAME%，你好' } });
    // A group code may name it.
    const code = await call('POST', `${base}/group-codes`, { body: { name: '带欢迎语', chatIds: [newChat('W')], welcomeTemplateId: created.body.id } });
    expect(code.body.welcomeTemplateId).toBe(created.body.id);
    const del = await call('DELETE', `${base}/group-welcome-templates/${created.body.id}`);
    expect(del.body.status).toBe('deleted');
    expect(sim.state.corp(corpId).welcomeTemplates.has(created.body.templateId)).toBe(false);
  });

  it('rejects text over 3000 bytes (400) and a 101st template (422)', async () => {
    const tooLong = await call('POST', `${base}/group-welcome-templates`, { body: { text: '欢'.repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([expect.objectContaining({ field: 'text' })]);
    expect((await call('POST', `${base}/group-welcome-templates`, { body: { text: '欢'.repeat(1000) } })).status).toBe(201);
    const existing = (await call('GET', `${base}/group-welcome-templates`)).body.items.filter((t: { status: string }) => t.status === 'active').length;
    for (let i = existing; i < 100; i++) expect((await call('POST', `${base}/group-welcome-templates`, { body: { text: `模板 ${i}` } })).status).toBe(201);
    const over = await call('POST', `${base}/group-welcome-templates`, { body: { text: 'one too many' } });
    expect(over.status).toBe(422);
    expect(sim.state.corp(corpId).welcomeTemplates.size).toBe(100);
  });
});

describe('groups', () => {
  it('lists the registry, filtered by status', async () => {
    const res = await call('GET', `${base}/groups`, { key: auditor, query: { status: 'dismissed' } });
    expect(res.status).toBe(200);
    expect(res.body.items.every((g: { status: string }) => g.status === 'dismissed')).toBe(true);
    expect((await call('GET', `${base}/groups`, { query: { status: 'gone' } })).status).toBe(400);
  });
});
