// The greeting consumer against the WeCom simulator (over HTTP) and DynamoDB Local.
import { systemClock } from '../../shared/clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeDocumentClient, makeDynamoClient } from '../../shared/aws/clients';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoChannelStore } from '../../shared/db/channel-repository';
import { DynamoFollowStore } from '../../shared/db/follow-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { stateOf, type ChannelRecord } from '../../shared/channels/channel';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { sendWelcome, type SendWelcomeDeps } from './send-welcome';
import { simulatorClient } from '../../test/support/wecom';

const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const tenants = new DynamoTenantStore(doc, process.env.TABLE_NAME!);
const channels = new DynamoChannelStore(doc, process.env.TABLE_NAME!);
const audit = new DynamoAuditLog(doc, process.env.TABLE_NAME!);
const follows = new DynamoFollowStore(doc, process.env.TABLE_NAME!);
const counted: string[] = [];
let sim: RunningSimulator;
let deps: SendWelcomeDeps;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, DEMO_TENANT.corpId, {
    name: 'demo',
    token: DEMO_TENANT.token,
    encodingAesKey: DEMO_TENANT.encodingAesKey,
    secret: DEMO_TENANT.secret,
    welcome: { text: '您好 {{name}}，欢迎！' },
  });
  deps = {
    audit,
    follows,
    count: (metric) => void counted.push(metric),
    tenants,
    channels,
    secrets,
    wecom: simulatorClient(sim.url),
    clock: systemClock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});
afterAll(async () => {
  await sim.stop();
  ddb.destroy();
  doc.destroy();
});

function addEvent(externalUserId: string, welcomeCode: string, state?: string) {
  return queueMessage({
    corpId: DEMO_TENANT.corpId,
    occurredAt: Math.floor(Date.now() / 1000),
    event: { UserID: 'zhangsan', ExternalUserID: externalUserId, WelcomeCode: welcomeCode, ...(state ? { State: state } : {}) },
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

  it('a refused or expired code fails visibly: a welcome_failed audit row and a WelcomeFailed metric, once', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const m = addEvent(ext, 'no-such-code');
    const before = counted.filter((c) => c === 'WelcomeFailed').length;
    expect(await sendWelcome(deps, m)).toBe('applied');
    expect(await sendWelcome(deps, m)).toBe('applied');
    const rows = (await audit.list(DEMO_TENANT.corpId, { from: m.occurredAt, to: m.occurredAt, type: 'welcome_failed', limit: 50 })).items;
    expect(rows.filter((r) => r.customer === ext)).toEqual([
      expect.objectContaining({ type: 'welcome_failed', staff: 'zhangsan', customer: ext, detail: expect.objectContaining({ errcode: 41050 }) }),
    ]);
    expect(counted.filter((c) => c === 'WelcomeFailed').length).toBe(before + 2);
    expect(welcomesTo(ext)).toHaveLength(0);
  });

  it('records a failure once the window has closed, even when WeCom could not be reached', async () => {
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const code = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext });
    const m = addEvent(ext, code);
    // The window closed before we could try: a network failure is now final rather than retried by SQS.
    const late = { ...deps, clock: { now: () => m.occurredAt * 1000 + 25_000 }, wecom: simulatorClient('http://127.0.0.1:9') };
    expect(await sendWelcome(late, m)).toBe('applied');
    const rows = (await audit.list(DEMO_TENANT.corpId, { from: m.occurredAt, to: m.occurredAt, type: 'welcome_failed', limit: 50 })).items;
    expect(rows.filter((r) => r.customer === ext).map((r) => r.detail)).toEqual([{ reason: 'the 20 s welcome window closed' }]);
  });

  it("uses the channel's welcome, then applies its tags and remark; a deleted channel falls back to the default", async () => {
    const id = `ch${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const channel: ChannelRecord = {
      corpId: DEMO_TENANT.corpId, id, state: stateOf(id), name: 'expo', staff: ['zhangsan'], backupStaff: [], skipVerify: true,
      autoAccept: { mode: 'always', windows: [] }, dailyCapPerStaff: 0, tags: ['etsiyudemotag0001'], remark: '展会客户',
      welcome: { text: '{{name}}，感谢在展会上扫码！' }, configId: 'cfg', qrCode: '', status: 'active', createdAt: '', updatedAt: '',
    };
    await channels.put(channel);
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    sim.state.addCustomers(DEMO_TENANT.corpId, [{ externalUserId: ext, name: '周先生', follows: [{ userId: 'zhangsan' }] }]);
    const code = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext });
    const since = Date.now();
    expect(await sendWelcome(deps, addEvent(ext, code, channel.state))).toBe('applied');
    expect(welcomesTo(ext).map((w) => w.text)).toEqual([{ content: '周先生，感谢在展会上扫码！' }]);
    const calls = sim.state.calls({ corpId: DEMO_TENANT.corpId, since }).map((c) => c.path);
    const order = ['/cgi-bin/externalcontact/send_welcome_msg', '/cgi-bin/externalcontact/mark_tag', '/cgi-bin/externalcontact/remark'];
    expect(calls.filter((p) => order.includes(p))).toEqual(order);
    const tagged = sim.state.calls({ corpId: DEMO_TENANT.corpId, path: '/cgi-bin/externalcontact/mark_tag', since }).at(-1);
    expect(tagged?.body).toMatchObject({ userid: 'zhangsan', external_userid: ext, add_tag: ['etsiyudemotag0001'] });
    // Recorded on the follow too (WeCom sends no callback for API tagging); the follow appears with its add.
    await follows.apply({ corpId: DEMO_TENANT.corpId, externalUserId: ext, userId: 'zhangsan', status: 'active', changedAt: 1, rank: 2, eventKey: 'e', added: { at: 1, state: channel.state } });
    expect((await follows.followsOfCustomer(DEMO_TENANT.corpId, ext))[0]).toMatchObject({ tags: ['etsiyudemotag0001'] });

    await channels.put({ ...channel, status: 'deleted' });
    const ext2 = `wm${randomUUID().replace(/-/g, '')}`;
    const code2 = sim.state.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: ext2 });
    expect(await sendWelcome(deps, addEvent(ext2, code2, channel.state))).toBe('applied');
    expect(welcomesTo(ext2).map((w) => (w.text as { content: string }).content)).toEqual([expect.stringContaining('欢迎！')]);
  });

  it('ignores events without a welcome code and tenants without a welcome', async () => {
    expect(await sendWelcome(deps, queueMessage({ corpId: DEMO_TENANT.corpId, event: { UserID: 'u', ExternalUserID: 'e' } }))).toBe('ignored');
    expect(await sendWelcome(deps, queueMessage({ corpId: 'wwnotenant', event: { UserID: 'u', ExternalUserID: 'e', WelcomeCode: 'x' } }))).toBe('ignored');
  });
});
