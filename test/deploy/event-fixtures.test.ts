// The Lambda event fixtures in events/ (scripts/event-fixtures.ts): every function of serverless.yml has at
// least one, in events/<function>/; each one has the shape of its function's trigger (API Gateway HTTP API 2.0
// for a route it serves, SQS records whose bodies its queue carries, EventBridge scheduled events); the
// committed files are what the generator writes; the callback fixtures pass the demo tenant's signature check.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { readYaml } from '../../scripts/local/infra';
import { EVENTS_DIR, buildFixtures, fixturePath } from '../../scripts/event-fixtures';
import { CONCERNS, carries, concernResourceName } from '../../shared/domain/fanout';
import { readQueueMessage } from '../../shared/events/read-queue-message';
import { readWebhookMessage } from '../../shared/webhooks/webhook-message';
import { decodeAesKey, decryptFor, verifySignature } from '../../shared/wecom/crypto';
import { parseEnvelope } from '../../shared/wecom/xml';
import { DEMO_TENANT } from '../../simulator/demo-tenant';

interface FnDef {
  events?: Array<{ httpApi?: { method: string; path: string }; sqs?: { arn: { 'Fn::GetAtt'?: string } }; sns?: unknown; schedule?: unknown }>;
}
const functions = (readYaml('serverless.yml') as { functions: Record<string, FnDef> }).functions;
/** Folders of events/ that are not functions: WeCom's callback XML bodies (the fixtures encrypt them). */
const NOT_FUNCTIONS = ['wecom'];

const httpEventSchema = z.object({
  version: z.literal('2.0'),
  routeKey: z.string(),
  rawPath: z.string().startsWith('/'),
  rawQueryString: z.string(),
  headers: z.record(z.string(), z.string()),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({
    accountId: z.string(),
    apiId: z.string(),
    domainName: z.string(),
    http: z.object({ method: z.string(), path: z.string(), protocol: z.string(), sourceIp: z.string(), userAgent: z.string() }),
    requestId: z.string().min(1),
    routeKey: z.string(),
    stage: z.string(),
    timeEpoch: z.number().int().positive(),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
});
const sqsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        messageId: z.string().min(1),
        receiptHandle: z.string().min(1),
        body: z.string(),
        attributes: z.object({
          ApproximateReceiveCount: z.string(),
          SentTimestamp: z.string(),
          SenderId: z.string(),
          ApproximateFirstReceiveTimestamp: z.string(),
        }),
        messageAttributes: z.record(z.string(), z.unknown()),
        md5OfBody: z.string().regex(/^[0-9a-f]{32}$/),
        eventSource: z.literal('aws:sqs'),
        eventSourceARN: z.string().regex(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/),
        awsRegion: z.string(),
      }),
    )
    .min(1),
});
const scheduledEventSchema = z.object({
  version: z.literal('0'),
  id: z.string().min(1),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  account: z.string().regex(/^\d{12}$/),
  time: z.iso.datetime(),
  region: z.string(),
  resources: z.array(z.string().startsWith('arn:aws:events:')).min(1),
  detail: z.object({}).strict(),
});

const snsEventSchema = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({ Type: z.literal('Notification'), TopicArn: z.string().regex(/^arn:aws:sns:[a-z0-9-]+:\d{12}:[\w-]+$/), Message: z.string().min(1) }),
      }),
    )
    .min(1),
});

const fixtureFiles = (fn: string) => (existsSync(join(EVENTS_DIR, fn)) ? readdirSync(join(EVENTS_DIR, fn)).filter((f) => f.endsWith('.json')) : []);
const load = (fn: string, file: string): unknown => JSON.parse(readFileSync(join(EVENTS_DIR, fn, file), 'utf8'));

/** The concern whose queue a function consumes (serverless.yml: `arn: !GetAtt <Name>Queue.Arn`). */
function concernOf(def: FnDef) {
  const name = /^(\w+)Queue\.Arn$/.exec(def.events?.find((e) => e.sqs)?.sqs?.arn['Fn::GetAtt'] ?? '')?.[1];
  return CONCERNS.find((c) => concernResourceName(c) === name);
}

/** Whether an HTTP API route of the function (`METHOD /path/{param}/{proxy+}`) serves this method and path. */
function serves(def: FnDef, method: string, path: string): boolean {
  return (def.events ?? []).some(({ httpApi }) => {
    if (!httpApi) return false;
    const pattern = httpApi.path.replace(/\{[^}]+\+\}/g, '.+').replace(/\{[^}]+\}/g, '[^/]+');
    return (httpApi.method === '*' || httpApi.method === method) && new RegExp(`^${pattern}$`).test(path);
  });
}

