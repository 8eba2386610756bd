// The Lambda event fixtures in events/<function>/*.json, for `npm run invoke -- -f <function> --path …` and
// `osls invoke local`: API Gateway HTTP API (payload 2.0) requests for the HTTP functions, SQS batches for the
// queue consumers (bodies in the exact envelope the callback and the archive puller publish), EventBridge
// scheduled events for the schedules. Generated, not hand-written: `npm run events` writes them, and
// test/deploy/event-fixtures.test.ts checks that the committed files are what this produces.
// The WeCom callback fixtures are signed and encrypted for the local stack's demo tenant (simulator/demo-tenant.ts,
// public values): they pass the callback's signature check against `npm start` as it comes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, EventBridgeEvent, SNSEvent, SQSEvent } from 'aws-lambda';
import { archiveQueueMessage } from '../shared/archive/archive-message';
import { concernResourceName, type Concern } from '../shared/domain/fanout';
import type { QueueMessage } from '../shared/events/queue-message.schema';
import { webhookEventId } from '../shared/webhooks/ids';
import { eventQueueMessage } from '../shared/webhooks/webhook-message';
import { decodeAesKey } from '../shared/wecom/crypto';
import { parseEvent } from '../shared/wecom/event';
import { eventKeyOf } from '../shared/wecom/event-key';
import { parseXmlDocument } from '../shared/wecom/xml';
import { callbackQueryString, signedCallback, signedEcho } from '../simulator/callbacks';
import { DEMO_TENANT } from '../simulator/demo-tenant';
import { DEV_ADMIN_API_KEY } from './local/local-env';

const ROOT = join(import.meta.dirname, '..');
export const EVENTS_DIR = join(ROOT, 'events');

/** Fixed times, so that the generated files do not change from run to run. */
const AT_S = 1_767_225_600; // 2026-01-01T00:00:00Z
const AT_MS = AT_S * 1000;
const REGION = 'ap-east-1';
const ACCOUNT = '000000000000';
const CORP = DEMO_TENANT.corpId;

/** One fixture: events/<fn>/<name>.json. */
export interface Fixture {
  fn: string;
  name: string;
  event: unknown;
}

function httpEvent(o: {
  method: string;
  path: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2 {
  const rawQueryString = o.query ? callbackQueryString(o.query) : '';
  return {
    version: '2.0',
    routeKey: o.routeKey,
    rawPath: o.path,
    rawQueryString,
    headers: { host: '127.0.0.1:3000', 'user-agent': 'osls-invoke-local', ...(o.headers ?? {}) },
    ...(o.query ? { queryStringParameters: o.query } : {}),
    ...(o.pathParameters ? { pathParameters: o.pathParameters } : {}),
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'local',
      domainName: '127.0.0.1',
      domainPrefix: '127',
      http: { method: o.method, path: o.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'osls-invoke-local' },
      requestId: `fixture-${createHash('sha256').update(o.routeKey).digest('hex').slice(0, 12)}`,
      routeKey: o.routeKey,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: AT_MS,
    },
    ...(o.body !== undefined ? { body: o.body } : {}),
    isBase64Encoded: false,
  };
}

const get = (path: string, routeKey: string, o: { pathParameters?: Record<string, string>; headers?: Record<string, string> } = {}) =>
  httpEvent({ method: 'GET', path, routeKey: `GET ${routeKey}`, ...o });

/** The WeCom callback XML of events/wecom/<file>, addressed to the demo corp. */
function wecomXml(file: string): string {
  return readFileSync(join(EVENTS_DIR, 'wecom', file), 'utf8').replace(
    /<ToUserName><!\[CDATA\[[^\]]*\]\]><\/ToUserName>/,
    `<ToUserName><![CDATA[${CORP}]]></ToUserName>`,
  );
}

/** The queue message the callback publishes for an events/wecom/ XML (shared/events/queue-message.schema.ts). */
function callbackMessage(file: string): QueueMessage {
  const xml = wecomXml(file);
  const parsed = parseEvent(parseXmlDocument(xml));
  if (!parsed.ok) throw new Error(`events/wecom/${file}: ${parsed.issues.join('; ')}`);
  const { type, createTime, data } = parsed.event;
  return { v: 1, eventKey: eventKeyOf(CORP, xml), corpId: CORP, type, occurredAt: createTime, receivedAt: AT_MS, event: data };
}

