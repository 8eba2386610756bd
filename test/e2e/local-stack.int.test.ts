// End to end, as a user runs it: `npm start`'s stack (DynamoDB Local, fauxqs, the WeCom simulator and the
// functions behind serverless-offline, with SQS pollers), driven over HTTP only.
import { randomUUID } from 'node:crypto';
import { freePort } from '../../scripts/local/emulators';
import { startLocalStack, type RunningStack } from '../../scripts/local/stack';
import { decodeAesKey, encrypt, signature } from '../../shared/wecom/crypto';
import { DEMO_TENANT } from '../../simulator/demo-tenant';

jest.setTimeout(180_000);
let stack: RunningStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: await freePort(), adminApiKey: 'e2e-admin-key' });
});
afterAll(async () => {
  await stack?.stop();
});

const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
async function callback(xml: string): Promise<number> {
  const enc = encrypt(aesKey, xml, DEMO_TENANT.corpId);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID().slice(0, 8);
  const q = new URLSearchParams({ msg_signature: signature(DEMO_TENANT.token, timestamp, nonce, enc), timestamp, nonce });
  const res = await fetch(`${stack.url}/wecom/${DEMO_TENANT.corpId}/callback?${q}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: `<xml><ToUserName><![CDATA[${DEMO_TENANT.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID><![CDATA[${DEMO_TENANT.agentId}]]></AgentID></xml>`,
  });
  expect(await res.text()).toBe(res.status === 200 ? '' : expect.any(String));
  return res.status;
}
const contact = (change: string, ext: string, at: number) =>
  `<xml><ToUserName><![CDATA[${DEMO_TENANT.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${at}</CreateTime>` +
  `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${change}]]></ChangeType>` +
  `<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[${ext}]]></ExternalUserID><State><![CDATA[e2e]]></State></xml>`;

async function admin(path: string) {
  const res = await fetch(`${stack.url}/admin/v1/tenants/${DEMO_TENANT.corpId}${path}`, {
    headers: { authorization: 'Bearer e2e-admin-key' },
  });
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

describe('the local stack', () => {
  it('is healthy and serves the tenant it upserted, hiding its secrets', async () => {
    const health = await fetch(`${stack.url}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const t = await admin('');
    expect(t).toMatchObject({ status: 200, body: { corpId: DEMO_TENANT.corpId, secret: '***', token: '***' } });
  });

  it('takes a signed callback, and the relationship consumer applies it within seconds', async () => {
    const ext = `wm${randomUUID()}`;
    const now = Math.floor(Date.now() / 1000);
    expect(await callback(contact('add_external_contact', ext, now))).toBe(200);
    expect(await callback(contact('add_external_contact', ext, now))).toBe(200);
    const added = await eventually(() => admin(`/customers/${ext}`), (r) => r.status === 200);
    expect(added.body.follows).toMatchObject([{ userId: 'zhangsan', status: 'active', state: 'e2e' }]);

    expect(await callback(contact('del_follow_user', ext, now + 1))).toBe(200);
    const deleted = await eventually(
      () => admin(`/customers/${ext}`),
      (r) => r.body.follows?.[0]?.status === 'deleted_by_customer',
    );
    expect(deleted.body.follows[0].status).toBe('deleted_by_customer');

    const events = await admin(`/events?from=${now - 5}&to=${now + 5}`);
    const mine = events.body.items.filter((e: { event: { ExternalUserID?: string } }) => e.event.ExternalUserID === ext);
    expect(mine.map((e: { type: string }) => e.type)).toEqual([
      'change_external_contact.add_external_contact',
      'change_external_contact.del_follow_user',
    ]);
  });

  it('rejects a callback signed with the wrong token', async () => {
    const enc = encrypt(aesKey, contact('add_external_contact', 'wmx', 1), DEMO_TENANT.corpId);
    const q = new URLSearchParams({ msg_signature: signature('wrong', '1', '2', enc), timestamp: '1', nonce: '2' });
    const res = await fetch(`${stack.url}/wecom/${DEMO_TENANT.corpId}/callback?${q}`, {
      method: 'POST',
      body: `<xml><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
    });
    expect(res.status).toBe(401);
  });
});
