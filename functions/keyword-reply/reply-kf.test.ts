// The 微信客服 reply use case with fakes: pulls an account's messages from its stored cursor (pages,
// the callback's Token while valid), answers matching customer text once per message (marker and a
// deterministic msgid), greets enter_session, leaves old history and unsendable replies alone.
import { handOver } from '../../shared/sqs/consume';
import type { GroupCodeRecord } from '../../shared/groups/group-code';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { manualClock } from '../../test/support/clock';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryKeywordRuleStore } from '../../test/support/fakes';
import { InMemoryGroupCodeStore } from '../../test/support/fakes/groups';
import { InMemoryKfStore } from '../../test/support/fakes/keywords';
import { InMemoryLeaseStore } from '../../test/support/fakes/leases';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { queueMessage } from '../../test/support/queue-messages';
import { replyKf, replyMsgId, type ReplyKfDeps } from './reply-kf';

const CORP = 'wwkf';
const KF = 'wkkfaccount01';
const NOW = 1_764_000_000;

type KfMsg = Record<string, unknown> & { msgid: string; send_time: number; origin: number; msgtype: string };

async function world(o: { welcome?: string } = { welcome: '您好，欢迎咨询！' }) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, o.welcome ? { welcome: { text: o.welcome } } : {}));
  const clock = manualClock(NOW * 1000);
  /** The account's message log on WeCom's side; a cursor is a position in it. */
  const log: KfMsg[] = [];
  let pageSize = 1000;
  const wecom = new FakeWecom()
    .on('kf/sync_msg', (b) => {
      const from = b.cursor ? Number(b.cursor) : 0;
      const page = log.slice(from, from + Math.min(pageSize, b.limit ?? 1000));
      const next = from + page.length;
      return { next_cursor: String(next), has_more: next < log.length ? 1 : 0, msg_list: page };
    })
    .on('kf/send_msg', (b) => ({ msgid: b.msgid ?? 'x' }))
    .on('kf/send_msg_on_event', (b) => ({ msgid: b.msgid ?? 'x' }));
  const ruleStore = new InMemoryKeywordRuleStore();
  const rules = new RuleSetCache(ruleStore, () => undefined);
  const kf = new InMemoryKfStore();
  const groupCodes = new InMemoryGroupCodeStore();
  const deps: ReplyKfDeps = { tenants, secrets, wecom, kf, rules, groupCodes, leases: new InMemoryLeaseStore(), clock, sleep: async (ms) => clock.advance(ms) };
  let n = 0;
  const write = (text: string, over: Partial<KfMsg> = {}) => {
    const msg: KfMsg = {
      msgid: `msg${n++}`,
      send_time: Math.floor(clock.now() / 1000),
      origin: 3,
      msgtype: 'text',
      external_userid: 'wmasker',
      text: { content: text },
      ...over,
    };
    log.push(msg);
    return msg;
  };
  const callback = (over: Record<string, unknown> = {}) =>
    queueMessage({ corpId: CORP, type: 'kf_msg_or_event', occurredAt: Math.floor(clock.now() / 1000), event: { OpenKfId: KF, Token: 'cbtoken', ...over } });
  const rule = async (id: string, keyword: string, reply?: string, actions: KeywordRuleRecord['actions'] = {}, over: Partial<KeywordRuleRecord> = {}) =>
    ruleStore.put({
      corpId: CORP,
      id,
      keywords: [keyword],
      match: 'contains',
      ...(reply ? { reply: { text: reply } } : {}),
      actions,
      scope: 'kf',
      enabled: true,
      status: 'active',
      createdAt: id,
      updatedAt: id,
      ...over,
    });
  const replies = () => wecom.callsTo('kf/send_msg');
  return { deps, wecom, clock, kf, rules, ruleStore, groupCodes, write, callback, rule, replies, log, setPageSize: (s: number) => void (pageSize = s) };
}

