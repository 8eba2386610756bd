// JS-SDK signatures against DynamoDB Local and the simulator over HTTP: 100 concurrent sidebar loads in four
// "containers" fetch each ticket once; a ticket near expiry is refreshed exactly once; an untrusted URL
// fetches nothing. The world's manual clock drives our caches and the simulator alike.
import { DynamoRateBudgetStore } from '../../shared/db/rate-budget-repository';
import { DynamoTokenStore } from '../../shared/db/token-repository';
import { ValidationError } from '../../shared/errors';
import { createWecomClient } from '../../shared/wecom/client';
import { createJsapiTickets, ticketStoreId } from '../../shared/wecom/jsapi-tickets';
import { jssdkSignature } from '../../shared/wecom/jssdk-signature';
import { createRateBudget } from '../../shared/wecom/rate-budget';
import { trustedDomainOf } from '../../shared/wecom/trusted-domain';
import { integrationWorld } from '../../test/support/integration-world';
import { jssdkConfig, type JssdkDeps } from './jssdk';

const world = integrationWorld({ simulator: true, clockAt: Date.UTC(2026, 0, 5, 2, 0, 0) });
beforeAll(() => world.start());
afterAll(() => world.close());

const PAGE = 'https://scrm.example.com/sidebar/?from=chat#/customer';
const AGENT = '1000002';

/** One Lambda container: its own WeCom client and ticket caches; DynamoDB (tokens, budgets) is shared. */
function container(): JssdkDeps {
  const { doc, table, secrets, clock, sim, stores } = world;
  const tokens = new DynamoTokenStore(doc, table, secrets, clock);
  const wecom = createWecomClient({ baseUrl: sim.url, tokens, clock, budget: createRateBudget({ store: new DynamoRateBudgetStore(doc, table), clock }) });
  return {
    tenants: stores.tenants,
    secrets,
    clock,
    tickets: createJsapiTickets({ wecom, store: tokens, clock, sleep: () => new Promise((r) => setTimeout(r, 5)) }),
    trustedDomain: trustedDomainOf('https://scrm.example.com'),
  };
}

const tenant = () => world.newTenant('jssdk', { corp: { agentId: AGENT }, settings: { agentId: AGENT } });
const ticketCalls = (corpId: string) => ({
  corp: world.sim.state.calls({ path: '/cgi-bin/get_jsapi_ticket', corpId }).length,
  agent: world.sim.state.calls({ path: '/cgi-bin/ticket/get', corpId }).length,
});
async function loads(corpId: string, n: number) {
  const containers = [container(), container(), container(), container()];
  return Promise.all(Array.from({ length: n }, (_, i) => jssdkConfig(containers[i % 4]!, { corpId }, PAGE)));
}

describe('GET /sidebar/v1/jssdk on DynamoDB Local and the simulator', () => {
  it('100 concurrent loads in four containers fetch each ticket exactly once, and sign with it', async () => {
    const corpId = await tenant();
    const answers = await loads(corpId, 100);
    expect(ticketCalls(corpId)).toEqual({ corp: 1, agent: 1 });
    // The signatures are over the tickets now cached (encrypted) in DynamoDB.
    const store = new DynamoTokenStore(world.doc, world.table, world.secrets, world.clock);
    const corpTicket = (await store.get(corpId, ticketStoreId('corp', '')))!.token;
    const first = answers[0]!;
    expect(first).toMatchObject({ corpId, agentId: AGENT });
    expect(first.config.signature).toBe(jssdkSignature(corpTicket, first.config.nonceStr, first.config.timestamp, PAGE));
    expect(first.agentConfig.signature).not.toBe(jssdkSignature(corpTicket, first.agentConfig.nonceStr, first.agentConfig.timestamp, PAGE));
    expect(new Set(answers.map((a) => a.config.nonceStr)).size).toBe(100);
  }, 30_000);

  it('near expiry, exactly one refresh of each ticket; after expiry, exactly one more', async () => {
    const corpId = await tenant();
    await loads(corpId, 20);
    // 7200 s tickets, refreshed from 5 minutes before expiry
    world.clock.advance((7200 - 240) * 1000);
    await loads(corpId, 100);
    expect(ticketCalls(corpId)).toEqual({ corp: 2, agent: 2 });
    // WeCom answered the same tickets with 4 minutes left: no one asks again while they live
    for (let i = 0; i < 3; i++) {
      world.clock.advance(60 * 1000);
      await loads(corpId, 20);
    }
    expect(ticketCalls(corpId)).toEqual({ corp: 2, agent: 2 });
    // The simulator still holds the same tickets until they expire; past that, new ones
    world.clock.advance(60 * 1000);
    await loads(corpId, 100);
    expect(ticketCalls(corpId)).toEqual({ corp: 3, agent: 3 });
  }, 30_000);

  it('an untrusted URL is refused with 400 before any ticket is fetched', async () => {
    const corpId = await tenant();
    const deps = container();
    for (const url of ['https://evil.example.org/sidebar/', 'https://scrm.example.com.evil.org/', 'javascript:alert(1)', 'not a url']) {
      await expect(jssdkConfig(deps, { corpId }, url)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(ticketCalls(corpId)).toEqual({ corp: 0, agent: 0 });
  });
});
