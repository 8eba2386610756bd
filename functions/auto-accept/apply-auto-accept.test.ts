// The auto-accept use case with fakes: adds counted once per (day, member, customer), the daily cap
// that rewrites the contact way (to the other staff, the backup, or verification), deletions counted
// against the channel that brought the customer, and a returning customer handed back.
import { stateOf, type ChannelRecord } from '../../shared/channels/channel';
import { followChangeOf } from '../../shared/domain/relationship';
import { manualClock } from '../../test/support/clock';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryChannelActivityStore, InMemoryChannelStore } from '../../test/support/fakes/channels';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { InMemoryLeaseStore } from '../../test/support/fakes/leases';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { queueMessage } from '../../test/support/queue-messages';
import { applyAutoAccept, type AutoAcceptDeps } from './apply-auto-accept';

const CORP = 'wwautoaccept';
/** An instant in Asia/Shanghai. */
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const ID = 'chan000001';

async function world(channel: Partial<ChannelRecord> = {}, o: { tenant?: boolean } = {}) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  if (o.tenant !== false) await tenants.put(await fakeTenant(secrets, CORP));
  const wecom = new FakeWecom().on('externalcontact/update_contact_way', {});
  const clock = manualClock(at('2026-11-23T10:00:00'));
  const channels = new InMemoryChannelStore();
  await channels.put({
    corpId: CORP,
    id: ID,
    state: stateOf(ID),
    name: 'cap test',
    staff: ['zhangsan', 'lisi'],
    backupStaff: [],
    skipVerify: true,
    autoAccept: { mode: 'always', windows: [] },
    dailyCapPerStaff: 0,
    tags: [],
    configId: 'cfg-1',
    qrCode: '',
    status: 'active',
    createdAt: '',
    updatedAt: '',
    applied: { user: ['zhangsan', 'lisi'], skipVerify: true, capped: [], usingBackup: false, forceVerify: false, day: '2026-11-23', at: '' },
    ...channel,
  });
  const activity = new InMemoryChannelActivityStore();
  const follows = new InMemoryFollowStore();
  const leases = new InMemoryLeaseStore();
  const deps: AutoAcceptDeps = { tenants, secrets, wecom, channels, activity, follows, leases, clock, sleep: async (ms) => clock.advance(ms) };
  /** An event now; adds and deletions are applied to the follow projection first, as the relationship concern does. */
  const event = async (
    type: 'add_external_contact' | 'add_half_external_contact' | 'del_external_contact' | 'del_follow_user',
    userId: string,
    ext: string,
    state?: string,
  ) => {
    const m = queueMessage({
      corpId: CORP,
      type: `change_external_contact.${type}`,
      occurredAt: Math.floor(clock.now() / 1000),
      event: { UserID: userId, ExternalUserID: ext, ...(state ? { State: state } : {}) },
    });
    const change = followChangeOf(m);
    if (change) await follows.apply(change);
    return m;
  };
  const updates = () => wecom.callsTo('externalcontact/update_contact_way');
  return { deps, wecom, clock, channels, activity, follows, event, updates };
}

const STATE = stateOf(ID);