describe('replyKf', () => {
  it('answers a matching customer message once, though the callback and the sync repeat; none to the rest', async () => {
    const w = await world();
    await w.rule('kwprice', '多少钱', '价格表请看：https://example.com/price');
    const asked = w.write('请问这款多少钱？');
    w.write('我想退款', { external_userid: 'wmchatter' });
    const m = w.callback();
    expect(await replyKf(w.deps, m)).toBe('applied');
    expect(await replyKf(w.deps, m)).toBe('applied');
    expect(w.replies()).toEqual([
      { touser: 'wmasker', open_kfid: KF, msgid: replyMsgId(KF, asked.msgid), msgtype: 'text', text: { content: '价格表请看：https://example.com/price' } },
    ]);
    expect(await w.kf.cursor(CORP, KF)).toBe('2');
    expect(w.kf.replies.get(`${CORP}\n${KF}\n${asked.msgid}`)).toEqual({ ruleId: 'kwprice', sentMsgid: replyMsgId(KF, asked.msgid), at: NOW * 1000 });
  });

  it('publishes keyword.matched once per answered message (webhooks), none for messages no rule answers', async () => {
    const w = await world();
    const sent: Array<{ type: string; data: Record<string, unknown>; occurredAt: number }> = [];
    const deps = {
      ...w.deps,
      webhookEvents: {
        publish: async (_c: string, type: string, data: Record<string, unknown>, o: { occurredAt: number }) =>
          void sent.push({ type, data, occurredAt: o.occurredAt }),
      },
    };
    await w.rule('kwprice', '多少钱', '价格表请看：https://example.com/price');
    const asked = w.write('请问这款多少钱？');
    w.write('我想退款', { external_userid: 'wmchatter' });
    const m = w.callback();
    await replyKf(deps, m);
    await replyKf(deps, m);
    expect(sent).toEqual([
      {
        type: 'keyword.matched',
        data: { scope: 'kf', ruleId: 'kwprice', openKfId: KF, externalUserId: 'wmasker', msgid: asked.msgid },
        occurredAt: asked.send_time * 1000,
      },
    ]);
  });

  it('replays from a lost cursor without answering twice (the per-message marker)', async () => {
    const w = await world();
    await w.rule('kwprice', '价格', '价格表');
    w.write('价格？');
    await replyKf(w.deps, w.callback());
    await w.kf.saveCursor(CORP, KF, '');
    await replyKf(w.deps, w.callback());
    expect(w.replies()).toHaveLength(1);
  });

  it('reads every page, storing the cursor after each; the Token only while the callback is fresh', async () => {
    const w = await world();
    await w.rule('kwprice', '价格', '价格表');
    for (let i = 0; i < 5; i++) w.write(`价格 ${i}`, { external_userid: `wm${i}` });
    w.setPageSize(2);
    await replyKf(w.deps, w.callback());
    expect(w.wecom.callsTo('kf/sync_msg').map((b) => [b.cursor, b.token])).toEqual([
      [undefined, 'cbtoken'],
      ['2', 'cbtoken'],
      ['4', 'cbtoken'],
    ]);
    expect(w.replies()).toHaveLength(5);
    const late = w.callback();
    w.clock.advance(601_000);
    await replyKf(w.deps, late);
    expect(w.wecom.callsTo('kf/sync_msg').at(-1)).toEqual({ open_kfid: KF, limit: 1000, cursor: '5' });
  });

  it('greets enter_session with the tenant welcome; history older than 10 minutes gets nothing', async () => {
    const w = await world();
    await w.rule('kwprice', '价格', '价格表');
    const enter = w.write('', { msgtype: 'event', origin: 4, event: { event_type: 'enter_session', external_userid: 'wmvisitor', welcome_code: 'wc-1' } });
    w.write('价格', { external_userid: 'wmold', send_time: NOW - 3600 });
    w.write('', { external_userid: 'wmold2', send_time: NOW - 3600, msgtype: 'event', event: { event_type: 'enter_session', welcome_code: 'wc-old' } });
    await replyKf(w.deps, w.callback());
    expect(w.wecom.callsTo('kf/send_msg_on_event')).toEqual([
      { code: 'wc-1', msgid: replyMsgId(KF, enter.msgid), msgtype: 'text', text: { content: '您好，欢迎咨询！' } },
    ]);
    expect(w.replies()).toEqual([]);
  });

  it('a refused or expired welcome code is final; no tenant welcome means no greeting', async () => {
    const w = await world();
    w.wecom.fail('kf/send_msg_on_event', 95007, 1);
    w.write('', { msgtype: 'event', origin: 4, event: { event_type: 'enter_session', welcome_code: 'wc-1' } });
    expect(await replyKf(w.deps, w.callback())).toBe('applied');
    const none = await world({});
    none.write('', { msgtype: 'event', origin: 4, event: { event_type: 'enter_session', welcome_code: 'wc-2' } });
    await replyKf(none.deps, none.callback());
    expect(none.wecom.callsTo('kf/send_msg_on_event')).toEqual([]);
  });

  it('only customer text (origin 3) is answered, by the first rule that answers', async () => {
    const w = await world();
    await w.rule('a-tag-only', '价格', undefined, { addTags: ['et1'] });
    await w.rule('b-price', '价格', '价格表');
    await w.rule('c-also', '价格', '另一个回答');
    w.write('价格', { origin: 5 }); // a servicer's own message
    w.write('价格');
    await replyKf(w.deps, w.callback());
    expect(w.replies().map((r) => (r.text as { content: string }).content)).toEqual(['价格表']);
  });

  it("invites to a live group code's QR link in the same reply; an exhausted code invites nobody", async () => {
    const w = await world();
    const code = (id: string, status: GroupCodeRecord['status']): GroupCodeRecord => ({
      corpId: CORP,
      id,
      state: `g_${id}`,
      name: `VIP 群 ${id}`,
      chatIds: ['wr1'],
      memberCap: 200,
      autoCreate: false,
      roomBaseName: '',
      configId: `cfg${id}`,
      qrCode: `https://example.test/${id}.png`,
      activeChatId: 'wr1',
      status,
      applied: { chatIdList: ['wr1'], autoCreateRoom: 0, at: '' },
      createdAt: '',
      updatedAt: '',
    });
    await w.groupCodes.put(code('gclive', 'active'));
    await w.groupCodes.put(code('gcfull', 'exhausted'));
    await w.rule('kwjoin', '进群', '欢迎加入会员群', { inviteGroupCodeId: 'gclive' });
    await w.rule('kwfull', '满了', undefined, { inviteGroupCodeId: 'gcfull' });
    w.write('我要进群');
    w.write('满了吗', { external_userid: 'wmother' });
    await replyKf(w.deps, w.callback());
    expect(w.replies().map((r) => [r.touser, (r.text as { content: string }).content])).toEqual([
      ['wmasker', '欢迎加入会员群\n扫码加入「VIP 群 gclive」：https://example.test/gclive.png'],
    ]);
  });

  it('an unsendable reply (95001 cap, 95002 window) is marked done; another refusal is retried', async () => {
    const w = await world();
    await w.rule('kwprice', '价格', '价格表');
    w.wecom.fail('kf/send_msg', 95001, 1);
    const capped = w.write('价格');
    await replyKf(w.deps, w.callback());
    expect(await w.kf.replied(CORP, KF, capped.msgid)).toBe(true);

    w.wecom.fail('kf/send_msg', 95000, 1);
    const other = w.write('价格', { external_userid: 'wm2' });
    await expect(replyKf(w.deps, w.callback())).rejects.toMatchObject({ errcode: 95000 });
    expect(await w.kf.replied(CORP, KF, other.msgid)).toBe(false);
    await replyKf(w.deps, w.callback());
    expect(await w.kf.replied(CORP, KF, other.msgid)).toBe(true);
  });

  it('recompiles the rule set only when a rule changes; ignores other events, accounts and tenants', async () => {
    const w = await world();
    await replyKf(w.deps, w.callback());
    const before = w.rules.compilations;
    await replyKf(w.deps, w.callback());
    expect(w.rules.compilations).toBe(before);
    await w.rule('kwship', '发货', '48 小时内发货');
    w.write('什么时候发货');
    await replyKf(w.deps, w.callback());
    expect(w.rules.compilations).toBe(before + 1);
    expect(
      await handOver(
        'keyword-reply',
        (m) => replyKf(w.deps, m),
        queueMessage({ corpId: CORP, type: 'change_external_contact.add_external_contact', event: { OpenKfId: KF } }),
      ),
    ).toBe('ignored');
    expect(await replyKf(w.deps, w.callback({ OpenKfId: '' }))).toBe('ignored');
    expect(await replyKf(w.deps, { ...w.callback(), corpId: 'wwnotenant' })).toBe('ignored');
  });
});
