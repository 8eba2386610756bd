// Group codes and group welcome templates through the real admin API handler, on DynamoDB Local, the SQS
// emulator and the WeCom simulator (over HTTP): a join way and a template written to the simulator and
// the table and read back. Validation, PATCH/DELETE, WeCom's refusals, the template limit and the group
// registry on fakes: group-codes.test.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { DEMO_STAFF } from '../../simulator/demo-tenant';

const SUPER = `super-${randomUUID()}`;
const corpId = `wwgc${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const secret = `secret-${randomUUID()}`;
const base = `/admin/v1/tenants/${corpId}`;
const world = integrationWorld({ simulator: true, queues: 'gc' });
let sim: typeof world.sim;
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
  await world.start();
  sim = world.sim;
  sim.state.registerCorp({ corpId, secret, staff: DEMO_STAFF });
  Object.assign(process.env, world.adminEnv(SUPER));
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
afterAll(() => world.close());

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
    expect((await call('POST', `${base}/group-codes`, { key: auditor, body: { name: 'x', chatIds: [chats[2]] } })).status).toBe(403);
    // The registry saw the groups.
    const groups = (await call('GET', `${base}/groups`)).body.items;
    expect(groups).toEqual(
      expect.arrayContaining([expect.objectContaining({ chatId: chats[0], name: '一群', owner: 'lisi', memberCount: 200, status: 'active' })]),
    );
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
});
