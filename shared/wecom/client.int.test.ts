// The WeCom client against the simulator over HTTP, with tokens and budgets on DynamoDB Local.
import { systemClock, type Clock } from '../clock';
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { integrationWorld } from '../../test/support/integration-world';
import { keys } from '../db/keys';
import { DynamoRateBudgetStore } from '../db/rate-budget-repository';
import { DynamoTokenStore } from '../db/token-repository';
import { RateLimitedError } from '../errors';
import { createWecomClient } from './client';
import { createRateBudget } from './rate-budget';
import { secretIdOf } from './token-provider';
import { WecomApiError } from './wecom-error';

const world = integrationWorld({ simulator: true });
const { doc, table, secrets } = world;
let sim: typeof world.sim;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
});
afterAll(() => world.close());

/** A fresh corp per test: its own token item and budget windows in the shared table. */
function newCorp() {
  const corp = { corpId: `wwcli${randomUUID().replaceAll('-', '').slice(0, 12)}`, secret: `s-${randomUUID()}` };
  sim.state.registerCorp({ ...corp, agentId: '1000002', staff: [{ userId: 'zhangsan', name: '张三' }] });
  return corp;
}

/** One "container": its own client, token cache and lock owner; the store and budget are shared. */
function container(perMinute = 9000, budgetClock: Clock = systemClock) {
  const sleeps: number[] = [];
  const client = createWecomClient({
    baseUrl: sim.url,
    tokens: new DynamoTokenStore(doc, table, secrets),
    budget: createRateBudget({ store: new DynamoRateBudgetStore(doc, table), perMinute, clock: budgetClock }),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { client, sleeps };
}

const gettokens = (corpId: string) => sim.state.calls({ path: 'gettoken', corpId });

describe('WeCom client ↔ simulator ↔ DynamoDB', () => {
  it('stores the token encrypted in DynamoDB', async () => {
    // Given a call through the client
    const corp = newCorp();
    await container().client.forTenant(corp).call('externalcontact/get_follow_user_list', {});
    // When we read the token item and ask the simulator for the current token
    const item = (await doc.send(new GetCommand({ TableName: table, Key: keys.accessToken(corp.corpId, secretIdOf(corp.secret)) }))).Item;
    const res = await fetch(`${sim.url}/cgi-bin/gettoken?corpid=${corp.corpId}&corpsecret=${encodeURIComponent(corp.secret)}`);
    const { access_token } = (await res.json()) as { access_token: string };
    // Then the item holds it only encrypted
    expect(item).toMatchObject({ entity: 'accessToken', tenantId: corp.corpId, tokenCipher: expect.stringMatching(/^l1:/) });
    expect(JSON.stringify(item)).not.toContain(access_token);
    expect(JSON.stringify(item)).not.toContain(corp.secret);
    expect(await secrets.decrypt(String(item?.tokenCipher), { tenantId: corp.corpId })).toBe(access_token);
  });

  it('a second container reuses the stored token without calling gettoken', async () => {
    const corp = newCorp();
    await container().client.forTenant(corp).call('externalcontact/get_follow_user_list', {});
    await container().client.forTenant(corp).call('externalcontact/get_follow_user_list', {});
    expect(gettokens(corp.corpId)).toHaveLength(1);
    expect(sim.state.calls({ path: 'externalcontact/get_follow_user_list', corpId: corp.corpId })).toHaveLength(2);
  });

  it('20 parallel calls in two containers fetch one token', async () => {
    const corp = newCorp();
    const [a, b] = [container().client.forTenant(corp), container().client.forTenant(corp)];
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).call('externalcontact/get_follow_user_list', {})));
    expect(gettokens(corp.corpId)).toHaveLength(1);
  });

  it('an expired token (42001) is refreshed transparently', async () => {
    // Given a cached token that WeCom has since expired
    const corp = newCorp();
    const api = container().client.forTenant(corp);
    await api.call('externalcontact/get_follow_user_list', {});
    sim.state.expireTokens({ corpId: corp.corpId });
    // When the next call is made
    const out = await api.call('externalcontact/get_follow_user_list', {});
    // Then it succeeded after one 42001 and one new gettoken
    expect(out.follow_user).toEqual(['zhangsan']);
    expect(sim.state.calls({ path: 'externalcontact/get_follow_user_list', corpId: corp.corpId }).map((c) => c.errcode)).toEqual([0, 42001, 0]);
    expect(gettokens(corp.corpId)).toHaveLength(2);
  });

  it('an injected 45009 is retried after a backoff and succeeds', async () => {
    const corp = newCorp();
    sim.state.addFaults([{ path: 'externalcontact/get_follow_user_list', errcode: 45009, times: 1, corpId: corp.corpId }]);
    const { client, sleeps } = container();
    await client.forTenant(corp).call('externalcontact/get_follow_user_list', {});
    expect(sim.state.calls({ path: 'externalcontact/get_follow_user_list', corpId: corp.corpId }).map((c) => c.errcode)).toEqual([45009, 0]);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(500);
  });

  it('budget exhaustion throws RateLimitedError without calling the simulator', async () => {
    const corp = newCorp();
    // (one fixed minute window, so that a minute boundary during the test cannot reset it)
    const minute = { now: () => 1_800_000_000_000 };
    const api = container(2, minute).client.forTenant(corp);
    await api.call('department/list', {});
    await api.call('department/list', {});
    await expect(api.call('department/list', {})).rejects.toBeInstanceOf(RateLimitedError);
    // another container shares the budget
    await expect(container(2, minute).client.forTenant(corp).call('department/list', {})).rejects.toBeInstanceOf(RateLimitedError);
    expect(sim.state.calls({ path: 'department/list', corpId: corp.corpId })).toHaveLength(2);
  });

  it('sends a welcome message once; the second attempt is a non-retryable 41051', async () => {
    const corp = newCorp();
    const api = container().client.forTenant(corp);
    const welcome_code = sim.state.issueWelcomeCode({ corpId: corp.corpId, userId: 'zhangsan', externalUserId: 'wmwelcome' });
    await api.call('externalcontact/send_welcome_msg', { welcome_code, text: { content: '您好，欢迎！' } });
    const e = await api.call('externalcontact/send_welcome_msg', { welcome_code, text: { content: '您好，欢迎！' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WecomApiError);
    expect(e).toMatchObject({ errcode: 41051, retryable: false });
    expect(sim.state.sent(corp.corpId).welcomes).toHaveLength(1);
  });

  it('creates and reads a contact way with a channel state', async () => {
    const corp = newCorp();
    const api = container().client.forTenant(corp);
    const { config_id, qr_code } = await api.call('externalcontact/add_contact_way', { type: 1, scene: 2, user: ['zhangsan'], state: 'expo2025' });
    expect(qr_code).toMatch(/^https:\/\//);
    const { contact_way } = await api.call('externalcontact/get_contact_way', { config_id });
    expect(contact_way).toMatchObject({ config_id, state: 'expo2025', user: ['zhangsan'] });
  });
});