describe('event fixtures (events/)', () => {
  it('has at least one fixture for every function in serverless.yml, and no folder for a function that does not exist', () => {
    const missing = Object.keys(functions).filter((fn) => fixtureFiles(fn).length === 0);
    expect(missing).toEqual([]);
    const folders = readdirSync(EVENTS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory());
    const strays = folders.map((d) => d.name).filter((name) => !Object.hasOwn(functions, name) && !NOT_FUNCTIONS.includes(name));
    expect(strays).toEqual([]);
  });

  it('are the files `npm run events` writes (scripts/event-fixtures.ts)', () => {
    for (const f of buildFixtures())
      expect({ file: fixturePath(f), event: JSON.parse(readFileSync(fixturePath(f), 'utf8')) as unknown }).toEqual({ file: fixturePath(f), event: f.event });
    const generated = new Set(buildFixtures().map(fixturePath));
    const committed = Object.keys(functions).flatMap((fn) => fixtureFiles(fn).map((file) => join(EVENTS_DIR, fn, file)));
    expect(committed.filter((p) => !generated.has(p))).toEqual([]);
  });

  for (const [fn, def] of Object.entries(functions)) {
    const kind = def.events?.[0]?.httpApi ? 'http' : def.events?.[0]?.sqs ? 'sqs' : def.events?.[0]?.sns ? 'sns' : 'schedule';
    it(`${fn}: each fixture is the ${kind} event its trigger sends`, () => {
      for (const file of fixtureFiles(fn)) {
        const raw = load(fn, file);
        if (kind === 'http') {
          const e = httpEventSchema.parse(raw);
          expect(e.requestContext.http.path).toBe(e.rawPath);
          expect(e.routeKey).toBe(e.requestContext.routeKey);
          expect(serves(def, e.requestContext.http.method, e.rawPath)).toBe(true);
        } else if (kind === 'sqs') {
          const concern = concernOf(def);
          expect(concern).toBeDefined();
          for (const r of sqsEventSchema.parse(raw).Records) {
            expect(r.eventSourceARN.endsWith(`:siyu-local-${concern}`)).toBe(true);
            if (concern === 'webhook') {
              expect(() => readWebhookMessage(r.body)).not.toThrow();
            } else {
              const message = readQueueMessage(JSON.parse(r.body));
              expect(carries(concern!, message.type)).toBe(true);
            }
          }
        } else if (kind === 'sns') {
          // The alarm topic's notifications: each message is a CloudWatch alarm state change.
          for (const r of snsEventSchema.parse(raw).Records)
            expect(JSON.parse(r.Sns.Message)).toMatchObject({ AlarmName: expect.any(String), NewStateValue: expect.any(String) });
        } else {
          expect(def.events?.some((e) => e.schedule)).toBe(true);
          scheduledEventSchema.parse(raw);
        }
      }
    });
  }

  it('signs and encrypts the WeCom callback fixtures for the demo tenant of `npm start`', () => {
    const aesKey = decodeAesKey(DEMO_TENANT.encodingAesKey);
    const verify = httpEventSchema.parse(load('wecomCallback', 'verify-url.json'));
    const q = verify.queryStringParameters!;
    expect(verifySignature(DEMO_TENANT.token, q.timestamp!, q.nonce!, q.echostr!, q.msg_signature!)).toBe(true);
    expect(decryptFor(aesKey, q.echostr!, DEMO_TENANT.corpId)).toMatch(/^\d+$/);
    expect(new URLSearchParams(verify.rawQueryString).get('echostr')).toBe(q.echostr);

    const post = httpEventSchema.parse(load('wecomCallback', 'add-external-contact.json'));
    const p = post.queryStringParameters!;
    const envelope = parseEnvelope(post.body!);
    expect(verifySignature(DEMO_TENANT.token, p.timestamp!, p.nonce!, envelope.encrypt, p.msg_signature!)).toBe(true);
    const xml = decryptFor(aesKey, envelope.encrypt, DEMO_TENANT.corpId);
    expect(xml).toContain('<ChangeType><![CDATA[add_external_contact]]></ChangeType>');
    expect(xml).toContain(`<ToUserName><![CDATA[${DEMO_TENANT.corpId}]]></ToUserName>`);
  });
});
