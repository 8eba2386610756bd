// 微信客服 keyword replies against DynamoDB Local and the WeCom simulator over HTTP.
import { systemClock } from '../../shared/clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { makeDocumentClient } from '../../shared/aws/clients';
import { DynamoGroupCodeStore } from '../../shared/db/group-code-repository';
import type { GroupCodeRecord } from '../../shared/groups/group-code';
import { DynamoKeywordRuleStore } from '../../shared/db/keyword-rule-repository';
import { DynamoKfStore } from '../../shared/db/kf-repository';
import { DynamoLeaseStore } from '../../shared/db/lease-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { queueMessage } from '../../test/support/queue-messages';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { DEMO_KF_ACCOUNT, DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { replyKf, type ReplyKfDeps } from './reply-kf';
import { simulatorClient } from '../../test/support/wecom';

const corpId = DEMO_TENANT.corpId;
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const table = process.env.TABLE_NAME!;
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const ruleStore = new DynamoKeywordRuleStore(doc, table);
const groupCodes = new DynamoGroupCodeStore(doc, table);
let sim: RunningSimulator;
let deps: ReplyKfDeps;
let rules: RuleSetCache;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const tenants = new DynamoTenantStore(doc, table);
  await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, corpId, {
    name: 'demo',
    token: DEMO_TENANT.token,
    encodingAesKey: DEMO_TENANT.encodingAesKey,
    secret: DEMO_TENANT.secret,
    welcome: { text: '您好，欢迎咨询！' },
  });
  rules = new RuleSetCache(ruleStore, () => undefined);
  deps = {
    tenants,
    secrets,
    wecom: simulatorClient(sim.url),
    kf: new DynamoKfStore(doc, table),
    rules,
    leases: new DynamoLeaseStore(doc, table),
    groupCodes,
    clock: systemClock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  const at = new Date().toISOString();
  const rule = (id: string, keywords: string[], text: string): KeywordRuleRecord => ({
    corpId, id, keywords, match: 'contains', reply: { text }, actions: {}, scope: 'kf', enabled: true, status: 'active', createdAt: at, updatedAt: at,
  });
  await ruleStore.put(rule('kwprice', ['价格', '多少钱'], '价格表请看：https://example.com/price'));
  await ruleStore.put({ ...rule('kwarchive', ['退款'], 'only for archived chats'), scope: 'archive' });
  await ruleStore.put({ ...rule('kwoff', ['价格'], 'disabled rule'), enabled: false });
});
afterAll(async () => {
  await sim.stop();
  doc.destroy();
});

const ext = () => `wm${randomUUID().replace(/-/g, '')}`;
const repliesTo = (externalUserId: string) => sim.state.sent(corpId).kfMessages.filter((k) => k.externalUserId === externalUserId);
function customerWrites(messages: Array<Record<string, unknown>>) {
  const { token } = sim.state.enqueueKfMessages(corpId, DEMO_KF_ACCOUNT, messages);
  return queueMessage({ corpId, type: 'kf_msg_or_event', occurredAt: Math.floor(Date.now() / 1000), event: { Token: token, OpenKfId: DEMO_KF_ACCOUNT } });
}

