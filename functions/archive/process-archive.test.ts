// The archive use case with fakes: consent first (asked once when unknown), then what a stored message
// feeds (ledger, audit rows and their alerts, archive-scoped keyword actions), each once per msgid; a
// delivery that failed half way is completed by its retry, and a replay changes nothing.
import { handOver } from '../../shared/sqs/consume';
import { readQueueMessage } from '../../shared/events/read-queue-message';
import { archiveQueueMessage } from '../../shared/archive/archive-message';
import { SensitiveWordCache } from '../../shared/archive/sensitive-cache';
import type { GroupCodeRecord } from '../../shared/groups/group-code';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import { RuleSetCache } from '../../shared/keywords/rule-cache';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryKeywordRuleStore } from '../../test/support/fakes';
import { InMemoryArchiveStore, InMemoryConsentStore, InMemoryLedgerStore, InMemorySensitiveWordStore } from '../../test/support/fakes/archive';
import { InMemoryAuditLog } from '../../test/support/fakes/audit';
import { fakeChannel, InMemoryChannelStore } from '../../test/support/fakes/channels';
import { InMemoryCustomerStore, InMemoryStaffStore } from '../../test/support/fakes/customers';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { InMemoryGroupCodeStore } from '../../test/support/fakes/groups';
import { InMemoryQuickReplyStore } from '../../test/support/fakes/keywords';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { processArchive, type ProcessArchiveDeps } from './process-archive';

const CORP = 'wwarchive';
const T = 1_764_000_000_000; // ms, 2025-11-25 Shanghai
const DAY = '2025-11-25';
const CUST = 'wmcustomer01';

async function world() {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, { agentId: '1000002', notify: ['zhaoliu'], redPacketAlertFen: 20_000 }));
  const wecom = new FakeWecom()
    .on('msgaudit/check_single_agree', (b) => ({ agreeinfo: b.info.map((i) => ({ ...i, agree_status: 'Disagree', status_change_time: 1 })) }))
    .on('message/send', {})
    .on('externalcontact/mark_tag', {});
  const sensitiveWords = new InMemorySensitiveWordStore();
  await sensitiveWords.put(CORP, { words: ['返现', '加我微信'], notify: ['wangwu'] });
  const ruleStore = new InMemoryKeywordRuleStore();
  const archive = new InMemoryArchiveStore();
  const consent = new InMemoryConsentStore();
  const ledger = new InMemoryLedgerStore();
  const audit = new InMemoryAuditLog();
  const quickReplies = new InMemoryQuickReplyStore();
  const groupCodes = new InMemoryGroupCodeStore();
  const staffRegistry = new InMemoryStaffStore();
  const customerRecords = new InMemoryCustomerStore();
  const follows = new InMemoryFollowStore();
  const channels = new InMemoryChannelStore();
  const deps: ProcessArchiveDeps = {
    tenants,
    secrets,
    wecom,
    archive,
    consent,
    ledger,
    audit,
    groupCodes,
    quickReplies,
    sensitive: new SensitiveWordCache(sensitiveWords),
    rules: new RuleSetCache(ruleStore, () => undefined),
    staffRegistry,
    customerRecords,
    follows,
    channels,
  };
  let seq = 0;
  const message = (m: Record<string, unknown>) =>
    archiveQueueMessage({ corpId: CORP, seq: ++seq, message: { msgid: `msg${seq}`, action: 'send', msgtime: T + seq, ...m } as never }, T);
  const rule = (id: string, keyword: string, actions: KeywordRuleRecord['actions'], reply?: string) =>
    ruleStore.put({
      corpId: CORP,
      id,
      keywords: [keyword],
      match: 'contains',
      ...(reply ? { reply: { text: reply } } : {}),
      actions,
      scope: 'archive',
      enabled: true,
      status: 'active',
      createdAt: id,
      updatedAt: id,
    });
  const sentTo = (user: string) => wecom.callsTo('message/send').filter((b) => (b.touser ?? '').split('|').includes(user));
  return { deps, wecom, archive, consent, ledger, audit, quickReplies, groupCodes, staffRegistry, customerRecords, follows, channels, message, rule, sentTo };
}

type World = Awaited<ReturnType<typeof world>>;
const agreed = async (w: World, customer = CUST) => w.deps.consent.apply(CORP, customer, 'agree', T - 10_000);
const text = (from: string, to: string, content: string) => ({ msgtype: 'text', from, tolist: [to], roomid: '', text: { content } });

