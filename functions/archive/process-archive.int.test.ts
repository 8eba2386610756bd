// The archive path end to end on real parts: the simulator's archive (as the Finance SDK would give it),
// the puller loop, the archive queue on the SQS emulator, the consumer with its idempotency, DynamoDB
// Local, and WeCom app messages for alerts over HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { pullArchive, type ArchiveCursorStore } from '../../shared/archive/archive-feed';
import { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import { QueueArchiveFeed } from '../../shared/aws/archive-feed';
import { makeDocumentClient, makeDynamoClient, makeSqsClient } from '../../shared/aws/clients';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { DynamoArchiveCursorStore, DynamoArchiveStore, DynamoConsentStore } from '../../shared/db/archive-repository';
import { DynamoAuditLog } from '../../shared/db/audit-repository';
import { DynamoGroupCodeStore } from '../../shared/db/group-code-repository';
import { DynamoKeywordRuleStore } from '../../shared/db/keyword-rule-repository';
import { DynamoLedgerStore } from '../../shared/db/ledger-repository';
import { DynamoQuickReplyStore } from '../../shared/db/quick-reply-repository';
import { DynamoSensitiveWordStore } from '../../shared/db/sensitive-word-repository';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, sqsEvent } from '../../test/support/queue-messages';
import { drain, testQueues } from '../../test/support/queues';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { SimulatorChatDataSource } from '../../simulator/archive-source';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import type { QueueMessage } from '../../shared/events/queue-message.schema';
import { processArchive, type ProcessArchiveDeps } from './process-archive';
import { simulatorClient } from '../../test/support/wecom';

const corpId = DEMO_TENANT.corpId;
const table = process.env.TABLE_NAME!;
const ddb = makeDynamoClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const sqs = makeSqsClient({ endpoint: process.env.SQS_ENDPOINT });
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const archive = new DynamoArchiveStore(doc, table);
const ledger = new DynamoLedgerStore(doc, table);
const audit = new DynamoAuditLog(doc, table);
const sensitiveWords = new DynamoSensitiveWordStore(doc, table);
let sim: RunningSimulator;
let deps: ProcessArchiveDeps;
let queueUrl: string;
let pull: (cursors?: ArchiveCursorStore) => Promise<void>;
/** What the puller sends to the archive queue now, taken off the queue (not consumed). */
let receive: () => Promise<QueueMessage[]>;
let consume: ReturnType<typeof makeSqsConsumer>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const tenants = new DynamoTenantStore(doc, table);
  await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, corpId, {
    token: DEMO_TENANT.token,
    encodingAesKey: DEMO_TENANT.encodingAesKey,
    secret: DEMO_TENANT.secret,
    agentId: DEMO_TENANT.agentId,
    notify: ['zhaoliu'],
    redPacketAlertFen: 20_000,
  });
  await sensitiveWords.put(corpId, { words: ['返现', '加我微信'], notify: ['wangwu'] });
  deps = {
    tenants,
    secrets,
    wecom: simulatorClient(sim.url),
    archive,
    consent: new DynamoConsentStore(doc, table),
    ledger,
    audit,
    sensitive: new SensitiveWordCache(sensitiveWords),
    rules: new RuleSetCache(new DynamoKeywordRuleStore(doc, table), () => undefined),
    quickReplies: new DynamoQuickReplyStore(doc, table),
    groupCodes: new DynamoGroupCodeStore(doc, table),
  };
  const { queues } = await testQueues(sqs, `archive-${randomUUID().slice(0, 8)}`);
  queueUrl = queues.archive;
  const feed = new QueueArchiveFeed(new SqsQueuePublisher(sqs, queues));
  consume = makeSqsConsumer({
    concern: 'archive',
    ordered: true,
    handle: (m) => processArchive(deps, m),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE_NAME!, awsSdkV3Client: ddb }),
  });
  const cursorStore = new DynamoArchiveCursorStore(doc, table);
  receive = async () => {
    await pullArchive({ source: new SimulatorChatDataSource(sim.url), feed, cursors: cursorStore }, corpId);
    return (await drain(sqs, queueUrl)) as QueueMessage[];
  };
  pull = async (cursors = cursorStore) => {
    await pullArchive({ source: new SimulatorChatDataSource(sim.url), feed, cursors }, corpId);
    const bodies = (await drain(sqs, queueUrl)) as QueueMessage[];
    for (let i = 0; i < bodies.length; i += 10) {
      const out = await consume(sqsEvent(bodies.slice(i, i + 10)), lambdaContext());
      expect(out.batchItemFailures).toEqual([]);
    }
  };
});
afterAll(async () => {
  await sim.stop();
  ddb.destroy();
  doc.destroy();
  sqs.destroy();
});

