// Operator login end to end, on the real handlers over the simulator's HTTP login pages and DynamoDB Local:
// /auth/wecom/start → the simulator's QR page (a member "scans") → /auth/wecom/callback → a session cookie
// that the admin API accepts like a key (CSRF-checked on writes). The operation log records a channel edit
// made through that session with the member's userid and the diff, verify passes, and a hand-edited entry
// makes verify fail (issue #13, "Done means").
import { randomBytes, randomUUID } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { keys } from '../../shared/db/keys';
import { DEMO_DEPARTMENTS, DEMO_STAFF } from '../../simulator/demo-tenant';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const SUPER = `super-${randomUUID()}`;
const AGENT_ID = '1000002';
const HOST = '127.0.0.1:3000';
const world = integrationWorld({ simulator: true });
let corpId = '';
let auth: Handler;
let admin: Handler;

/** A browser's cookie jar for our origin. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    cookies,
    take(res: APIGatewayProxyStructuredResultV2) {
      for (const c of res.cookies ?? []) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        const [k, v] = [pair.slice(0, i), pair.slice(i + 1)];
        if (v === '' || /Max-Age=0/i.test(c)) cookies.delete(k);
        else cookies.set(k, v);
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}
type Jar = ReturnType<typeof jar>;

async function send(h: Handler, j: Jar | undefined, method: string, url: string, o: { body?: unknown; headers?: Record<string, string> } = {}) {
  const u = new URL(url, `http://${HOST}`);
  const headers: Record<string, string> = { host: HOST, ...(j && j.cookies.size > 0 ? { cookie: j.header() } : {}), ...o.headers };
  const event = apiEvent({ method, path: u.pathname, headers, ...(u.search ? { query: Object.fromEntries(u.searchParams) } : {}) });
  if (o.body !== undefined) event.body = JSON.stringify(o.body);
  const res = await h(event, lambdaContext('test'));
  j?.take(res);
  return { status: res.statusCode ?? 200, location: String(res.headers?.location ?? ''), json: () => JSON.parse(String(res.body)) as Record<string, unknown> };
}

/** The browser's trip through WeCom: start, the simulator's page with the member picked, back with a code. */
async function throughWecom(j: Jar, who: { sim_userid: string } | { sim_openid: string }) {
  const start = await send(auth, j, 'GET', `/auth/wecom/start?corpId=${corpId}&mode=qr&next=/console/channels`);
  expect(start.status).toBe(302);
  const page = new URL(start.location);
  expect(page.origin).toBe(world.sim.url);
  for (const [k, v] of Object.entries(who)) page.searchParams.set(k, v);
  const picked = await fetch(page, { redirect: 'manual' });
  expect(picked.status).toBe(302);
  const back = new URL(picked.headers.get('location') ?? '');
  expect(`${back.origin}${back.pathname}`).toBe(`http://${HOST}/auth/wecom/callback`);
  return back;
}

beforeAll(async () => {
  await world.start();
  corpId = await world.newTenant('wwlogin', {
    corp: { agentId: AGENT_ID, staff: DEMO_STAFF, departments: DEMO_DEPARTMENTS },
    settings: { agentId: AGENT_ID, admins: ['zhangsan'] },
  });
  Object.assign(process.env, world.adminEnv(SUPER), {
    SESSION_SECRET: randomBytes(32).toString('hex'),
    WECOM_LOGIN_BASE: world.sim.url,
    WECOM_OAUTH_BASE: world.sim.url,
  });
  jest.isolateModules(() => {
    auth = jest.requireActual<{ handler: Handler }>('./handler').handler;
    admin = jest.requireActual<{ handler: Handler }>('../admin-api/handler').handler;
  });
  const sync = await send(admin, undefined, 'POST', `/admin/v1/tenants/${corpId}/staff/sync`, { headers: { authorization: `Bearer ${SUPER}` } });
  expect(sync.status).toBe(200);
}, 60_000);
afterAll(() => world.close());