describe('processArchive: consent', () => {
  it('agree/disagree set consent by time; a message of a customer who disagreed is not stored', async () => {
    const w = await world();
    expect(await processArchive(w.deps, w.message({ msgtype: 'agree', from: CUST, agree: { userid: CUST, agree_time: T - 10_000 } }))).toBe('applied');
    expect(await processArchive(w.deps, w.message({ msgtype: 'disagree', from: CUST, disagree: { userid: CUST, disagree_time: T - 5000 } }))).toBe('applied');
    expect(await processArchive(w.deps, w.message({ msgtype: 'agree', from: CUST, agree: { userid: CUST, agree_time: T - 20_000 } }))).toBe('stale');
    expect(await processArchive(w.deps, w.message(text(CUST, 'zhangsan', '这条不能存 返现')))).toBe('ignored');
    expect(w.archive.of(CORP)).toEqual([]);
    expect(w.audit.of(CORP)).toEqual([]);
  });

  it('an unknown customer is asked once (check_single_agree) and the answer kept', async () => {
    const w = await world();
    expect(await processArchive(w.deps, w.message(text('wmnever0001', 'zhangsan', '我从没同意过')))).toBe('ignored');
    expect(await processArchive(w.deps, w.message(text('wmnever0001', 'zhangsan', '再说一句')))).toBe('ignored');
    expect(w.wecom.callsTo('msgaudit/check_single_agree')).toEqual([{ info: [{ userid: 'zhangsan', exteranalopenid: 'wmnever0001' }] }]);
    w.wecom.on('msgaudit/check_single_agree', (b) => ({ agreeinfo: b.info.map((i) => ({ ...i, agree_status: 'Agree' })) }));
    expect(await processArchive(w.deps, w.message(text('wmyes000001', 'zhangsan', '这条可以存')))).toBe('applied');
    expect(w.archive.of(CORP).map((m) => [m.customer, m.staff, m.text])).toEqual([['wmyes000001', 'zhangsan', '这条可以存']]);
  });

  it('staff-only chats, log switches, other types and unknown tenants are ignored; a malformed message is a validation error', async () => {
    const w = await world();
    expect(await processArchive(w.deps, w.message(text('zhangsan', 'lisi', '内部聊天')))).toBe('ignored');
    expect(await processArchive(w.deps, w.message({ action: 'switch', time: T, user: 'zhangsan' }))).toBe('ignored');
    expect(await processArchive(w.deps, { ...w.message(text(CUST, 'zhangsan', 'x')), corpId: 'wwnotenant' })).toBe('ignored');
    expect(
      await handOver('archive', (m) => processArchive(w.deps, m), {
        ...w.message(text(CUST, 'zhangsan', 'x')),
        type: 'change_external_contact.add_external_contact',
        event: { ToUserName: CORP, CreateTime: T, MsgType: 'event', UserID: 'u', ExternalUserID: 'e' },
      }),
    ).toBe('ignored');
    // A malformed archive message never reaches the use case: the queue boundary refuses it.
    expect(() => readQueueMessage({ ...w.message(text(CUST, 'zhangsan', 'x')), event: { msgid: '' } })).toThrow();
  });
});