function sqsEvent(concern: Concern, messages: unknown[]): SQSEvent {
  const queue = `siyu-local-${concern}`;
  return {
    Records: messages.map((m, i) => {
      const body = JSON.stringify(m);
      return {
        messageId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        receiptHandle: `fixture-${concern}-${i + 1}`,
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(AT_MS), SenderId: ACCOUNT, ApproximateFirstReceiveTimestamp: String(AT_MS) },
        messageAttributes: {},
        md5OfBody: createHash('md5').update(body).digest('hex'),
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`,
        awsRegion: REGION,
      };
    }),
  };
}

function scheduledEvent(fn: string): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  const rule = `siyu-local-${fn}-rule-1`;
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${createHash('sha256').update(fn).digest('hex').slice(0, 12)}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: ACCOUNT,
    time: new Date(AT_MS).toISOString(),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/${rule}`],
    detail: {},
  };
}

/** The SNS notification CloudWatch sends to the alarm topic when an alarm changes state (the alarm forwarder's trigger). */
function alarmEvent(): SNSEvent {
  const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:siyu-local-alarms`;
  const alarm = {
    AlarmName: 'siyu-local-GreetingDlqDepthAlarm',
    AlarmDescription: 'Messages of the greeting concern reached its DLQ (see README, DLQ redrive runbook)',
    AWSAccountId: ACCOUNT,
    NewStateValue: 'ALARM',
    OldStateValue: 'OK',
    NewStateReason: 'Threshold Crossed: 1 datapoint [1.0] was greater than the threshold (0.0).',
    StateChangeTime: '2026-01-01T00:00:00.000+0000',
    Region: 'Asia Pacific (Hong Kong)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:siyu-local-GreetingDlqDepthAlarm`,
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topic}:00000000-0000-4000-8000-000000000001`,
        Sns: {
          Type: 'Notification',
          MessageId: '00000000-0000-4000-8000-000000000002',
          TopicArn: topic,
          Subject: 'ALARM: "siyu-local-GreetingDlqDepthAlarm" in Asia Pacific (Hong Kong)',
          Message: JSON.stringify(alarm),
          Timestamp: new Date(AT_MS).toISOString(),
          SignatureVersion: '1',
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.ap-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
          UnsubscribeUrl: `https://sns.ap-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topic}`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** Every fixture, in a fixed order (a fixed nonce, timestamp and random prefix make the encrypted bodies reproducible). */
export function buildFixtures(): Fixture[] {
  const keys = { corpId: CORP, token: DEMO_TENANT.token, aesKey: decodeAesKey(DEMO_TENANT.encodingAesKey), timestamp: String(AT_S), nonce: '1767225600' };
  const random = Buffer.alloc(16, 7);
  const callbackPath = `/wecom/${CORP}/callback`;
  const callbackRoute = '/wecom/{corpId}/callback';
  const echo = signedEcho({ ...keys, random, echo: '1767225600123456789' });
  const add = signedCallback({ ...keys, random, xml: wecomXml('add-external-contact.xml'), agentId: DEMO_TENANT.agentId });

  const schedules = ['channelReview', 'scheduleMoments', 'scheduleTransfers', 'scheduleSop', 'scheduleBroadcast', 'scheduleRollup', 'scheduleReconcile'];
  const consumer = (concern: Concern): string => {
    const fn = concernResourceName(concern);
    return fn.charAt(0).toLowerCase() + fn.slice(1);
  };
  return [
    { fn: 'health', name: 'get', event: get('/health', '/health') },
    {
      fn: 'adminApi',
      name: 'get-tenant',
      // The key of `npm start` without ADMIN_API_KEY (scripts/local/local-env.ts); replace it when you set your own.
      event: get(`/admin/v1/tenants/${CORP}`, '/admin/v1/{proxy+}', {
        pathParameters: { proxy: `tenants/${CORP}` },
        headers: { authorization: `Bearer ${DEV_ADMIN_API_KEY}` },
      }),
    },
    { fn: 'auth', name: 'get-me', event: get('/auth/me', '/auth/{proxy+}', { pathParameters: { proxy: 'me' } }) },
    { fn: 'docs', name: 'get', event: get('/docs', '/docs') },
    { fn: 'console', name: 'get', event: get('/console', '/console') },
    { fn: 'sidebarApi', name: 'get-config', event: get('/sidebar/v1/config', '/sidebar/v1/{proxy+}', { pathParameters: { proxy: 'config' } }) },
    {
      fn: 'wecomCallback',
      name: 'verify-url',
      event: httpEvent({ method: 'GET', path: callbackPath, routeKey: `GET ${callbackRoute}`, pathParameters: { corpId: CORP }, query: echo.query }),
    },
    {
      fn: 'wecomCallback',
      name: 'add-external-contact',
      event: httpEvent({
        method: 'POST',
        path: callbackPath,
        routeKey: `POST ${callbackRoute}`,
        pathParameters: { corpId: CORP },
        query: add.query,
        headers: { 'content-type': 'text/xml' },
        body: add.body,
      }),
    },
    { fn: consumer('relationship'), name: 'add-external-contact', event: sqsEvent('relationship', [callbackMessage('add-external-contact.xml')]) },
    { fn: consumer('auto-accept'), name: 'add-external-contact', event: sqsEvent('auto-accept', [callbackMessage('add-external-contact.xml')]) },
    { fn: consumer('greeting'), name: 'add-external-contact', event: sqsEvent('greeting', [callbackMessage('add-external-contact.xml')]) },
    { fn: consumer('keyword-reply'), name: 'kf-msg-or-event', event: sqsEvent('keyword-reply', [callbackMessage('kf-msg-or-event.xml')]) },
    { fn: consumer('audit'), name: 'del-follow-user', event: sqsEvent('audit', [callbackMessage('del-follow-user.xml')]) },
    { fn: consumer('group-routing'), name: 'external-chat-create', event: sqsEvent('group-routing', [callbackMessage('external-chat-create.xml')]) },
    {
      fn: consumer('archive'),
      name: 'text',
      event: sqsEvent('archive', [
        archiveQueueMessage(
          {
            corpId: CORP,
            seq: 1,
            message: {
              msgid: 'fixture-archive-text-1',
              action: 'send',
              from: 'zhangsan',
              tolist: ['wmDemoCustomer0001'],
              msgtime: AT_MS,
              msgtype: 'text',
              text: { content: '你好，请问有优惠吗？' },
            },
          },
          AT_MS,
        ),
      ]),
    },
    {
      fn: 'webhookDelivery',
      name: 'event',
      event: sqsEvent('webhook', [
        eventQueueMessage(
          {
            corpId: CORP,
            id: webhookEventId(AT_MS, 'fixture'),
            type: 'customer.added',
            occurredAt: AT_MS,
            data: { externalUserId: 'woAJ2GCAAAXtWyujaWJHDDGi0mAAAA', userId: 'zhangsan', halfAdd: false, state: 'teststate' },
          },
          AT_MS,
        ),
      ]),
    },
    ...schedules.map((fn) => ({ fn, name: 'scheduled', event: scheduledEvent(fn) })),
    { fn: 'alarmForwarder', name: 'alarm', event: alarmEvent() },
  ];
}

export function fixturePath(f: Pick<Fixture, 'fn' | 'name'>): string {
  return join(EVENTS_DIR, f.fn, `${f.name}.json`);
}

/** The file's text, formatted as `npm run format` would (the repository's prettier settings). */
export async function fixtureText(f: Fixture): Promise<string> {
  const path = fixturePath(f);
  const prettier = await import('prettier');
  return prettier.format(JSON.stringify(f.event), { ...(await prettier.resolveConfig(path)), filepath: path });
}

async function main(): Promise<void> {
  for (const f of buildFixtures()) {
    mkdirSync(join(EVENTS_DIR, f.fn), { recursive: true });
    writeFileSync(fixturePath(f), await fixtureText(f));
    console.log(`events/${f.fn}/${f.name}.json`);
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