describe('applyAutoAccept: adds and daily caps', () => {
  it('a half add and its full add count once; nothing is rewritten below the cap', async () => {
    const w = await world({ dailyCapPerStaff: 2 });
    expect(await applyAutoAccept(w.deps, await w.event('add_half_external_contact', 'zhangsan', 'wm1', STATE))).toBe('applied');
    const full = await w.event('add_external_contact', 'zhangsan', 'wm1', STATE);
    for (let i = 0; i < 3; i++) expect(await applyAutoAccept(w.deps, full)).toBe('stale');
    expect(await w.activity.addsOn(CORP, ID, '2026-11-23')).toEqual({ zhangsan: 1 });
    expect(w.updates()).toEqual([]);
  });

  it('a member at the cap leaves the contact way; when all are capped the backup takes over', async () => {
    const w = await world({ dailyCapPerStaff: 1, backupStaff: ['wangwu'] });
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wm1', STATE));
    expect(w.updates()).toEqual([{ config_id: 'cfg-1', remark: 'cap test', skip_verify: true, state: STATE, user: ['lisi'] }]);
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'lisi', 'wm2', STATE));
    expect(w.updates().at(-1)).toMatchObject({ user: ['wangwu'], skip_verify: true });
    expect((await w.channels.get(CORP, ID))?.applied).toMatchObject({ capped: ['zhangsan', 'lisi'], usingBackup: true, day: '2026-11-23' });
    expect(await w.activity.total(CORP, ID)).toMatchObject({ adds: 2, net: 2 });
  });

  it('with nobody left and no backup, verification is switched on', async () => {
    const w = await world({ staff: ['lisi'], dailyCapPerStaff: 1 });
    await w.channels.put({
      ...(await w.channels.get(CORP, ID))!,
      applied: { user: ['lisi'], skipVerify: true, capped: [], usingBackup: false, forceVerify: false, day: '2026-11-23', at: '' },
    });
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'lisi', 'wm1', STATE))).toBe('applied');
    expect(w.updates()).toEqual([expect.objectContaining({ user: ['lisi'], skip_verify: false })]);
    expect((await w.channels.get(CORP, ID))?.applied).toMatchObject({ forceVerify: true });
  });

  it("a repeat re-checks the cap (the first attempt may have counted and failed to rewrite); a past day's add does not", async () => {
    const w = await world({ dailyCapPerStaff: 1 });
    const m = await w.event('add_external_contact', 'zhangsan', 'wm1', STATE);
    w.wecom.failNetwork('externalcontact/update_contact_way');
    await expect(applyAutoAccept(w.deps, m)).rejects.toThrow(/network/);
    expect(await applyAutoAccept(w.deps, m)).toBe('stale');
    expect(w.updates().at(-1)).toMatchObject({ user: ['lisi'] });

    const late = await world({ dailyCapPerStaff: 1 });
    const yesterday = await late.event('add_external_contact', 'zhangsan', 'wm2', STATE);
    late.clock.set(at('2026-11-24T09:00:00'));
    expect(await applyAutoAccept(late.deps, yesterday)).toBe('applied');
    expect(late.updates()).toEqual([]);
  });

  it('adds through a deleted channel are counted without touching WeCom; unknown channels and states are ignored', async () => {
    const w = await world({ status: 'deleted', dailyCapPerStaff: 1 });
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wm1', STATE))).toBe('applied');
    expect(w.wecom.calls).toEqual([]);
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wm2', stateOf('nochan0001')))).toBe('ignored');
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wm3', 'someone-elses'))).toBe('ignored');
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wm4'))).toBe('ignored');
  });
});

describe('applyAutoAccept: deletions and returning customers', () => {
  it('counts deletions both ways against the channel that brought the customer, once per event', async () => {
    const w = await world();
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wmA', STATE));
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wmB', STATE));
    const byStaff = await w.event('del_external_contact', 'zhangsan', 'wmA');
    expect(await applyAutoAccept(w.deps, byStaff)).toBe('applied');
    expect(await applyAutoAccept(w.deps, byStaff)).toBe('stale');
    expect(await applyAutoAccept(w.deps, await w.event('del_follow_user', 'zhangsan', 'wmB'))).toBe('applied');
    expect(await applyAutoAccept(w.deps, await w.event('del_follow_user', 'zhangsan', 'wmNew'))).toBe('ignored');
    expect(await w.activity.total(CORP, ID)).toEqual({ adds: 2, deletions: 2, deletedByStaff: 1, deletedByCustomer: 1, net: 0 });
    expect((await w.activity.stats(CORP, ID, { fromDay: '2026-11-01', toDay: '2026-11-30' })).days).toEqual([
      { day: '2026-11-23', adds: 2, deletions: 2, deletedByStaff: 1, deletedByCustomer: 1, net: 0 },
    ]);
  });

  it('hands a returning customer back to the member they left (the add counts for them); a new customer stays', async () => {
    const w = await world({ dailyCapPerStaff: 5 });
    w.wecom.on('externalcontact/transfer_customer', (body) => ({ customer: body.external_userid.map((e) => ({ external_userid: e, errcode: 0 })) }));
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wmR', STATE));
    await applyAutoAccept(w.deps, await w.event('del_follow_user', 'zhangsan', 'wmR'));
    w.clock.set(at('2026-11-24T10:00:00'));
    expect(await applyAutoAccept(w.deps, await w.event('add_external_contact', 'lisi', 'wmR', STATE))).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/transfer_customer')).toEqual([{ handover_userid: 'lisi', takeover_userid: 'zhangsan', external_userid: ['wmR'] }]);
    expect(await w.activity.addsOn(CORP, ID, '2026-11-24')).toEqual({ zhangsan: 1 });

    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'lisi', 'wmFresh', STATE));
    expect(w.wecom.callsTo('externalcontact/transfer_customer')).toHaveLength(1);
  });

  it('a transfer WeCom refuses for the customer (e.g. the 90-day limit) leaves them where they landed', async () => {
    const w = await world({ dailyCapPerStaff: 5 });
    w.wecom.on('externalcontact/transfer_customer', (body) => ({ customer: body.external_userid.map((e) => ({ external_userid: e, errcode: 40128 })) }));
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'zhangsan', 'wmR', STATE));
    await applyAutoAccept(w.deps, await w.event('del_follow_user', 'zhangsan', 'wmR'));
    w.clock.set(at('2026-11-24T10:00:00'));
    await applyAutoAccept(w.deps, await w.event('add_external_contact', 'lisi', 'wmR', STATE));
    expect(await w.activity.addsOn(CORP, ID, '2026-11-24')).toEqual({ lisi: 1 });
  });
});
