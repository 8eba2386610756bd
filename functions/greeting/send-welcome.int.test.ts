// The greeting consumer against the WeCom simulator (over HTTP) and DynamoDB Local.
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeDocumentClient, makeDynamoClient } from '../../shared/aws/clients';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { lambdaContext } from '../../shared/testing/lambda-context';
import { queueMessage, sqsEvent } from '../../shared/testing/queue-messages';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { createWecomClient } from '../../shared/wecom/client';
import { MemoryRateBudgetStore, MemoryTokenStore } from '../../shared/wecom/memory-stores';
import { createRateBudget } from '../../shared/wecom/rate-budget';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { sendWelcome, type SendWelcomeDeps } from './send-welcome';

const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const tenants = new DynamoTenantStore(doc, process.env.TABLE_NAME!);
let sim: RunningSimulator;
let deps: SendWelcomeDeps;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  await upsertTenant({ tenants, secrets, now: () => new Date() }, DEMO_TENANT.corpId, {
    name: 'demo',
    token: DEMO_TENANT.token,
    encodingAesKey: DEMO_TENANT.encodingAesKey,
    secret: DEMO_TENANT.secret,
    welcome: { text: '您好 {{name}}，欢迎！' },
  });
  deps = {
    tenants,
    secrets,
    wecom: createWecomClient({ baseUrl: sim.url, tokens: new MemoryTokenStore(), budget: createRateBudget({ store: new MemoryRateBudgetStore() }) }),
    nowMs: Date.now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});
afterAll(async () => {
  await sim.stop();
  ddb.destroy();
  doc.destroy();
});

function addEvent(externalUserId: string, welcomeCode: string) {
  return queueMessage({
    corpId: DEMO_TENANT.corpId,
    occurredAt: Math.floor(Date.now() / 1000),
    event: { UserID: 'zhangsan', ExternalUserID: externalUserId, WelcomeCode: welcomeCode },
  });
}
const welcomesTo = (ext: string) => sim.state.sent(DEMO_TENANT.corpId).welcomes.filter((w) => w.externalUserId === ext);

describe('greeting', () => {
  it('sends one personalised welcome per new customer, also when the event is delivered three times', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    sim.state.addCustomers(DEMO_TENANT.corpId, [{ externalUserId: ext, name: '陈小姐', follows: [{ userId: 'zhangsan' }] }]);
    const code = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext });
    const consume = makeSqsConsumer({
      concern: 'greeting',
      handle: (m) => sendWelcome(deps, m),
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME!, awsSdkV3Client: ddb }),
    });
    const m = addEvent(ext, code);
    for (let i = 0; i < 3; i++) expect((await consume(sqsEvent([m]), lambdaContext())).batchItemFailures).toEqual([]);
    expect(welcomesTo(ext).map((w) => w.text)).toEqual([{ content: '您好 陈小姐，欢迎！' }]);
  });

  it('a burst of customers in the same second each get theirs', async () => {
    const exts = Array.from({ length: 8 }, () => `wm${randomUUID().replace(/-/g, '')}`);
    const events = exts.map((ext) => addEvent(ext, sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'lisi', externalUserId: ext })));
    expect(await Promise.all(events.map((e) => sendWelcome(deps, e)))).toEqual(exts.map(() => 'applied'));
    for (const ext of exts) expect(welcomesTo(ext)).toHaveLength(1);
  });

  it('treats 41051 (already delivered) as done, and retries 41096 inside the window', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const code = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext });
    expect(await sendWelcome(deps, addEvent(ext, code))).toBe('applied');
    expect(await sendWelcome(deps, addEvent(ext, code))).toBe('stale');

    const ext2 = `wm${randomUUID().replace(/-/g, '')}`;
    const code2 = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext2 });
    sim.state.addFaults([{ path: '/cgi-bin/externalcontact/send_welcome_msg', errcode: 41096, times: 1 }]);
    const slept: number[] = [];
    expect(await sendWelcome({ ...deps, sleep: async (ms) => void slept.push(ms) }, addEvent(ext2, code2))).toBe('applied');
    expect(slept).toEqual([1000]);
    expect(welcomesTo(ext2)).toHaveLength(1);
  });

  it('an expired code fails visibly (the record is retried, then dead-lettered), never silently', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    await expect(sendWelcome(deps, addEvent(ext, 'no-such-code'))).rejects.toMatchObject({ errcode: 41050 });
  });

  it('ignores events without a welcome code and tenants without a welcome', async () => {
    expect(await sendWelcome(deps, queueMessage({ corpId: DEMO_TENANT.corpId, event: { UserID: 'u', ExternalUserID: 'e' } }))).toBe('ignored');
    expect(await sendWelcome(deps, queueMessage({ corpId: 'wwnotenant', event: { UserID: 'u', ExternalUserID: 'e', WelcomeCode: 'x' } }))).toBe('ignored');
  });
});
