// End to end, as a user runs it: the real `npm start` script in a child process (DynamoDB Local, fauxqs,
// the WeCom simulator, the functions behind serverless-offline, the SQS pollers), driven over HTTP only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../../scripts/local/emulators';
import { decodeAesKey } from '../../shared/wecom/crypto';
import { addExternalContactXml, callbackQueryString, delFollowUserXml, signedCallback, signedEcho } from '../../simulator/callbacks';
import { DEMO_TENANT } from '../../simulator/demo-tenant';

jest.setTimeout(180_000);
const ROOT = join(__dirname, '..', '..');
const ADMIN = `e2e-${randomUUID()}`;
let url: string;
let simUrl: string;
let child: ChildProcess;
let output = '';

beforeAll(async () => {
  const port = await freePort();
  const simPort = await freePort();
  url = `http://127.0.0.1:${port}`;
  simUrl = `http://127.0.0.1:${simPort}`;
  child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), SIM_PORT: String(simPort), ADMIN_API_KEY: ADMIN, LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const deadline = Date.now() + 170_000;
  while (!output.includes('Siyu is running')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await exited;
});

const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
const sign = { corpId: DEMO_TENANT.corpId, token: DEMO_TENANT.token, aesKey };

async function callback(xml: string, token = DEMO_TENANT.token): Promise<number> {
  const cb = signedCallback({ ...sign, token, xml, agentId: DEMO_TENANT.agentId });
  const res = await fetch(`${url}/wecom/${DEMO_TENANT.corpId}/callback?${callbackQueryString(cb.query)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: cb.body,
  });
  const text = await res.text();
  if (res.status === 200) expect(text).toBe('');
  return res.status;
}

async function admin(path: string) {
  const res = await fetch(`${url}/admin/v1/tenants/${DEMO_TENANT.corpId}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('npm start', () => {
  it('prints the URLs, is healthy, and serves the tenant it upserted without its secrets', async () => {
    expect(output).toContain(`${url}/wecom/${DEMO_TENANT.corpId}/callback`);
    const health = await fetch(`${url}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const t = await admin('');
    expect(t).toMatchObject({ status: 200, body: { corpId: DEMO_TENANT.corpId, secret: '***', token: '***' } });
    expect(JSON.stringify(t.body)).not.toContain(DEMO_TENANT.secret);
  });

  it('answers the URL verification with the decrypted echostr', async () => {
    const echo = signedEcho(sign);
    const res = await fetch(`${url}/wecom/${DEMO_TENANT.corpId}/callback?${callbackQueryString(echo.query)}`);
    expect({ status: res.status, body: await res.text() }).toEqual({ status: 200, body: echo.plaintext });
  });

  it('takes signed callbacks; the relationship and audit consumers apply them within seconds', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const now = Math.floor(Date.now() / 1000);
    const add = addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext, state: 'e2e', createTime: now });
    expect(await callback(add)).toBe(200);
    expect(await callback(add)).toBe(200);
    const t0 = Date.now();
    const added = await eventually(() => admin(`/customers/${ext}`), (r) => r.status === 200);
    const addLatencyMs = Date.now() - t0;
    expect(added.body.follows).toMatchObject([{ userId: 'zhangsan', status: 'active', state: 'e2e' }]);
    expect(addLatencyMs).toBeLessThan(15_000);

    expect(await callback(delFollowUserXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext, createTime: now + 1 }))).toBe(200);
    const deleted = await eventually(() => admin(`/customers/${ext}`), (r) => r.body.follows?.[0]?.status === 'deleted_by_customer');
    expect(deleted.body.follows[0].status).toBe('deleted_by_customer');

    const audit = await eventually(
      () => admin(`/audit?from=${now - 5}&to=${now + 5}&type=customer_deleted_staff`),
      (r) => r.body.items?.some((i: { customer: string }) => i.customer === ext),
    );
    expect(audit.body.items.filter((i: { customer: string }) => i.customer === ext)).toMatchObject([{ type: 'customer_deleted_staff', staff: 'zhangsan' }]);

    const events = await admin(`/events?from=${now - 5}&to=${now + 5}`);
    const mine = events.body.items.filter((e: { event: { ExternalUserID?: string } }) => e.event.ExternalUserID === ext);
    expect(mine.map((e: { type: string }) => e.type)).toEqual([
      'change_external_contact.add_external_contact',
      'change_external_contact.del_follow_user',
    ]);
  });

  it('greets a new customer by name through send_welcome_msg, once, although WeCom delivers the add twice', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const post = (path: string, body: unknown) =>
      fetch(`${simUrl}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('customers', { corpId: DEMO_TENANT.corpId, customers: [{ externalUserId: ext, name: '林先生', follows: [{ userId: 'lisi' }] }] });
    const { welcomeCode } = (await (await post('welcome-codes', { corpId: DEMO_TENANT.corpId, userId: 'lisi', externalUserId: ext })).json()) as {
      welcomeCode: string;
    };
    const add = addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'lisi', externalUserId: ext, welcomeCode });
    const t0 = Date.now();
    expect(await callback(add)).toBe(200);
    expect(await callback(add)).toBe(200);
    const sent = async () =>
      ((await (await fetch(`${simUrl}/__sim/sent?corpId=${DEMO_TENANT.corpId}`)).json()) as { welcomes: Array<{ externalUserId: string; text: unknown; at: number }> }).welcomes.filter(
        (w) => w.externalUserId === ext,
      );
    const welcomes = await eventually(sent, (w) => w.length > 0);
    expect(welcomes.map((w) => w.text)).toEqual([{ content: '您好 林先生，欢迎添加！我是您的专属顾问，有任何问题随时找我。' }]);
    expect(welcomes[0]!.at - t0).toBeLessThan(20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await sent()).toHaveLength(1);
  });

  it('rejects a callback signed with the wrong token', async () => {
    const xml = addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: 'wmx' });
    expect(await callback(xml, 'WrongToken')).toBe(401);
  });
});
