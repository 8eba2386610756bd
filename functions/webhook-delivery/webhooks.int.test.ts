// Outbound webhooks end to end on DynamoDB Local and the SQS emulator: subscriptions through the real admin API
// handler, events through the webhook queue and the delivery consumer, to real HTTP receivers on 127.0.0.1 that
// check the signature with their own HMAC code (not our signer). A receiver failing twice then succeeding (3
// attempts recorded), one always failing (failed after 5 attempts, the message in the DLQ), replay of a window,
// and the bad input that changes nothing: a private URL (with the production SSRF guard), an unknown event type.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { webhookPoster } from '../../shared/webhooks/http-target';
import { QueueWebhookPublisher } from '../../shared/webhooks/webhook-message';
import { toSqsEvent } from '../../scripts/local/sqs-poller';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { consumeWebhooks } from './consume-webhooks';
import type { WebhookDeliveryDeps } from './deliver-webhook';

const SUPER = `super-${randomUUID()}`;
const world = integrationWorld({ simulator: true, queues: 'wh' });
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;
let prodHandler: Handler;
let corpId: string;

async function call(method: string, path: string, body?: unknown, h: Handler = handler) {
  const res = await h(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${corpId}${path}`,
      headers: { authorization: `Bearer ${SUPER}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, any> };
}

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}
/** A receiver answering with `statuses` in turn (the last one repeats); what it received. */
async function receiver(statuses: number[]) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
      const status = statuses[Math.min(got.length - 1, statuses.length - 1)]!;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `down for maintenance ${status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(r)) };
}

/** The receiver's own check, as docs/manual.md shows it: HMAC-SHA256 over "<timestamp>.<raw body>", timing-safe, 5 minutes. */
function verifiedByReceiver(secret: string, r: Received): boolean {
  const ts = String(r.headers['x-siyu-timestamp']);
  const sig = String(r.headers['x-siyu-signature']);
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${ts}.${r.raw}`).digest('hex')}`);
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let deps: WebhookDeliveryDeps;
let queueArn: string;

/** Runs the consumer over the webhook queue, as Lambda's event source would, until nothing is left to do. */
async function pump(): Promise<void> {
  for (let idle = 0; idle < 3;) {
    const out = await world.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: world.queues.webhook, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['All'] }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) {
      idle++;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    idle = 0;
    const res = await consumeWebhooks(deps, toSqsEvent(messages, queueArn));
    const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length > 0) {
      await world.sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: world.queues.webhook, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
  }
}

beforeAll(async () => {
  await world.start();
  corpId = await world.newTenant('wwwh');
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: Handler }>('../admin-api/handler').handler;
  });
  // The production SSRF guard: private targets and plain http refused.
  process.env.WEBHOOK_ALLOW_PRIVATE = '0';
  jest.isolateModules(() => {
    prodHandler = jest.requireActual<{ handler: Handler }>('../admin-api/handler').handler;
  });
  // A handler reads its configuration on its first invocation (shared/config/on-first-call.ts): make it under '0'.
  expect((await call('GET', '/webhooks', undefined, prodHandler)).status).toBe(200);
  process.env.WEBHOOK_ALLOW_PRIVATE = '1';
  const attrs = await world.sqs.send(new GetQueueAttributesCommand({ QueueUrl: world.queues.webhook, AttributeNames: ['QueueArn'] }));
  queueArn = attrs.Attributes!.QueueArn!;
  deps = {
    webhooks: world.stores.webhooks,
    secrets: world.secrets,
    clock: world.clock,
    queues: new SqsQueuePublisher(world.sqs, world.queues),
    poster: webhookPoster({ allowPrivate: true, timeoutMs: 5000 }),
    // The schedule's shape, without its minutes: the next attempt at once.
    backoff: [0],
    delay: async (receiptHandle, seconds) => {
      await world.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: world.queues.webhook, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds }));
    },
  };
});
afterAll(() => world.close());

describe('webhook deliveries', () => {
  it('signs, retries with the attempts recorded, gives up into the DLQ, and replays a window', async () => {
    const ok = await receiver([200]);
    const flaky = await receiver([500, 502, 204]);
    const down = await receiver([503]);
    try {
      const created = await call('POST', '/webhooks', { url: ok.url, events: ['customer.added', 'keyword.matched'], description: 'CRM 同步' });
      expect(created.status).toBe(201);
      const secret = String(created.body.secret);
      expect(secret).toMatch(/^whsec_/);
      const flakySub = await call('POST', '/webhooks', { url: flaky.url, events: ['customer.added'] });
      const downSub = await call('POST', '/webhooks', { url: down.url, events: ['customer.added'] });
      // Not subscribed to customer.added: gets nothing.
      const other = await call('POST', '/webhooks', { url: ok.url, events: ['customer.deleted'] });
      expect(other.status).toBe(201);

      // The secret is shown once, stored encrypted.
      const read = await call('GET', `/webhooks/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(secret);
      expect(JSON.stringify((await call('GET', '/webhooks')).body)).not.toContain('whsec_');
      const stored = await world.stores.webhooks.getSubscription(corpId, String(created.body.id));
      expect(stored!.secretCipher).not.toContain(secret.slice(6));
      expect(await world.secrets.decrypt(stored!.secretCipher, { tenantId: corpId })).toBe(secret);
      // The operation log records the create without the secret or its ciphertext.
      const oplog = await call('GET', '/operation-log');
      expect(oplog.status).toBe(200);
      expect(JSON.stringify(oplog.body)).toContain(String(created.body.id));
      expect(JSON.stringify(oplog.body)).not.toContain('whsec_');
      expect(JSON.stringify(oplog.body)).not.toContain(stored!.secretCipher);

      const occurredAt = Date.now() - 60_000;
      const publisher = new QueueWebhookPublisher(deps.queues, world.clock);
      await publisher.publish(
        corpId,
        'customer.added',
        { externalUserId: 'wmCustomer01', userId: 'zhangsan', halfAdd: false, state: null },
        { occurredAt, sourceKey: 'k1' },
      );
      // The same source again (a redelivered callback): one event, one delivery each.
      await publisher.publish(
        corpId,
        'customer.added',
        { externalUserId: 'wmCustomer01', userId: 'zhangsan', halfAdd: false, state: null },
        { occurredAt, sourceKey: 'k1' },
      );
      await pump();

      expect(ok.got).toHaveLength(1);
      const first = ok.got[0]!;
      expect(verifiedByReceiver(secret, first)).toBe(true);
      expect(verifiedByReceiver('whsec_wrong', first)).toBe(false);
      expect(first.headers['x-siyu-event']).toBe('customer.added');
      expect(first.headers['content-type']).toBe('application/json');
      const body = JSON.parse(first.raw) as Record<string, any>;
      expect(body).toMatchObject({
        type: 'customer.added',
        corpId,
        occurredAt: new Date(occurredAt).toISOString(),
        data: { externalUserId: 'wmCustomer01', userId: 'zhangsan' },
      });

      // Fails twice, then 204: three attempts, one delivery id.
      expect(flaky.got).toHaveLength(3);
      expect(new Set(flaky.got.map((g) => g.headers['x-siyu-delivery'])).size).toBe(1);
      expect(flaky.got.every((g) => verifiedByReceiver(String(flakySub.body.secret), g))).toBe(true);
      const flakyLog = await call('GET', `/webhooks/${flakySub.body.id}/deliveries`);
      expect(flakyLog.body.items).toEqual([
        expect.objectContaining({
          id: flaky.got[0]!.headers['x-siyu-delivery'],
          status: 'delivered',
          attempts: 3,
          responseCode: 204,
          eventType: 'customer.added',
          replay: false,
        }),
      ]);

      // Always 503: five attempts, marked failed, the message in the DLQ.
      expect(down.got).toHaveLength(5);
      const downLog = await call('GET', `/webhooks/${downSub.body.id}/deliveries`);
      expect(downLog.body.items).toEqual([expect.objectContaining({ status: 'failed', attempts: 5, responseCode: 503, snippet: 'down for maintenance 503' })]);
      const dlq = await world.drain(dlqUrl());
      expect(dlq).toEqual([expect.objectContaining({ type: 'webhook.delivery', event: expect.objectContaining({ subscriptionId: downSub.body.id }) })]);
      expect((await call('GET', `/webhooks/${other.body.id}/deliveries`)).body.items).toEqual([]);

      // Replay of a window holding the event: a new delivery id, the same event id.
      const replay = await call('POST', `/webhooks/${created.body.id}/replay`, {
        from: new Date(occurredAt - 1000).toISOString(),
        to: new Date(occurredAt + 1000).toISOString(),
      });
      expect(replay).toEqual({ status: 200, body: { events: 1, enqueued: 1 } });
      await pump();
      expect(ok.got).toHaveLength(2);
      const again = ok.got[1]!;
      expect(verifiedByReceiver(secret, again)).toBe(true);
      expect(again.headers['x-siyu-delivery']).not.toBe(first.headers['x-siyu-delivery']);
      expect((JSON.parse(again.raw) as { id: string }).id).toBe(body.id);
      const okLog = await call('GET', `/webhooks/${created.body.id}/deliveries`);
      expect(okLog.body.items.map((d: { replay: boolean; status: string }) => [d.replay, d.status])).toEqual([
        [true, 'delivered'],
        [false, 'delivered'],
      ]);
      // A window with nothing in it replays nothing.
      expect((await call('POST', `/webhooks/${created.body.id}/replay`, { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' })).body).toEqual({
        events: 0,
        enqueued: 0,
      });

      // Rotation: deliveries from now on are signed with the new secret only.
      const rotated = await call('POST', `/webhooks/${created.body.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).not.toBe(secret);
      await publisher.publish(corpId, 'keyword.matched', { scope: 'kf', ruleId: 'r1' }, { occurredAt: Date.now(), sourceKey: 'k2' });
      await pump();
      expect(ok.got).toHaveLength(3);
      expect(verifiedByReceiver(String(rotated.body.secret), ok.got[2]!)).toBe(true);
      expect(verifiedByReceiver(secret, ok.got[2]!)).toBe(false);
    } finally {
      await Promise.all([ok.close(), flaky.close(), down.close()]);
    }
  });

  it('sends nothing to a disabled subscription; PATCH and DELETE change and remove it', async () => {
    const r = await receiver([200]);
    try {
      const sub = await call('POST', '/webhooks', { url: r.url, events: ['customer.deleted'], enabled: false });
      expect(sub.body.enabled).toBe(false);
      await new QueueWebhookPublisher(deps.queues, world.clock).publish(corpId, 'customer.deleted', { by: 'customer' }, { occurredAt: Date.now() });
      await pump();
      expect(r.got).toHaveLength(0);
      const patched = await call('PATCH', `/webhooks/${sub.body.id}`, { enabled: true, description: '已启用' });
      expect(patched.body).toMatchObject({ enabled: true, description: '已启用', events: ['customer.deleted'] });
      expect((await call('DELETE', `/webhooks/${sub.body.id}`)).status).toBe(200);
      expect((await call('GET', `/webhooks/${sub.body.id}`)).status).toBe(404);
    } finally {
      await r.close();
    }
  });
});

function dlqUrl(): string {
  // testQueues names the DLQ beside its queue.
  return world.queues.webhook.replace(/-webhook$/, '-webhook-dlq');
}

describe('bad input changes nothing', () => {
  const count = async () => (await world.stores.webhooks.listSubscriptions(corpId)).length;

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://10.0.0.8/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'link_local'],
    ['https://[::ffff:192.168.1.1]/hook', 'private'],
    ['https://[fd00::1]/hook', 'unique_local'],
    ['https://localhost/hook', 'loopback'],
    ['http://93.184.216.34/hook', 'scheme'],
  ])('in production, %s → 400 naming %s', async (url, reason) => {
    const before = await count();
    const res = await call('POST', '/webhooks', { url, events: ['customer.added'] }, prodHandler);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: { field: 'url', reason } });
    expect(res.body.error.message).toContain(reason);
    expect(await count()).toBe(before);
  });

  it('a PATCH to a private URL → 400, the subscription unchanged', async () => {
    const sub = await call('POST', '/webhooks', { url: 'https://93.184.216.34/hook', events: ['customer.added'] }, prodHandler);
    expect(sub.status).toBe(201);
    const res = await call('PATCH', `/webhooks/${sub.body.id}`, { url: 'https://192.168.0.10/hook' }, prodHandler);
    expect(res.status).toBe(400);
    expect((await call('GET', `/webhooks/${sub.body.id}`)).body.url).toBe('https://93.184.216.34/hook');
    await call('DELETE', `/webhooks/${sub.body.id}`);
  });

  it('an unknown event type → 400 listing the known ones', async () => {
    const before = await count();
    const res = await call('POST', '/webhooks', { url: 'https://93.184.216.34/hook', events: ['customer.added', 'order.paid'] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error.details)).toContain('customer.stage_changed');
    expect(await count()).toBe(before);
  });

  it('a replay window that is reversed or longer than 7 days → 400; an unknown subscription → 404', async () => {
    const sub = await call('POST', '/webhooks', { url: 'https://93.184.216.34/hook', events: ['customer.added'] });
    const reversed = await call('POST', `/webhooks/${sub.body.id}/replay`, { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' });
    expect(reversed.status).toBe(400);
    const tooLong = await call('POST', `/webhooks/${sub.body.id}/replay`, { from: '2026-11-01T00:00:00Z', to: '2026-11-09T00:00:00Z' });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('7');
    expect((await call('GET', '/webhooks/whnothere/deliveries')).status).toBe(404);
    expect((await world.stores.webhooks.listDeliveries(corpId, String(sub.body.id), 10)).length).toBe(0);
  });
});
