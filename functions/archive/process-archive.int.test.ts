// The archive path end to end on real parts: the simulator's archive (as the Finance SDK would give it),
// the puller loop, the archive queue on the SQS emulator, the consumer with its idempotency, DynamoDB
// Local, and WeCom app messages for alerts over HTTP: the ledger's transaction, a retry after WeCom
// failed half way, a replay of everything. Consent, sensitive words and keyword actions are unit tests
// (process-archive.test.ts).
import { randomUUID } from 'node:crypto';
import { pullArchive, type ArchiveCursorStore } from '../../shared/archive/archive-feed';
import { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import { QueueArchiveFeed } from '../../shared/aws/archive-feed';
import { SqsQueuePublisher } from '../../shared/aws/queue-publisher';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, sqsEvent } from '../../test/support/queue-messages';
import { SimulatorChatDataSource } from '../../simulator/archive-source';
import type { QueueMessage } from '../../shared/events/queue-message.schema';
import { processArchive, type ProcessArchiveDeps } from './process-archive';

const world = integrationWorld({ simulator: true, queues: 'archive' });
const { ledger, auditLog: audit } = world.stores;
let sim: typeof world.sim;
let corpId: string;
let deps: ProcessArchiveDeps;
let pull: (cursors?: ArchiveCursorStore) => Promise<void>;
/** What the puller sends to the archive queue now, taken off the queue (not consumed). */
let receive: () => Promise<QueueMessage[]>;
let consume: ReturnType<typeof makeSqsConsumer>;

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  corpId = await world.demoTenant({ notify: ['zhaoliu'], redPacketAlertFen: 20_000 });
  const { sensitiveWords, keywordRules, archiveCursors } = world.stores;
  await sensitiveWords.put(corpId, { words: ['返现', '加我微信'], notify: ['wangwu'] });
  deps = {
    ...world.stores,
    audit,
    secrets: world.secrets,
    wecom: world.wecom,
    sensitive: new SensitiveWordCache(sensitiveWords),
    rules: new RuleSetCache(keywordRules, () => undefined),
  };
  const feed = new QueueArchiveFeed(new SqsQueuePublisher(world.sqs, world.queues));
  consume = makeSqsConsumer({ concern: 'archive', ordered: true, handle: (m) => processArchive(deps, m), persistenceStore: world.idempotency() });
  const source = new SimulatorChatDataSource(sim.url);
  receive = async () => {
    await pullArchive({ source, feed, cursors: archiveCursors }, corpId);
    return (await world.drain(world.queues.archive)) as QueueMessage[];
  };
  pull = async (cursors = archiveCursors) => {
    await pullArchive({ source, feed, cursors }, corpId);
    const bodies = (await world.drain(world.queues.archive)) as QueueMessage[];
    for (let i = 0; i < bodies.length; i += 10) {
      const out = await consume(sqsEvent(bodies.slice(i, i + 10)), lambdaContext());
      expect(out.batchItemFailures).toEqual([]);
    }
  };
});
afterAll(() => world.close());

const ext = () => `wm${randomUUID().replace(/-/g, '').slice(0, 24)}`;
/** Messages appear in the (simulated) archive, as WeCom records them. */
function say(messages: Array<Record<string, unknown>>) {
  return fetch(`${sim.url}/__sim/archive-messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId, messages }),
  });
}
const agree = (customer: string, msgtime = Date.now()) => ({
  msgtype: 'agree',
  from: customer,
  tolist: ['zhangsan'],
  msgtime,
  agree: { userid: customer, agree_time: msgtime },
});
const text = (from: string, to: string, content: string, msgtime = Date.now()) => ({
  msgtype: 'text',
  from,
  tolist: [to],
  roomid: '',
  msgtime,
  text: { content },
});
const appMessagesTo = (user: string) => sim.state.sent(corpId).appMessages.filter((a) => a.recipients.includes(user));
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('the archive', () => {
  it('a red packet becomes one ledger entry with its amount and one audit row; a large one alerts', async () => {
    const customer = ext();
    const before = (await ledger.day(corpId, today())).find((r) => r.userId === 'lisi') ?? { outCount: 0, outFen: 0 };
    const alertsBefore = appMessagesTo('zhaoliu').length;
    await say([
      agree(customer, Date.now() - 5000),
      {
        msgtype: 'external_redpacket',
        from: 'lisi',
        tolist: [customer],
        msgtime: Date.now(),
        redpacket: { type: 1, wish: '恭喜发财', totalcnt: 1, totalamount: 8800 },
      },
      {
        msgtype: 'external_redpacket',
        from: 'lisi',
        tolist: [customer],
        msgtime: Date.now(),
        redpacket: { type: 1, wish: '大吉大利', totalcnt: 1, totalamount: 20000 },
      },
    ]);
    await pull();
    const row = (await ledger.day(corpId, today())).find((r) => r.userId === 'lisi')!;
    expect({ outCount: row.outCount - before.outCount, outFen: row.outFen - before.outFen }).toEqual({ outCount: 2, outFen: 28_800 });
    const rows = (
      await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 60, to: Math.floor(Date.now() / 1000) + 5, type: 'red_packet', limit: 100 })
    ).items.filter((r) => r.customer === customer);
    expect(rows.map((r) => r.detail.amountFen).sort()).toEqual([20_000, 8800]);
    expect(appMessagesTo('zhaoliu').length - alertsBefore).toBe(1); // only the one at the threshold
  });

  describe('keyword actions when WeCom fails a delivery half way', () => {
    const rule = async (id: string, keyword: string) => {
      const at = new Date().toISOString();
      await world.stores.keywordRules.put({
        corpId,
        id,
        keywords: [keyword],
        match: 'contains',
        actions: { addTags: ['etsiyudemotag0001'], notifyStaff: true },
        reply: { text: `关于${keyword}：请在订单页提交申请。` },
        scope: 'archive',
        enabled: true,
        status: 'active',
        createdAt: at,
        updatedAt: at,
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
  });

  it('replaying the whole archive changes nothing', async () => {
    const ledgerBefore = await ledger.day(corpId, today());
    const alertsBefore = sim.state.sent(corpId).appMessages.length;
    const auditBefore = (await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 3600, to: Math.floor(Date.now() / 1000) + 5, limit: 500 })).items
      .length;
    // A puller that lost its cursor sends everything again.
    let seq = 0;
    await pull({ get: async () => seq, save: async (_c, s) => void (seq = s) });
    expect(seq).toBeGreaterThan(0);
    expect(await ledger.day(corpId, today())).toEqual(ledgerBefore);
    expect(sim.state.sent(corpId).appMessages.length).toBe(alertsBefore);
    expect((await audit.list(corpId, { from: Math.floor(Date.now() / 1000) - 3600, to: Math.floor(Date.now() / 1000) + 5, limit: 500 })).items.length).toBe(
      auditBefore,
    );
  });
});
