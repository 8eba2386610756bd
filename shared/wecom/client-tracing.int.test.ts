// The WeCom client's calls in X-Ray (docs/architecture.md#observability): with tracing on (as in Lambda), each HTTP
// call to WeCom is a remote subsegment of the invocation, named by host, and the URL it records has no query, so the
// access_token and corpsecret never reach X-Ray. Against the simulator over HTTP; segments are read, never sent.
import { randomUUID } from 'node:crypto';
import { integrationWorld } from '../../test/support/integration-world';
import { DynamoRateBudgetStore } from '../db/rate-budget-repository';
import { DynamoTokenStore } from '../db/token-repository';

const world = integrationWorld({ simulator: true });
const saved = { exec: process.env.AWS_EXECUTION_ENV, missing: process.env.AWS_XRAY_CONTEXT_MISSING };

beforeAll(() => world.start());
afterAll(async () => {
  for (const [k, v] of [
    ['AWS_EXECUTION_ENV', saved.exec],
    ['AWS_XRAY_CONTEXT_MISSING', saved.missing],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await world.close();
});

interface HttpSubsegment {
  name: string;
  namespace?: string;
  http?: { request?: { url?: string; method?: string }; response?: { status?: number } };
}

describe('WeCom client tracing', () => {
  it('records each WeCom call as a remote subsegment without the query string', async () => {
    const corp = { corpId: `wwtrc${randomUUID().replaceAll('-', '').slice(0, 12)}`, secret: `s-${randomUUID()}` };
    world.sim.state.registerCorp({ ...corp, agentId: '1000002', staff: [{ userId: 'zhangsan', name: '张三' }] });
    // Given the modules loaded as in Lambda (the tracer reads its environment when it is made)
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
    process.env.AWS_XRAY_CONTEXT_MISSING = 'IGNORE_ERROR';
    let mods!: {
      obs: typeof import('../observability');
      xray: typeof import('aws-xray-sdk-core');
      client: typeof import('./client');
      budget: typeof import('./rate-budget');
    };
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports -- a fresh module registry needs require */
      mods = { obs: require('../observability'), xray: require('aws-xray-sdk-core'), client: require('./client'), budget: require('./rate-budget') };
      /* eslint-enable @typescript-eslint/no-require-imports */
    });
    const { xray } = mods;
    expect(mods.obs.tracer.isTracingEnabled()).toBe(true);
    const client = mods.client.createWecomClient({
      baseUrl: world.sim.url,
      tokens: new DynamoTokenStore(world.doc, world.table, world.secrets),
      budget: mods.budget.createRateBudget({ store: new DynamoRateBudgetStore(world.doc, world.table), perMinute: 9000 }),
    });
    // When the client calls WeCom inside an invocation's segment
    const segment = new xray.Segment('siyu-test');
    await xray.getNamespace().runPromise(async () => {
      xray.setSegment(segment);
      await client.forTenant(corp).call('externalcontact/get_follow_user_list', {});
    });
    const subsegments = (segment.subsegments ?? []) as unknown as HttpSubsegment[];
    // Then gettoken and the call itself are remote subsegments with their status
    const host = new URL(world.sim.url).hostname;
    // (the other remote subsegments on 127.0.0.1 are the token and budget stores' calls to DynamoDB Local, at `/`)
    const wecom = subsegments.filter((s) => (s.http?.request?.url ?? '').includes('/cgi-bin/'));
    const paths = wecom.map((s) => new URL(s.http?.request?.url ?? '').pathname);
    expect(paths).toEqual(['/cgi-bin/gettoken', '/cgi-bin/externalcontact/get_follow_user_list']);
    for (const s of wecom) expect(s).toMatchObject({ name: host, namespace: 'remote', http: { response: { status: 200 } } });
    // And no secret: no query string at all, so neither corpsecret nor access_token
    const recorded = JSON.stringify(subsegments);
    expect(recorded).not.toContain('?');
    expect(recorded).not.toContain(corp.secret);
    expect(recorded).not.toContain('access_token');
  });
});
