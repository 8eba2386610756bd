// The broadcast job with fakes: the audience as of the first run, one add_msg_template per sender batch,
// paced by callsPerRun, recipients counted once per broadcast in the quota ledger (a rerun never sends
// twice, a cap blocks), busy answers retried by the next run, a refusal that ends the send.
import { InMemoryCustomerFieldStore } from '../../../test/support/fakes/customer-fields';
import { InMemoryBlobStore, InMemoryMaterialStore } from '../../../test/support/fakes/materials';
import type { BroadcastRecord } from '../../../shared/db/broadcast-repository';
import { monthlyCap } from '../../../shared/domain/quota';
import { shanghaiDay } from '../../../shared/events/time';
import { manualClock } from '../../../test/support/clock';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryCustomerStore } from '../../../test/support/fakes/customers';
import { InMemoryDueStore } from '../../../test/support/fakes/due';
import { InMemoryFollowStore } from '../../../test/support/fakes/follows';
import { InMemoryGroupStore } from '../../../test/support/fakes/groups';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { InMemoryBroadcastStore, InMemoryQuotaLedger } from '../../../test/support/fakes/outreach';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { broadcastSendId, DEFAULT_RESULTS_POLL_SECONDS, runBroadcasts, type BroadcastJobDeps } from './run-broadcasts';

const CORP = 'wwbroadcast';
const NOW = 1_764_000_000;

async function world(pacing?: BroadcastJobDeps['pacing']) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP));
  const clock = manualClock(NOW * 1000);
  let n = 0;
  const wecom = new FakeWecom().on('externalcontact/add_msg_template', () => ({ msgid: `msg${++n}` }));
  const due = new InMemoryDueStore(clock);
  const broadcasts = new InMemoryBroadcastStore();
  const quota = new InMemoryQuotaLedger();
  const follows = new InMemoryFollowStore();
  const customerRecords = new InMemoryCustomerStore();
  const groups = new InMemoryGroupStore();
  const deps: BroadcastJobDeps = {
    tenants,
    secrets,
    wecom,
    due,
    leases: new InMemoryLeaseStore(),
    broadcasts,
    customerFields: new InMemoryCustomerFieldStore(),
    quota,
    follows,
    customerRecords,
    groups,
    clock,
    materials: new InMemoryMaterialStore(),
    blobs: new InMemoryBlobStore(),
    ...(pacing ? { pacing } : {}),
  };
  let k = 0;
  /** A customer added by `userId` at `at`, as the relationship concern records it. */
  const customer = async (ext: string, userId: string, at = NOW - 3600) => {
    await customerRecords.touch(CORP, ext, at);
    await follows.apply({ corpId: CORP, externalUserId: ext, userId, status: 'active', changedAt: at, rank: 1, eventKey: `k${k++}`, added: { at } });
  };
  const broadcast = async (id: string, over: Partial<BroadcastRecord> = {}) => {
    const b: BroadcastRecord = {
      corpId: CORP,
      id,
      target: 'customers',
      filter: {},
      content: { text: '双十一活动开始啦' },
      sendAt: NOW - 10,
      status: 'scheduled',
      audience: 0,
      sent: 0,
      blockedCount: 0,
      blockedByReason: {},
      blocked: [],
      failedCount: 0,
      failed: [],
      remaining: 0,
      msgids: [],
      batches: [],
      runs: 0,
      createdAt: '',
      updatedAt: '',
      version: 1,
      ...over,
    };
    await broadcasts.create(b);
    await due.schedule({ corpId: CORP, job: 'broadcast', id, dueAt: b.sendAt });
  };
  const run = () => runBroadcasts(deps, { nowMs: clock.now() });
  const sends = () => wecom.callsTo('externalcontact/add_msg_template');
  return { deps, wecom, clock, due, broadcasts, quota, groups, customer, broadcast, run, sends };
}

