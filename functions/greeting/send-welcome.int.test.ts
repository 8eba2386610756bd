// The greeting consumer against the WeCom simulator (over HTTP) and DynamoDB Local: what only the real
// parts show (the consumer's idempotency on a redelivered event, concurrent sends through one token).
// The use case's decisions (41051, 41096, refused codes, the window, channel welcomes) are unit tests.
import { randomUUID } from 'node:crypto';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { sendWelcome, type SendWelcomeDeps } from './send-welcome';

const world = integrationWorld({ simulator: true });
let sim: typeof world.sim;
let deps: SendWelcomeDeps;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  await world.demoTenant({ name: 'demo', welcome: { text: '您好 {{name}}，欢迎！' } });
  const { auditLog, follows, tenants, channels, materials } = world.stores;
  deps = {
    audit: auditLog,
    materials,
    blobs: world.blobs,
    follows,
    count: () => undefined,
    tenants,
    channels,
    secrets: world.secrets,
    wecom: world.wecom,
    clock: world.clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});
afterAll(() => world.close());

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
      persistenceStore: world.idempotency(),
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
});
