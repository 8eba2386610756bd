// End to end, as a user runs it: the real `npm start` script in a child process (DynamoDB Local, fauxqs,
// the WeCom simulator, the functions behind serverless-offline, the SQS pollers), driven over HTTP only.
// Its data folder is a temp folder of this test, never the user's .siyu-data.
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSqsClient } from '../../shared/aws/clients';
import type { Concern } from '../../shared/domain/fanout';
import { decodeAesKey } from '../../shared/wecom/crypto';
import {
  addExternalContactXml,
  callbackQueryString,
  delExternalContactXml,
  delFollowUserXml,
  kfMsgOrEventXml,
  signedCallback,
  signedEcho,
} from '../../simulator/callbacks';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startStackProcess, type StackProcess } from './stack-process';

jest.setTimeout(180_000);
const ADMIN = `e2e-${randomUUID()}`;
const dataDir = mkdtempSync(join(tmpdir(), 'siyu-e2e-'));
let url: string;
let simUrl: string;
let stack: StackProcess | undefined;
let output = '';
let sqs: SQSClient | undefined;

beforeAll(async () => {
  stack = await startStackProcess({ dataDir, adminApiKey: ADMIN });
  ({ url, simUrl } = stack);
  output = stack.output();
  const sqsEndpoint = /SQS emulator\s+(http:\/\/\S+)/.exec(output)?.[1];
  if (!sqsEndpoint) throw new Error(`npm start did not print its SQS endpoint:\n${output}`);
  sqs = makeSqsClient({ endpoint: sqsEndpoint });
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
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

async function admin(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${url}/admin/v1/tenants/${DEMO_TENANT.corpId}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${ADMIN}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const simPost = async (path: string, body: unknown) =>
  (await fetch(`${simUrl}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<
    Record<string, any>
  >;
const simCalls = async (path: string) =>
  ((await (await fetch(`${simUrl}/__sim/calls?corpId=${DEMO_TENANT.corpId}&path=${encodeURIComponent(path)}`)).json()) as { calls: Array<{ body: any }> })
    .calls;
const welcomesTo = async (ext: string) =>
  (
    (await (await fetch(`${simUrl}/__sim/sent?corpId=${DEMO_TENANT.corpId}`)).json()) as { welcomes: Array<{ externalUserId: string; text: unknown }> }
  ).welcomes.filter((w) => w.externalUserId === ext);

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until a concern's queue of the running stack is empty with nothing in flight or delayed: every
 * delivery of what the callbacks sent it (the first, a duplicate, a retry after a failure) has been
 * consumed and deleted. Counting after this sees a late duplicate's outcome too.
 */
async function settled(concern: Concern, ms = 30_000): Promise<void> {
  const { QueueUrl } = await sqs!.send(new GetQueueUrlCommand({ QueueName: `siyu-local-${concern}` }));
  const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;
  const deadline = Date.now() + ms;
  for (;;) {
    const { Attributes = {} } = await sqs!.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: [...names] }));
    const held = names.reduce((n, a) => n + Number(Attributes[a] ?? 0), 0);
    if (held === 0) return;
    if (Date.now() > deadline) throw new Error(`the ${concern} queue still holds ${held} message(s) after ${ms} ms`);
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
    const added = await eventually(
      () => admin(`/customers/${ext}`),
      (r) => r.status === 200,
    );
    const addLatencyMs = Date.now() - t0;
    expect(added.body.follows).toMatchObject([{ userId: 'zhangsan', status: 'active', state: 'e2e' }]);
    expect(addLatencyMs).toBeLessThan(15_000);

    expect(await callback(delFollowUserXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext, createTime: now + 1 }))).toBe(200);
    const deleted = await eventually(
      () => admin(`/customers/${ext}`),
      (r) => r.body.follows?.[0]?.status === 'deleted_by_customer',
    );
    expect(deleted.body.follows[0].status).toBe('deleted_by_customer');

    const audit = await eventually(
      () => admin(`/audit?from=${now - 5}&to=${now + 5}&type=customer_deleted_staff`),
      (r) => r.body.items?.some((i: { customer: string }) => i.customer === ext),
    );
    expect(audit.body.items.filter((i: { customer: string }) => i.customer === ext)).toMatchObject([{ type: 'customer_deleted_staff', staff: 'zhangsan' }]);

    const events = await admin(`/events?from=${now - 5}&to=${now + 5}`);
    const mine = events.body.items.filter((e: { event: { ExternalUserID?: string } }) => e.event.ExternalUserID === ext);
    expect(mine.map((e: { type: string }) => e.type)).toEqual(['change_external_contact.add_external_contact', 'change_external_contact.del_follow_user']);
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
      (
        (await (await fetch(`${simUrl}/__sim/sent?corpId=${DEMO_TENANT.corpId}`)).json()) as {
          welcomes: Array<{ externalUserId: string; text: unknown; at: number }>;
        }
      ).welcomes.filter((w) => w.externalUserId === ext);
    const welcomes = await eventually(sent, (w) => w.length > 0);
    expect(welcomes.map((w) => w.text)).toEqual([{ content: '您好 林先生，欢迎添加！我是您的专属顾问，有任何问题随时找我。' }]);
    expect(welcomes[0]!.at - t0).toBeLessThan(20_000);
    // Once both deliveries are consumed (the second was dropped at the event log or by the consumer), still one.
    await settled('greeting');
    expect(await sent()).toHaveLength(1);
  });

  it('channels: one personalised welcome and the tags per scan (callback x3), a same-second burst, the cap rewrites the contact way, deletions counted and audited', async () => {
    const created = await admin('/channels', {
      method: 'POST',
      body: {
        name: 'e2e 展会',
        staff: ['wangwu'],
        backupStaff: ['zhaoliu'],
        dailyCapPerStaff: 4,
        tags: ['etsiyudemotag0001'],
        welcome: { text: '{{name}}，欢迎来到展会！' },
      },
    });
    expect(created.status).toBe(201);
    const { id, state, configId } = created.body as { id: string; state: string; configId: string };
    const scan = async (name: string) => {
      const ext = `wm${randomUUID().replace(/-/g, '')}`;
      await simPost('customers', { corpId: DEMO_TENANT.corpId, customers: [{ externalUserId: ext, name, follows: [{ userId: 'wangwu', state }] }] });
      const { welcomeCode } = await simPost('welcome-codes', { corpId: DEMO_TENANT.corpId, userId: 'wangwu', externalUserId: ext });
      return { ext, xml: addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'wangwu', externalUserId: ext, state, welcomeCode }) };
    };

    const first = await scan('王女士');
    for (let i = 0; i < 3; i++) expect(await callback(first.xml)).toBe(200);
    const tagged = (ext: string) => async () => (await simCalls('/cgi-bin/externalcontact/mark_tag')).filter((c) => c.body.external_userid === ext);
    await eventually(tagged(first.ext), (c) => c.length > 0);
    await settled('greeting');
    expect((await welcomesTo(first.ext)).map((w) => w.text)).toEqual([{ content: '王女士，欢迎来到展会！' }]);
    expect((await tagged(first.ext)()).map((c) => c.body)).toEqual([{ userid: 'wangwu', external_userid: first.ext, add_tag: ['etsiyudemotag0001'] }]);

    // Three more in the same second: each gets a welcome, and the fourth add reaches the cap.
    const burst = await Promise.all(['甲', '乙', '丙'].map((n) => scan(n)));
    expect(await Promise.all(burst.map((b) => callback(b.xml)))).toEqual([200, 200, 200]);
    for (const b of burst)
      expect(
        await eventually(
          () => welcomesTo(b.ext),
          (w) => w.length === 1,
        ),
      ).toHaveLength(1);
    const rewrites = await eventually(
      async () => (await simCalls('/cgi-bin/externalcontact/update_contact_way')).filter((c) => c.body.config_id === configId),
      (c) => c.length > 0,
    );
    expect(rewrites.map((c) => c.body.user)).toEqual([['zhaoliu']]);

    expect(await callback(delExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'wangwu', externalUserId: burst[0]!.ext }))).toBe(200);
    const channel = await eventually(
      () => admin(`/channels/${id}`),
      (r) => r.body.stats?.total?.deletions === 1,
    );
    expect(channel.body.stats.total).toEqual({ adds: 4, deletions: 1, deletedByStaff: 1, deletedByCustomer: 0, net: 3 });
    expect(channel.body.contactWay).toMatchObject({ staff: ['zhaoliu'], cappedStaff: ['wangwu'], usingBackup: true });
    const now = Math.floor(Date.now() / 1000);
    const audit = await eventually(
      () => admin(`/audit?from=${now - 60}&to=${now + 5}&type=staff_deleted_customer`),
      (r) => r.body.items?.some((i: { customer: string }) => i.customer === burst[0]!.ext),
    );
    expect(audit.body.items.filter((i: { customer: string }) => i.customer === burst[0]!.ext)).toMatchObject([
      { type: 'staff_deleted_customer', staff: 'wangwu' },
    ]);
  });

  it('conversations: a 微信客服 question gets the rule reply once; the archive is stored with consent, sensitive words alert, red packets reach the ledger', async () => {
    expect((await admin('/keyword-rules', { method: 'POST', body: { keywords: ['运费'], reply: { text: '满 99 包邮' }, scope: 'kf' } })).status).toBe(201);
    expect((await admin('/sensitive-words', { method: 'PUT', body: { words: ['私下转账'], notify: ['zhaoliu'] } })).status).toBe(200);

    const asker = `wm${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const { token } = await simPost('kf-messages', {
      corpId: DEMO_TENANT.corpId,
      openKfId: 'wksiyudemo0000000000000000001',
      messages: [{ msgtype: 'text', external_userid: asker, text: { content: '运费怎么算？' } }],
    });
    const kfXml = kfMsgOrEventXml({ corpId: DEMO_TENANT.corpId, token, openKfId: 'wksiyudemo0000000000000000001' });
    expect(await callback(kfXml)).toBe(200);
    expect(await callback(kfXml)).toBe(200);
    const kfReplies = async () =>
      (
        (await (await fetch(`${simUrl}/__sim/sent?corpId=${DEMO_TENANT.corpId}`)).json()) as {
          kfMessages: Array<{ externalUserId: string; body: { text?: unknown } }>;
        }
      ).kfMessages.filter((k) => k.externalUserId === asker);
    await eventually(kfReplies, (r) => r.length > 0);
    await settled('keyword-reply');
    expect((await kfReplies()).map((r) => r.body.text)).toEqual([{ content: '满 99 包邮' }]);

    const customer = `wm${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    const t = Date.now();
    await simPost('archive-messages', {
      corpId: DEMO_TENANT.corpId,
      messages: [
        { msgtype: 'agree', from: customer, tolist: ['lisi'], msgtime: t - 2000, agree: { userid: customer, agree_time: t - 2000 } },
        { msgtype: 'text', from: customer, tolist: ['lisi'], msgtime: t - 1000, text: { content: '可以私下转账吗' } },
        { msgtype: 'external_redpacket', from: 'lisi', tolist: [customer], msgtime: t, redpacket: { type: 1, wish: '谢谢', totalcnt: 1, totalamount: 666 } },
      ],
    });
    const archived = await eventually(
      () => admin(`/archive?customer=${customer}&from=${Math.floor(t / 1000) - 60}`),
      (r) => r.body.items?.length === 2,
    );
    expect(archived.body.items.map((i: { msgtype: string }) => i.msgtype)).toEqual(['text', 'external_redpacket']);
    const day = new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
    const ledger = await admin(`/red-packet-ledger?date=${day}`);
    expect(ledger.body.items).toEqual([{ userId: 'lisi', inCount: 0, inFen: 0, outCount: 1, outFen: 666 }]);
    const hits = await eventually(
      () => admin(`/audit?type=sensitive_word&from=${Math.floor(t / 1000) - 60}`),
      (r) => r.body.items?.some((i: { customer: string }) => i.customer === customer),
    );
    expect(hits.body.items.filter((i: { customer: string }) => i.customer === customer)).toMatchObject([{ type: 'sensitive_word', staff: 'lisi' }]);
  });

  it("streams the functions' logs one line per record: a consumer's failure shows its reason, and the poller says where it is", async () => {
    // Given WeCom refusing the next 3 welcome messages (one invocation's attempts), then accepting them
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    await simPost('customers', { corpId: DEMO_TENANT.corpId, customers: [{ externalUserId: ext, name: '周女士', follows: [{ userId: 'lisi' }] }] });
    await simPost('faults', { path: 'externalcontact/send_welcome_msg', errcode: 45033, times: 3, corpId: DEMO_TENANT.corpId });
    const { welcomeCode } = await simPost('welcome-codes', { corpId: DEMO_TENANT.corpId, userId: 'lisi', externalUserId: ext });
    // When the add arrives
    expect(await callback(addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'lisi', externalUserId: ext, welcomeCode }))).toBe(200);
    // Then the retry sends the welcome, and the terminal showed why the first attempt failed (LOG_LEVEL=WARN)
    expect(
      await eventually(
        () => welcomesTo(ext),
        (w) => w.length > 0,
        30_000,
      ),
    ).toHaveLength(1);
    const out = stack!.output();
    expect(out).toMatch(
      /\d\d:\d\d:\d\d\.\d{3} WARN {2}greeting +wwsiyudemo000001 {2}change_external_contact\.add_external_contact {2}event failed {2}error="WeCom externalcontact\/send_welcome_msg still answers 45033 after 3 attempts"/,
    );
    expect(out).toMatch(
      /WARN {2}greeting +greeting queue: (its 1 record|all \d+ records) of the batch failed; each record's error is in the "event failed" log lines of greeting above/,
    );
    expect(out).not.toContain('See individual errors below');
    expect(out).not.toMatch(/^\{"level"/m);
  });

  it('material library: an upload is stored in the S3 emulator and read back when used (the functions reach it with their own credentials)', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 1)]);
    const up = await admin('/materials', {
      method: 'POST',
      body: { kind: 'image', filename: '海报.png', contentType: 'image/png', data: png.toString('base64') },
    });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'image', file: { filename: '海报.png', contentType: 'image/png', bytes: png.length } });
    const got = await admin(`/materials/${up.body.id}`);
    expect(got.status).toBe(200);
    const del = await admin(`/materials/${up.body.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
  });

  it('rejects a callback signed with the wrong token', async () => {
    const xml = addExternalContactXml({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: 'wmx' });
    expect(await callback(xml, 'WrongToken')).toBe(401);
  });
});