describe('runBroadcasts', () => {
  it('without a staff filter, one call (WeCom picks the members); with one, one call per listed member', async () => {
    const w = await world();
    for (const [ext, u] of [
      ['wm1', 'zhangsan'],
      ['wm2', 'zhangsan'],
      ['wm3', 'lisi'],
    ] as const)
      await w.customer(ext, u);
    await w.broadcast('all');
    await w.run();
    expect(w.sends()).toEqual([{ chat_type: 'single', external_userid: ['wm1', 'wm2', 'wm3'], text: { content: '双十一活动开始啦' } }]);
  });

  it('sends to the audience, records it, moves its marker on to follow the results; a rerun sends nothing', async () => {
    const w = await world();
    for (const [ext, u] of [
      ['wm1', 'zhangsan'],
      ['wm2', 'zhangsan'],
      ['wm3', 'lisi'],
    ] as const)
      await w.customer(ext, u);
    await w.broadcast('b1', { filter: { staff: ['zhangsan', 'lisi'] } });
    const report = await w.run();
    expect(report.results).toEqual([{ corpId: CORP, id: 'b1', status: 'sent', sent: 3, calls: 2, remaining: 0, blocked: 0 }]);
    expect(w.sends()).toEqual([
      { chat_type: 'single', external_userid: ['wm3'], sender: 'lisi', text: { content: '双十一活动开始啦' } },
      { chat_type: 'single', external_userid: ['wm1', 'wm2'], sender: 'zhangsan', text: { content: '双十一活动开始啦' } },
    ]);
    expect(await w.broadcasts.get(CORP, 'b1')).toMatchObject({ status: 'sent', audience: 3, sent: 3, msgids: ['msg1', 'msg2'], runs: 1, audienceAsOf: NOW });
    // WeCom accepted it: the same marker now follows the results (群发结果), every DEFAULT_RESULTS_POLL_SECONDS.
    expect(await w.broadcasts.get(CORP, 'b1')).toMatchObject({ delivery: { status: 'accepted', acceptedAt: NOW, staff: [], reminders: [] } });
    expect(await w.due.get(CORP, 'broadcast', 'b1')).toMatchObject({ dueAt: NOW + DEFAULT_RESULTS_POLL_SECONDS });

    // Scheduled again by hand (an operator replay): the ledger knows every recipient was counted.
    await w.due.schedule({ corpId: CORP, job: 'broadcast', id: 'b1', dueAt: NOW });
    await w.run();
    expect(w.sends()).toHaveLength(2);
  });

  it('paces: at most callsPerRun calls per run, the marker moves paceSeconds on; customers added after the first run are left out', async () => {
    const w = await world({ callsPerRun: 1, paceSeconds: 60 });
    for (const [ext, u] of [
      ['wm1', 'a'],
      ['wm2', 'b'],
      ['wm3', 'c'],
    ] as const)
      await w.customer(ext, u);
    await w.broadcast('b2', { filter: { staff: ['a', 'b', 'c'] } });
    expect((await w.run()).results).toEqual([expect.objectContaining({ status: 'sending', calls: 1, remaining: 2 })]);
    expect(await w.due.get(CORP, 'broadcast', 'b2')).toMatchObject({ dueAt: NOW + 60 });
    w.clock.advance(60_000);
    await w.customer('wm4', 'a', NOW + 30); // added after the first run
    await w.run();
    w.clock.advance(60_000);
    await w.run();
    expect(w.sends().map((b) => b.external_userid)).toEqual([['wm1'], ['wm2'], ['wm3']]);
    expect(await w.broadcasts.get(CORP, 'b2')).toMatchObject({ status: 'sent', sent: 3, runs: 3, remaining: 0 });
  });

  it("blocks recipients at WeCom's monthly cap: partially blocked, with the reason counted", async () => {
    const w = await world();
    await w.customer('wmfull', 'zhangsan');
    await w.customer('wmok', 'zhangsan');
    const day = shanghaiDay(NOW);
    for (let i = 0; i < monthlyCap(day); i++) await w.quota.reserve(CORP, 'wmfull', `earlier${i}`, day, { month: monthlyCap(day) });
    await w.broadcast('b3');
    await w.run();
    expect(w.sends().map((b) => b.external_userid)).toEqual([['wmok']]);
    expect(await w.broadcasts.get(CORP, 'b3')).toMatchObject({
      status: 'partially_blocked',
      sent: 1,
      blockedCount: 1,
      blocked: [{ recipient: 'wmfull', reason: 'monthly_cap' }],
    });
  });

  it('a busy WeCom gives the counts back and fails the run; the next run sends them', async () => {
    const w = await world();
    await w.customer('wm1', 'zhangsan');
    await w.broadcast('b4');
    w.wecom.fail('externalcontact/add_msg_template', 45009, 1);
    expect((await w.run()).failed).toEqual([expect.objectContaining({ id: 'b4', error: expect.stringContaining('45009') })]);
    expect((await w.quota.months(CORP, ['wm1'], shanghaiDay(NOW))).get('wm1')).toEqual([expect.objectContaining({ total: 0 })]);
    w.clock.advance(60_000);
    await w.run();
    expect(await w.broadcasts.get(CORP, 'b4')).toMatchObject({ status: 'sent', sent: 1 });
    expect(w.sends()).toHaveLength(2);
  });

  it("a refusal ends the send: failed with WeCom's errcode, the recipients kept counted; fail_list recipients are failed", async () => {
    const w = await world();
    await w.customer('wm1', 'zhangsan');
    await w.broadcast('b5');
    w.wecom.fail('externalcontact/add_msg_template', 41048, 1, 'invalid msgtype');
    await w.run();
    expect(await w.broadcasts.get(CORP, 'b5')).toMatchObject({
      status: 'failed',
      error: { errcode: 41048, errmsg: 'invalid msgtype' },
      failed: [{ recipient: 'wm1', reason: 'wecom_41048' }],
    });
    expect(await w.due.get(CORP, 'broadcast', 'b5')).toBeUndefined();

    const v = await world();
    await v.customer('wm1', 'zhangsan');
    await v.customer('wm2', 'zhangsan');
    v.wecom.on('externalcontact/add_msg_template', { msgid: 'm', fail_list: ['wm2'] });
    await v.broadcast('b6');
    await v.run();
    expect(await v.broadcasts.get(CORP, 'b6')).toMatchObject({
      status: 'partially_blocked',
      sent: 1,
      failed: [{ recipient: 'wm2', reason: 'refused_by_wecom' }],
    });
    expect((await v.quota.months(CORP, ['wm2'], shanghaiDay(NOW))).get('wm2')?.[0]?.sends.has(broadcastSendId('b6'))).toBe(true);
  });

  it('group broadcasts go to live groups, one call per owner', async () => {
    const w = await world();
    for (const [chatId, owner, status] of [
      ['wr1', 'zhangsan', 'active'],
      ['wr2', 'lisi', 'active'],
      ['wr3', 'zhangsan', 'dismissed'],
    ] as const) {
      await w.groups.applySnapshot({ corpId: CORP, chatId, name: chatId, owner, memberCount: 3, status, changedAt: NOW - 100, updatedAt: '' });
    }
    await w.broadcast('bg', { target: 'groups' });
    await w.run();
    expect(w.sends().map((b) => [b.chat_type, b.sender, b.chat_id_list])).toEqual([
      ['group', 'lisi', ['wr2']],
      ['group', 'zhangsan', ['wr1']],
    ]);
  });
});