describe('keyword replies in 微信客服', () => {
  it('replies once to a matching message although the callback and the sync repeat; none to the rest', async () => {
    const [asker, chatter] = [ext(), ext()];
    const m = customerWrites([
      { msgtype: 'text', external_userid: asker, text: { content: '请问这款多少钱？' } },
      { msgtype: 'text', external_userid: chatter, text: { content: '我想退款' } },
    ]);
    expect(await replyKf(deps, m)).toBe('applied');
    expect(await replyKf(deps, m)).toBe('applied'); // the same callback again
    expect(await replyKf(deps, customerWrites([]))).toBe('applied'); // another callback, nothing new
    expect(repliesTo(asker).map((r) => (r.body as { text: unknown }).text)).toEqual([{ content: '价格表请看：https://example.com/price' }]);
    expect(repliesTo(chatter)).toEqual([]);
  });

  it('replays from a lost cursor without replying twice (the per-message marker)', async () => {
    const asker = ext();
    await replyKf(deps, customerWrites([{ msgtype: 'text', external_userid: asker, text: { content: '价格？' } }]));
    await deps.kf.saveCursor(corpId, DEMO_KF_ACCOUNT, ''); // as if the cursor write had been lost
    await replyKf(deps, customerWrites([]));
    expect(repliesTo(asker)).toHaveLength(1);
  });

  it('serialises concurrent callbacks of one account: each new message is answered once', async () => {
    const askers = [ext(), ext(), ext()];
    const events = askers.map((a) => customerWrites([{ msgtype: 'text', external_userid: a, text: { content: '价格多少' } }]));
    await Promise.all(events.map((e) => replyKf(deps, e)));
    for (const a of askers) expect(repliesTo(a)).toHaveLength(1);
  });

  it('greets enter_session with send_msg_on_event, and ignores history older than 10 minutes', async () => {
    const visitor = ext();
    const old = ext();
    await replyKf(
      deps,
      customerWrites([
        { msgtype: 'event', event: { event_type: 'enter_session', external_userid: visitor, welcome_code: `wc${randomUUID()}` } },
        { msgtype: 'text', external_userid: old, send_time: Math.floor(Date.now() / 1000) - 3600, text: { content: '价格' } },
      ]),
    );
    const sent = sim.state.sent(corpId).kfMessages.filter((k) => k.via === 'send_msg_on_event' && k.externalUserId === visitor);
    expect(sent.map((k) => (k.body as { text: unknown }).text)).toEqual([{ content: '您好，欢迎咨询！' }]);
    expect(repliesTo(old)).toEqual([]);
  });

  it('recompiles the rule set only when a rule changes', async () => {
    const before = rules.compilations;
    await replyKf(deps, customerWrites([]));
    expect(rules.compilations).toBe(before);
    const at = new Date().toISOString();
    await ruleStore.put({ corpId, id: 'kwship', keywords: ['发货'], match: 'contains', reply: { text: '48 小时内发货' }, actions: {}, scope: 'both', enabled: true, status: 'active', createdAt: at, updatedAt: at });
    const asker = ext();
    await replyKf(deps, customerWrites([{ msgtype: 'text', external_userid: asker, text: { content: '什么时候发货' } }]));
    expect(rules.compilations).toBe(before + 1);
    expect(repliesTo(asker).map((r) => (r.body as { text: unknown }).text)).toEqual([{ content: '48 小时内发货' }]);
  });

  it('invites to a group: the group code\'s QR link in the same single reply; an exhausted code invites nobody', async () => {
    const at = new Date().toISOString();
    const code = (id: string, status: GroupCodeRecord['status']): GroupCodeRecord => ({
      corpId, id, state: `gc_${id}`, name: `VIP 群 ${id}`, chatIds: ['wrchat1'], memberCap: 200, autoCreate: false, roomBaseName: '',
      configId: `cfg${id}`, qrCode: `https://wework.qpic.cn/wwpic/${id}.png`, activeChatId: 'wrchat1', status,
      applied: { chatIdList: ['wrchat1'], autoCreateRoom: 0, at }, createdAt: at, updatedAt: at,
    });
    await groupCodes.put(code('gclive', 'active'));
    await groupCodes.put(code('gcfull', 'exhausted'));
    const rule = (id: string, keyword: string, actions: KeywordRuleRecord['actions'], reply?: string): KeywordRuleRecord => ({
      corpId, id, keywords: [keyword], match: 'contains', ...(reply ? { reply: { text: reply } } : {}), actions, scope: 'kf', enabled: true, status: 'active', createdAt: at, updatedAt: at,
    });
    await ruleStore.put(rule('kwjoin', '进群', { inviteGroupCodeId: 'gclive' }, '欢迎加入会员群'));
    await ruleStore.put(rule('kwfull', '老群', { inviteGroupCodeId: 'gcfull' }));
    const [joiner, late] = [ext(), ext()];
    const m = customerWrites([
      { msgtype: 'text', external_userid: joiner, text: { content: '怎么进群？' } },
      { msgtype: 'text', external_userid: late, text: { content: '老群还能进吗' } },
    ]);
    await replyKf(deps, m);
    await replyKf(deps, m);
    expect(repliesTo(joiner).map((r) => (r.body as { text: unknown }).text)).toEqual([
      { content: '欢迎加入会员群\n扫码加入「VIP 群 gclive」：https://wework.qpic.cn/wwpic/gclive.png' },
    ]);
    expect(repliesTo(late)).toEqual([]);
  });
});