describe('operator login with WeCom, end to end', () => {
  it('signs a member in, accepts the session on the admin API, and the operation log names them with the diff; verify catches a hand-edited entry', async () => {
    const base = `/admin/v1/tenants/${corpId}`;
    const created = await send(admin, undefined, 'POST', `${base}/channels`, {
      headers: { authorization: `Bearer ${SUPER}` },
      body: { name: '门店码', staff: ['lisi'] },
    });
    expect(created.status).toBe(201);
    const channelId = String(created.json().id);

    const browser = jar();
    const back = await throughWecom(browser, { sim_userid: 'zhangsan' });
    const callback = await send(auth, browser, 'GET', `${back.pathname}${back.search}`);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe('/console/channels');
    expect([...browser.cookies.keys()].sort()).toEqual(['siyu_csrf', 'siyu_session']);
    expect((await send(auth, browser, 'GET', '/auth/me')).json()).toEqual({ corpId, userid: 'zhangsan', role: 'admin' });

    // The same code again (a replay): refused, and no second session.
    const replay = jar();
    const again = await throughWecom(replay, { sim_userid: 'zhangsan' });
    const replayed = await send(auth, replay, 'GET', `/auth/wecom/callback?code=${back.searchParams.get('code')}&state=${again.searchParams.get('state')}`);
    expect(replayed.status).toBe(401);
    expect(replay.cookies.has('siyu_session')).toBe(false);

    // A write through the session: refused without the CSRF token, accepted with it.
    const path = `${base}/channels/${channelId}`;
    const csrf = decodeURIComponent(browser.cookies.get('siyu_csrf')!);
    expect((await send(admin, browser, 'PATCH', path, { body: { name: '门店码-二店' } })).status).toBe(403);
    const edited = await send(admin, browser, 'PATCH', path, { body: { name: '门店码-二店' }, headers: { 'x-csrf-token': csrf, origin: `http://${HOST}` } });
    expect(edited.status).toBe(200);

    const log = (await send(admin, browser, 'GET', `${base}/operation-log`)).json() as { items: Array<Record<string, unknown>> };
    const patches = log.items.filter((e) => e.route === 'PATCH /admin/v1/tenants/{corpId}/channels/{id}');
    expect(patches).toHaveLength(1);
    expect(patches[0]).toMatchObject({
      actor: { role: 'admin', userId: 'zhangsan' },
      target: { id: channelId },
      source: 'resource',
      diff: { name: { from: '门店码', to: '门店码-二店' } },
    });
    expect(String((patches[0]!.actor as { keyId: string }).keyId)).toMatch(/^session:/);
    expect((await send(admin, browser, 'GET', `${base}/operation-log/verify`)).json()).toEqual({ ok: true, entries: log.items.length });

    // Someone with table access rewrites history: the entry's diff no longer says what happened.
    const items = await world.doc.send(
      new QueryCommand({
        TableName: world.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': keys.operationLog(corpId), ':e': 'E#' },
      }),
    );
    const entry = (items.Items ?? []).find((i) => i.seq === patches[0]!.seq)!;
    await world.doc.send(
      new UpdateCommand({
        TableName: world.table,
        Key: { pk: entry.pk, sk: entry.sk },
        UpdateExpression: 'SET diff = :d',
        ExpressionAttributeValues: { ':d': JSON.stringify({ name: { from: '门店码', to: '别的名字' } }) },
      }),
    );
    expect((await send(admin, browser, 'GET', `${base}/operation-log/verify`)).json()).toMatchObject({ ok: false, brokenAt: patches[0]!.seq });
  });

  it('refuses a non-member (WeCom gives an openid, no userid) at the callback, opening no session', async () => {
    const outsider = jar();
    const back = await throughWecom(outsider, { sim_openid: 'o-outsider-1' });
    expect((await send(auth, outsider, 'GET', `${back.pathname}${back.search}`)).status).toBe(403);
    expect(outsider.cookies.has('siyu_session')).toBe(false);
    expect((await world.stores.sessions.list(corpId)).every((s) => s.userId !== 'o-outsider-1')).toBe(true);
  });
});
