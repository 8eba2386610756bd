// 微信客服 keyword replies against DynamoDB Local and the WeCom simulator over HTTP: what only the real
// parts show, concurrent callbacks of one account serialised by the lease. Matching, cursors, greetings,
// group invitations and the rule cache are unit tests (reply-kf.test.ts).
import { randomUUID } from 'node:crypto';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { integrationWorld } from '../../test/support/integration-world';
import { queueMessage } from '../../test/support/queue-messages';
import { DEMO_KF_ACCOUNT } from '../../simulator/demo-tenant';
import { replyKf, type ReplyKfDeps } from './reply-kf';

const world = integrationWorld({ simulator: true });
const ruleStore = world.stores.keywordRules;
let sim: typeof world.sim;
let corpId: string;
let deps: ReplyKfDeps;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  corpId = await world.demoTenant({ name: 'demo', welcome: { text: '您好，欢迎咨询！' } });
  deps = {
    ...world.stores,
    secrets: world.secrets,
    wecom: world.wecom,
    rules: new RuleSetCache(ruleStore, () => undefined),
    clock: world.clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  const at = new Date().toISOString();
  const rule = (id: string, keywords: string[], text: string): KeywordRuleRecord => ({
    corpId,
    id,
    keywords,
    match: 'contains',
    reply: { text },
    actions: {},
    scope: 'kf',
    enabled: true,
    status: 'active',
    createdAt: at,
    updatedAt: at,
  });
  await ruleStore.put(rule('kwprice', ['价格', '多少钱'], '价格表请看：https://example.com/price'));
  await ruleStore.put({ ...rule('kwarchive', ['退款'], 'only for archived chats'), scope: 'archive' });
  await ruleStore.put({ ...rule('kwoff', ['价格'], 'disabled rule'), enabled: false });
});
afterAll(() => world.close());

const ext = () => `wm${randomUUID().replace(/-/g, '')}`;
const repliesTo = (externalUserId: string) => sim.state.sent(corpId).kfMessages.filter((k) => k.externalUserId === externalUserId);
function customerWrites(messages: Array<Record<string, unknown>>) {
  const { token } = sim.state.enqueueKfMessages(corpId, DEMO_KF_ACCOUNT, messages);
  return queueMessage({ corpId, type: 'kf_msg_or_event', occurredAt: Math.floor(Date.now() / 1000), event: { Token: token, OpenKfId: DEMO_KF_ACCOUNT } });
}

describe('keyword replies in 微信客服', () => {
  it('serialises concurrent callbacks of one account: each new message is answered once', async () => {
    const askers = [ext(), ext(), ext()];
    const events = askers.map((a) => customerWrites([{ msgtype: 'text', external_userid: a, text: { content: '价格多少' } }]));
    await Promise.all(events.map((e) => replyKf(deps, e)));
    for (const a of askers) expect(repliesTo(a)).toHaveLength(1);
  });
});