describe('processArchive: what a stored message feeds', () => {
  it('red packets: one ledger entry each and one audit row; only one at the threshold alerts', async () => {
    const w = await world();
    await agreed(w);
    const packet = (amount: number) =>
      w.message({ msgtype: 'external_redpacket', from: 'lisi', tolist: [CUST], redpacket: { type: 1, wish: '恭喜发财', totalcnt: 1, totalamount: amount } });
    const small = packet(8800);
    await processArchive(w.deps, small);
    await processArchive(w.deps, packet(20_000));
    expect(await processArchive(w.deps, small)).toBe('stale');
    expect(await w.ledger.day(CORP, DAY)).toEqual([{ userId: 'lisi', inCount: 0, inFen: 0, outCount: 2, outFen: 28_800 }]);
    expect(w.audit.of(CORP).map((r) => [r.type, r.detail.amountFen, r.alert])).toEqual([
      ['red_packet', 8800, false],
      ['red_packet', 20_000, true],
    ]);
    expect(w.sentTo('zhaoliu')).toHaveLength(1);
  });

  it('the red-packet alert names the staff member, the customer and their channel, with the amount in yuan and Chinese labels', async () => {
    const w = await world();
    await agreed(w);
    await w.staffRegistry.apply({ corpId: CORP, userId: 'lisi', name: '李四', changedAt: 1, rank: 0 });
    await w.customerRecords.setProfile(CORP, { externalUserId: CUST, name: '王女士', type: 1 }, 1);
    await w.channels.put(fakeChannel(CORP, 'ch00000001', '双十一海报'));
    await w.follows.apply({
      corpId: CORP,
      externalUserId: CUST,
      userId: 'lisi',
      status: 'active',
      changedAt: 1,
      rank: 2,
      eventKey: 'e1',
      added: { at: 1, state: 'c_ch00000001' },
    });
    await processArchive(
      w.deps,
      w.message({ msgtype: 'external_redpacket', from: 'lisi', tolist: [CUST], redpacket: { type: 1, wish: '恭喜发财', totalcnt: 1, totalamount: 23_456 } }),
    );
    const [alert] = w.sentTo('zhaoliu').map((b) => (b.text as { content: string }).content);
    expect(alert!.split('\n').filter((l) => !l.startsWith('时间：'))).toEqual([
      '【Siyu 审计】红包',
      '员工：李四',
      '客户：王女士',
      '渠道：双十一海报',
      '金额：¥234.56',
      '个数：1',
      '祝福语：恭喜发财',
      '类型：普通红包',
      '方向：发出',
    ]);
  });

  it("a sensitive word: one audit row and one alert to the word list's notify list", async () => {
    const w = await world();
    await agreed(w);
    const m = w.message(text('zhangsan', CUST, '加我微信，下单有返现哦'));
    await processArchive(w.deps, m);
    await processArchive(w.deps, m);
    expect(w.audit.of(CORP)).toEqual([expect.objectContaining({ type: 'sensitive_word', staff: 'zhangsan', customer: CUST, alert: true })]);
    expect(w.sentTo('wangwu')).toHaveLength(1);
    expect(JSON.stringify(w.sentTo('wangwu')[0])).toContain('加我微信');
    expect(w.sentTo('zhaoliu')).toEqual([]);
  });

  it('a sensitive word publishes audit.sensitive_word (webhooks) with the words, not the text; a retry under the same event key', async () => {
    const w = await world();
    await agreed(w);
    const sent: Array<{ type: string; data: Record<string, unknown>; sourceKey?: string | undefined }> = [];
    const deps = {
      ...w.deps,
      webhookEvents: {
        publish: async (_c: string, type: string, data: Record<string, unknown>, o: { sourceKey?: string }) =>
          void sent.push({ type, data, sourceKey: o.sourceKey }),
      },
    };
    const m = w.message(text('zhangsan', CUST, '加我微信，下单有返现哦'));
    await processArchive(deps, m);
    await processArchive(deps, m);
    await processArchive(deps, w.message(text('zhangsan', CUST, '您好')));
    expect(sent.map((s) => s.type)).toEqual(['audit.sensitive_word', 'audit.sensitive_word']);
    expect(sent[0]!.data).toEqual({
      msgid: (m.event as { msgid: string }).msgid,
      userId: 'zhangsan',
      externalUserId: CUST,
      fromCustomer: false,
      words: expect.arrayContaining(['加我微信', '返现']),
    });
    expect(JSON.stringify(sent)).not.toContain('下单');
    expect(sent[1]!.sourceKey).toBe(sent[0]!.sourceKey);
  });

  it('a recall becomes a revoke row without an alert', async () => {
    const w = await world();
    await agreed(w);
    await processArchive(w.deps, w.message({ msgtype: 'revoke', from: 'zhangsan', tolist: [CUST], revoke: { pre_msgid: 'msg-old' } }));
    expect(w.audit.of(CORP)).toEqual([expect.objectContaining({ type: 'revoke', detail: expect.objectContaining({ preMsgid: 'msg-old' }), alert: false })]);
    expect(w.wecom.callsTo('message/send')).toEqual([]);
  });

  it("archive-scoped keyword rules on a customer's message: its tags, and the quick reply suggested to the staff member", async () => {
    const w = await world();
    await agreed(w);
    await w.quickReplies.put({
      corpId: CORP,
      id: 'qrrefund01',
      group: '售后',
      title: '退款流程',
      content: '退款请在订单页点击申请。',
      attachments: [],
      createdAt: '',
    });
    await w.rule('kwrefund', '退款', { addTags: ['et1'], notifyStaff: true, quickReplyId: 'qrrefund01' });
    const m = w.message(text(CUST, 'zhangsan', '我想申请退款'));
    expect(await processArchive(w.deps, m)).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toEqual([{ userid: 'zhangsan', external_userid: CUST, add_tag: ['et1'] }]);
    expect(w.sentTo('zhangsan').map((b) => (b.text as { content: string }).content)).toEqual([
      `客户 ${CUST} 说：我想申请退款\n建议回复：退款请在订单页点击申请。`,
    ]);
    // A staff member's own words trigger nothing.
    await processArchive(w.deps, w.message(text('zhangsan', CUST, '退款已经处理')));
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toHaveLength(1);
    // With the customer's name on record, the note names them.
    await w.customerRecords.setProfile(CORP, { externalUserId: CUST, name: '王女士', type: 1 }, 1);
    await processArchive(w.deps, w.message(text(CUST, 'zhangsan', '退款怎么申请')));
    expect((w.sentTo('zhangsan')[1]!.text as { content: string }).content).toBe('客户 王女士 说：退款怎么申请\n建议回复：退款请在订单页点击申请。');
  });

  it("sends a group invitation through the staff member: the live group code's QR link, once", async () => {
    const w = await world();
    await agreed(w);
    const code: GroupCodeRecord = {
      corpId: CORP,
      id: 'gcarchive',
      state: 'g_gcarchive',
      name: '老客福利群',
      chatIds: ['wr1'],
      memberCap: 200,
      autoCreate: false,
      roomBaseName: '',
      configId: 'cfg',
      qrCode: 'https://example.test/gc.png',
      activeChatId: 'wr1',
      status: 'active',
      applied: { chatIdList: ['wr1'], autoCreateRoom: 0, at: '' },
      createdAt: '',
      updatedAt: '',
    };
    await w.groupCodes.put(code);
    await w.rule('kwinvite', '福利群', { inviteGroupCodeId: 'gcarchive' });
    const m = w.message(text(CUST, 'zhangsan', '有福利群吗？'));
    await processArchive(w.deps, m);
    expect(await processArchive(w.deps, m)).toBe('stale');
    expect(w.sentTo('zhangsan')).toHaveLength(1);
    expect((w.sentTo('zhangsan')[0]!.text as { content: string }).content).toContain('请邀请客户入群，扫码加入「老客福利群」：https://example.test/gc.png');
  });

  it('a mark_tag that failed is done by the retry with the note; later deliveries change nothing', async () => {
    const w = await world();
    await agreed(w);
    await w.rule('kwinvoice', '开发票', { addTags: ['et1'], notifyStaff: true }, '关于开发票：请在订单页提交申请。');
    const m = w.message(text(CUST, 'zhangsan', '麻烦帮我开发票'));
    w.wecom.fail('externalcontact/mark_tag', -1, 1);
    await expect(processArchive(w.deps, m)).rejects.toThrow(/-1/);
    expect(w.sentTo('zhangsan')).toEqual([]);
    expect(await processArchive(w.deps, m)).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toHaveLength(2);
    expect(w.sentTo('zhangsan')).toHaveLength(1);
    expect(await processArchive(w.deps, m)).toBe('stale');
    expect([w.wecom.callsTo('externalcontact/mark_tag').length, w.sentTo('zhangsan').length]).toEqual([2, 1]);
  });

  it('a staff note that failed is sent by the retry without tagging the customer again', async () => {
    const w = await world();
    await agreed(w);
    await w.rule('kwexchange', '换货', { addTags: ['et1'], notifyStaff: true }, '请在订单页申请换货。');
    const m = w.message(text(CUST, 'zhangsan', '我想换货'));
    w.wecom.fail('message/send', 45009, 1);
    await expect(processArchive(w.deps, m)).rejects.toThrow(/45009/);
    expect(await processArchive(w.deps, m)).toBe('applied');
    expect(await processArchive(w.deps, m)).toBe('stale');
    expect(w.wecom.callsTo('externalcontact/mark_tag')).toHaveLength(1);
    expect(w.sentTo('zhangsan')).toHaveLength(2); // the refused attempt and the retry
  });

  it('the keyword actions are the ones decided at the first store, though the rules change before the retry', async () => {
    const w = await world();
    await agreed(w);
    await w.rule('kwa', '优惠', { addTags: ['et-old'] });
    const m = w.message(text(CUST, 'zhangsan', '有优惠吗'));
    w.wecom.fail('externalcontact/mark_tag', 45033, 1);
    await expect(processArchive(w.deps, m)).rejects.toThrow();
    await w.rule('kwa', '优惠', { addTags: ['et-new'] });
    await processArchive(w.deps, m);
    expect(w.wecom.callsTo('externalcontact/mark_tag').map((b) => b.add_tag)).toEqual([['et-old'], ['et-old']]);
  });
});