const ext = () => `wm${randomUUID().replace(/-/g, '').slice(0, 24)}`;
/** Messages appear in the (simulated) archive, as WeCom records them. */
function say(messages: Array<Record<string, unknown>>) {
  return fetch(`${sim.url}/__sim/archive-messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId, messages }) });
}
const agree = (customer: string, msgtime = Date.now()) => ({ msgtype: 'agree', from: customer, tolist: ['zhangsan'], msgtime, agree: { userid: customer, agree_time: msgtime } });
const disagree = (customer: string, msgtime = Date.now()) => ({ msgtype: 'disagree', from: customer, tolist: ['zhangsan'], msgtime, disagree: { userid: customer, disagree_time: msgtime } });
const text = (from: string, to: string, content: string, msgtime = Date.now()) => ({ msgtype: 'text', from, tolist: [to], roomid: '', msgtime, text: { content } });
const appMessagesTo = (user: string) => sim.state.sent(corpId).appMessages.filter((a) => a.recipients.includes(user));
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('the archive', () => {
  it('a red packet becomes one ledger entry with its amount and one audit row; a large one alerts', async () => {
    const customer = ext();
    const before = (await ledger.day(corpId, today())).find((r) => r.userId === 'lisi') ?? { outCount: 0, outFen: 0 };
    const alertsBefore = appMessagesTo('zhaoliu').length;
    await say([
      agree(customer, Date.now() - 5000),
      { msgtype: 'external_redpacket', from: 'lisi', tolist: [customer], msgtime: Date.now(), redpacket: { type: 1, wish: '恭喜发财', totalcnt: 1, totalamount: 8800 } },
      { msgtype: 'external_redpacket', from: 'lisi', tolist: [customer], msgtime: Date.now(), redpacket: { type: 1, wish: '大吉大利', totalcnt: 1, totalamount: 20000 } },
    ]);
    await pull();
    const row = (await ledger.day(corpId, today())).find((r) => r.userId === 'lisi')!;
    expect({ outCount: row.outCount - before.outCount, outFen: row.outFen - before.outFen }).toEqual({ outCount: 2, outFen: 28_800 });
    const rows = (await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 60, to: Math.floor(Date.now() / 1000) + 5, type: 'red_packet', limit: 100 })).items.filter((r) => r.customer === customer);
    expect(rows.map((r) => r.detail.amountFen).sort()).toEqual([20_000, 8800]);
    expect(appMessagesTo('zhaoliu').length - alertsBefore).toBe(1); // only the one at the threshold
  });

  it('a sensitive word produces one audit row and one alert to the sensitive-word notify list', async () => {
    const customer = ext();
    const before = appMessagesTo('wangwu').length;
    await say([agree(customer, Date.now() - 5000), text('zhangsan', customer, '加我微信，下单有返现哦')]);
    await pull();
    const alerts = appMessagesTo('wangwu').slice(before);
    expect(alerts).toHaveLength(1);
    expect(JSON.stringify(alerts[0])).toContain('加我微信');
    const found = await archive.search(corpId, { fromMs: Date.now() - 60_000, toMs: Date.now() + 1000, customer, limit: 10 });
    expect(found.items.map((i) => i.text)).toEqual(['加我微信，下单有返现哦']);
  });

  it('stores nothing for a customer who disagreed, or who never agreed (check_single_agree)', async () => {
    const [no, never, later] = [ext(), ext(), ext()];
    await say([
      agree(no, Date.now() - 10_000),
      disagree(no, Date.now() - 5000),
      text(no, 'zhangsan', '这条不能存 返现'),
      text(never, 'zhangsan', '我从没同意过'),
      agree(later, Date.now() - 5000),
      text(later, 'zhangsan', '这条可以存'),
    ]);
    const before = appMessagesTo('wangwu').length;
    await pull();
    const search = (customer: string) => archive.search(corpId, { fromMs: Date.now() - 60_000, toMs: Date.now() + 1000, customer, limit: 10 });
    expect((await search(no)).items).toEqual([]);
    expect((await search(never)).items).toEqual([]);
    expect((await search(later)).items.map((i) => i.text)).toEqual(['这条可以存']);
    expect(appMessagesTo('wangwu').length).toBe(before); // nothing derived from what was not stored
    expect(sim.state.calls({ corpId, path: '/cgi-bin/msgaudit/check_single_agree' }).some((c) => JSON.stringify(c.body).includes(never))).toBe(true);
  });

  it("runs archive-scoped keyword rules on a customer's message: tags, and the quick reply suggested to the staff member", async () => {
    const customer = ext();
    sim.state.addCustomers(corpId, [{ externalUserId: customer, name: '孙女士', follows: [{ userId: 'zhangsan' }] }]);
    await new DynamoQuickReplyStore(doc, table).put({
      corpId, id: 'qrrefund01', group: '售后', title: '退款流程', content: '您好，退款请在订单页点击申请，1-3 个工作日到账。', attachments: [], createdAt: new Date().toISOString(),
    });
    const at = new Date().toISOString();
    await new DynamoKeywordRuleStore(doc, table).put({
      corpId, id: 'kwrefundarch', keywords: ['退款'], match: 'contains', actions: { addTags: ['etsiyudemotag0001'], notifyStaff: true, quickReplyId: 'qrrefund01' },
      scope: 'archive', enabled: true, status: 'active', createdAt: at, updatedAt: at,
    });
    const before = appMessagesTo('zhangsan').length;
    await say([agree(customer, Date.now() - 5000), text(customer, 'zhangsan', '我想申请退款')]);
    await pull();
    const tagged = sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/mark_tag' }).filter((c) => (c.body as { external_userid?: string }).external_userid === customer);
    expect(tagged.map((c) => c.body)).toEqual([{ userid: 'zhangsan', external_userid: customer, add_tag: ['etsiyudemotag0001'] }]);
    const notes = appMessagesTo('zhangsan').slice(before);
    expect(notes).toHaveLength(1);
    expect(JSON.stringify(notes[0]!.body)).toContain('退款请在订单页点击申请');
  });

  it("sends a group invitation through the staff member: the group code's QR link, once", async () => {
    const customer = ext();
    sim.state.addCustomers(corpId, [{ externalUserId: customer, name: '周先生', follows: [{ userId: 'zhangsan' }] }]);
    const at = new Date().toISOString();
    await new DynamoGroupCodeStore(doc, table).put({
      corpId, id: 'gcarchive', state: 'gc_gcarchive', name: '老客福利群', chatIds: ['wrchatarch'], memberCap: 200, autoCreate: false, roomBaseName: '',
      configId: 'cfgarch', qrCode: 'https://wework.qpic.cn/wwpic/gcarchive.png', activeChatId: 'wrchatarch', status: 'active',
      applied: { chatIdList: ['wrchatarch'], autoCreateRoom: 0, at }, createdAt: at, updatedAt: at,
    });
    await new DynamoKeywordRuleStore(doc, table).put({
      corpId, id: 'kwinvitearch', keywords: ['福利群'], match: 'contains', actions: { inviteGroupCodeId: 'gcarchive' },
      scope: 'archive', enabled: true, status: 'active', createdAt: at, updatedAt: at,
    });
    const before = appMessagesTo('zhangsan').length;
    await say([agree(customer, Date.now() - 5000), text(customer, 'zhangsan', '有福利群吗？')]);
    await pull();
    await pull(); // nothing new: no second invitation
    const notes = appMessagesTo('zhangsan').slice(before);
    expect(notes).toHaveLength(1);
    expect((notes[0]!.body as { text: { content: string } }).text.content).toContain('请邀请客户入群，扫码加入「老客福利群」：https://wework.qpic.cn/wwpic/gcarchive.png');
  });

  describe('keyword actions when WeCom fails a delivery half way', () => {
    const rule = async (id: string, keyword: string) => {
      const at = new Date().toISOString();
      await new DynamoKeywordRuleStore(doc, table).put({
        corpId, id, keywords: [keyword], match: 'contains', actions: { addTags: ['etsiyudemotag0001'], notifyStaff: true },
        reply: { text: `关于${keyword}：请在订单页提交申请。` }, scope: 'archive', enabled: true, status: 'active', createdAt: at, updatedAt: at,
      });
    };
    /** The customer's message, on the queue; the consumer is run by hand, as Lambda would per delivery. */
    const customerSays = async (words: string) => {
      const customer = ext();
      sim.state.addCustomers(corpId, [{ externalUserId: customer, name: '吴女士', follows: [{ userId: 'zhangsan' }] }]);
      await say([agree(customer, Date.now() - 5000), text(customer, 'zhangsan', words)]);
      const bodies = await receive();
      expect(bodies).toHaveLength(2);
      const mentions = (c: { body: unknown }) => JSON.stringify(c.body).includes(customer);
      return {
        bodies,
        deliver: async () => (await consume(sqsEvent(bodies), lambdaContext())).batchItemFailures.length,
        tagCalls: () => sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/mark_tag' }).filter(mentions),
        noteCalls: () => sim.state.calls({ corpId, path: '/cgi-bin/message/send' }).filter(mentions),
      };
    };
    const ok = (calls: Array<{ errcode: number }>) => calls.filter((c) => c.errcode === 0).length;

    it('a mark_tag that failed is done by the retry, with the staff note; a third delivery and a late replay change nothing', async () => {
      await rule('kwretrytag', '开发票');
      const c = await customerSays('麻烦帮我开发票');
      // WeCom busy through every attempt of the first delivery's mark_tag
      sim.state.addFaults([{ path: 'externalcontact/mark_tag', errcode: -1, times: 3, corpId }]);
      expect(await c.deliver()).toBe(1);
      expect([ok(c.tagCalls()), c.tagCalls().length, c.noteCalls().length]).toEqual([0, 3, 0]);
      expect(await c.deliver()).toBe(0); // the retry
      expect([ok(c.tagCalls()), ok(c.noteCalls())]).toEqual([1, 1]);
      expect(JSON.stringify(c.noteCalls()[0]!.body)).toContain('关于开发票：请在订单页提交申请。');
      expect(await c.deliver()).toBe(0); // a third delivery
      expect(await processArchive(deps, messageFor('archive', c.bodies[1]!))).toBe('stale'); // as after the consumer's idempotency window
      expect([c.tagCalls().length, c.noteCalls().length]).toEqual([4, 1]);
    }, 30_000);

    it('a staff note that failed is sent by the retry without tagging the customer again', async () => {
      await rule('kwretrynote', '换货');
      const c = await customerSays('我想换货');
      sim.state.addFaults([{ path: 'message/send', errcode: -1, times: 3, corpId }]);
      expect(await c.deliver()).toBe(1);
      expect([ok(c.tagCalls()), ok(c.noteCalls()), c.noteCalls().length]).toEqual([1, 0, 3]);
      expect(await c.deliver()).toBe(0);
      expect(await c.deliver()).toBe(0);
      expect(await processArchive(deps, messageFor('archive', c.bodies[1]!))).toBe('stale');
      expect([c.tagCalls().length, ok(c.noteCalls())]).toEqual([1, 1]);
    }, 30_000);
  });

  it('replaying the whole archive changes nothing', async () => {
    const ledgerBefore = await ledger.day(corpId, today());
    const alertsBefore = sim.state.sent(corpId).appMessages.length;
    const auditBefore = (await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 3600, to: Math.floor(Date.now() / 1000) + 5, limit: 500 })).items.length;
    // A puller that lost its cursor sends everything again.
    let seq = 0;
    await pull({ get: async () => seq, save: async (_c, s) => void (seq = s) });
    expect(seq).toBeGreaterThan(0);
    expect(await ledger.day(corpId, today())).toEqual(ledgerBefore);
    expect(sim.state.sent(corpId).appMessages.length).toBe(alertsBefore);
    expect((await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 3600, to: Math.floor(Date.now() / 1000) + 5, limit: 500 })).items.length).toBe(auditBefore);
  });
});
