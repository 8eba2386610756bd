// Signed callbacks through the real handler module into DynamoDB Local and the fauxqs SQS emulator.
import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CreateQueueCommand, DeleteQueueCommand } from '@aws-sdk/client-sqs';
import { CONCERNS, concernQueueEnv, type Concern } from '../../shared/domain/fanout';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { decodeAesKey, encrypt, signature } from '../../shared/wecom/crypto';
import { signedCallback } from '../../simulator/callbacks';

const corpId = `wwcb${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const token = 'Tok3nForTests';
const encodingAesKey = randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'a');
const aesKey = decodeAesKey(encodingAesKey);

const world = integrationWorld({ queues: 'cb' });
const { sqs } = world;
const { eventLog } = world.stores;
let queues: Record<Concern, string>;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  await world.start();
  queues = world.queues;
  await upsertTenant({ tenants: world.stores.tenants, secrets: world.secrets, clock: world.clock }, corpId, {
    name: 'Callback test',
    token,
    encodingAesKey,
    secret: 'corp-secret',
  });
  Object.assign(process.env, {
    LOCAL_SECRET_KEY: world.secretKey,
    ...Object.fromEntries(CONCERNS.map((c) => [concernQueueEnv(c), queues[c]])),
  });
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
});
afterAll(() => world.close());

const contactXml = (change: string, ext: string, createTime: number, extra = '') =>
  `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
  `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
  `<Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[${change}]]></ChangeType>` +
  `<UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[${ext}]]></ExternalUserID>${extra}</xml>`;

function post(xml: string, o: { corp?: string; sign?: (s: string) => string; receiveId?: string; key?: Buffer } = {}) {
  // receiveId: the corp the payload is encrypted for (WeCom always uses the corp of the URL).
  const cb = signedCallback({ corpId: o.receiveId ?? corpId, token, aesKey: o.key ?? aesKey, xml, agentId: '1000002' });
  const corp = o.corp ?? corpId;
  return handler(
    apiEvent({
      method: 'POST',
      path: `/wecom/${corp}/callback`,
      pathParameters: { corpId: corp },
      query: { ...cb.query, msg_signature: o.sign ? o.sign(cb.query.msg_signature) : cb.query.msg_signature },
      body: cb.body,
    }),
    lambdaContext('wecomCallback'),
  );
}

const onQueue = async (c: Concern) => world.drain(queues[c]);

describe('wecom-callback handler', () => {
  it('answers the GET handshake with the decrypted echostr', async () => {
    const echo = encrypt(aesKey, '1616140317555161061', corpId);
    const ts = '1409659589';
    const res = await handler(
      apiEvent({
        method: 'GET',
        path: `/wecom/${corpId}/callback`,
        pathParameters: { corpId },
        query: { msg_signature: signature(token, ts, '263014780', echo), timestamp: ts, nonce: '263014780', echostr: echo },
      }),
      lambdaContext(),
    );
    expect(res).toMatchObject({ statusCode: 200, body: '1616140317555161061', headers: { 'content-type': 'text/plain' } });
  });

  it('logs an add event once and puts it once on each subscribed queue, however often it is delivered', async () => {
    // Given one add event delivered three times (each delivery encrypted anew, as WeCom's retries are)
    const ext = `wm${randomUUID()}`;
    const xml = contactXml('add_external_contact', ext, 1_700_000_000, '<State><![CDATA[ch1]]></State><WelcomeCode><![CDATA[W1]]></WelcomeCode>');
    for (let i = 0; i < 3; i++) expect((await post(xml)).statusCode).toBe(200);
    // Then it is on relationship, auto-accept and greeting exactly once, and nowhere else
    const [rel, auto, greet, audit] = await Promise.all([onQueue('relationship'), onQueue('auto-accept'), onQueue('greeting'), onQueue('audit')]);
    expect([rel.length, auto.length, greet.length, audit.length]).toEqual([1, 1, 1, 0]);
    expect(rel[0]).toMatchObject({ corpId, type: 'change_external_contact.add_external_contact', occurredAt: 1_700_000_000 });
    expect((rel[0]!.event as Record<string, unknown>).ExternalUserID).toBe(ext);
    const logged = await eventLog.list(corpId, { from: 1_700_000_000, to: 1_700_000_000, limit: 50 });
    expect(logged.items.filter((e) => e.message.event.ExternalUserID === ext)).toHaveLength(1);
  });

  it('keeps distinct events of the same second apart (a burst of customers scanning one code)', async () => {
    const exts = Array.from({ length: 12 }, () => `wm${randomUUID()}`);
    const results = await Promise.all(exts.map((e) => post(contactXml('add_external_contact', e, 1_700_000_100))));
    expect(results.map((r) => r.statusCode)).toEqual(exts.map(() => 200));
    const rel = await onQueue('relationship');
    expect(new Set(rel.map((m) => (m.event as Record<string, unknown>).ExternalUserID))).toEqual(new Set(exts));
    await Promise.all([onQueue('auto-accept'), onQueue('greeting')]);
  });

  it('answers 503 when a queue fails, and the retry completes the fan-out without duplicates', async () => {
    // Given an event for relationship, auto-accept and audit, and the audit queue gone (sends to it fail)
    const ext = `wm${randomUUID()}`;
    const xml = contactXml('del_follow_user', ext, 1_700_000_200);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queues.audit }));
    // When WeCom delivers it: the event is logged, two queues take it, audit fails → 503 so WeCom retries
    const first = await post(xml);
    expect(first.statusCode).toBe(503);
    expect(JSON.parse(String(first.body))).toEqual({ error: { code: 'unavailable', message: '服务暂时不可用，请稍后重试' } });
    // And after the queue is back, WeCom's retry completes the fan-out
    await sqs.send(new CreateQueueCommand({ QueueName: queues.audit.split('/').pop() }));
    expect((await post(xml)).statusCode).toBe(200);
    expect((await post(xml)).statusCode).toBe(200);
    // Then every subscribed queue has it exactly once
    const [rel, auto, audit] = await Promise.all([onQueue('relationship'), onQueue('auto-accept'), onQueue('audit')]);
    expect([rel.length, auto.length, audit.length]).toEqual([1, 1, 1]);
    const logged = await eventLog.list(corpId, { from: 1_700_000_200, to: 1_700_000_200, limit: 50 });
    expect(logged.items.map((e) => [...e.enqueued].sort())).toEqual([['audit', 'auto-accept', 'relationship']]);
  });

  it('rejects bad input with a clear status and logs and enqueues nothing', async () => {
    const ext = `wm${randomUUID()}`;
    const xml = contactXml('add_external_contact', ext, 1_700_000_300);
    const cases = await Promise.all([
      post(xml, { sign: (s) => s.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }),
      post(xml, { corp: 'wwnosuchcorp' }),
      post(xml, { receiveId: 'wwsomeoneelse' }),
      post(xml, { key: randomBytes(32) }),
      post('<xml><not-closed></xml>'),
      post(contactXml('add_external_contact', '', 1_700_000_300)),
    ]);
    expect(cases.map((r) => r.statusCode)).toEqual([401, 404, 400, 400, 400, 400]);
    const big = await handler(
      apiEvent({ method: 'POST', path: `/wecom/${corpId}/callback`, pathParameters: { corpId }, query: {}, body: 'x'.repeat(300 * 1024) }),
      lambdaContext(),
    );
    expect(big.statusCode).toBe(413);
    const logged = await eventLog.list(corpId, { from: 1_700_000_300, to: 1_700_000_300, limit: 50 });
    expect(logged.items).toEqual([]);
    const all = await Promise.all(CONCERNS.map(onQueue));
    expect(all.flat()).toEqual([]);
  });
});
