// The channel-review schedule with fakes: due channels get their contact way recomputed (window edges,
// midnight after a cap), a rewrite only on a difference, a channel of a gone tenant leaves the schedule,
// and one channel's failure is reported without stopping the others.
import { stateOf, type ChannelRecord } from '../../../shared/channels/channel';
import { manualClock } from '../../../test/support/clock';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryChannelActivityStore, InMemoryChannelStore } from '../../../test/support/fakes/channels';
import { InMemoryLeaseStore } from '../../../test/support/fakes/leases';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { reviewChannels, type ReviewDeps } from './review-channels';

const CORP = 'wwreview';
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const sec = (ms: number) => Math.floor(ms / 1000);

const channel = (id: string, over: Partial<ChannelRecord> = {}): ChannelRecord => ({
  corpId: CORP,
  id,
  state: stateOf(id),
  name: `ch ${id}`,
  staff: ['zhangsan'],
  backupStaff: [],
  skipVerify: true,
  autoAccept: { mode: 'schedule', windows: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }] },
  dailyCapPerStaff: 0,
  tags: [],
  configId: `cfg-${id}`,
  qrCode: '',
  status: 'active',
  createdAt: '',
  updatedAt: '',
  applied: { user: ['zhangsan'], skipVerify: false, capped: [], usingBackup: false, forceVerify: false, day: '2026-11-26', at: '' },
  reviewAt: sec(at('2026-11-26T09:00:00')),
  ...over,
});

async function world() {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP));
  const wecom = new FakeWecom().on('externalcontact/update_contact_way', {});
  const clock = manualClock(at('2026-11-26T08:59:00')); // a Thursday
  const channels = new InMemoryChannelStore();
  const activity = new InMemoryChannelActivityStore();
  const deps: ReviewDeps = { tenants, secrets, wecom, channels, activity, leases: new InMemoryLeaseStore(), clock, sleep: async (ms) => clock.advance(ms) };
  return { deps, wecom, clock, channels, activity };
}

describe('reviewChannels', () => {
  it('does nothing before a channel is due; at the window edge flips skip_verify once, then schedules the next edge', async () => {
    const w = await world();
    await w.channels.put(channel('office0001'));
    expect(await reviewChannels(w.deps)).toEqual({ due: 0, updated: 0, unchanged: 0, gone: 0, failed: [] });

    w.clock.set(at('2026-11-26T09:00:20'));
    expect(await reviewChannels(w.deps)).toMatchObject({ due: 1, updated: 1 });
    expect(await reviewChannels(w.deps)).toMatchObject({ due: 0 });
    expect(w.wecom.callsTo('externalcontact/update_contact_way')).toEqual([
      { config_id: 'cfg-office0001', remark: 'ch office0001', skip_verify: true, state: stateOf('office0001'), user: ['zhangsan'] },
    ]);
    expect((await w.channels.get(CORP, 'office0001'))?.reviewAt).toBe(sec(at('2026-11-26T18:00:00')));

    w.clock.set(at('2026-11-26T18:00:05'));
    await reviewChannels(w.deps);
    expect(w.wecom.callsTo('externalcontact/update_contact_way').at(-1)).toMatchObject({ skip_verify: false });
    expect((await w.channels.get(CORP, 'office0001'))?.reviewAt).toBe(sec(at('2026-11-27T09:00:00')));
  });

  it('a due channel whose contact way is already right is left unchanged (no call)', async () => {
    const w = await world();
    w.clock.set(at('2026-11-26T09:00:20'));
    await w.channels.put(
      channel('right00001', {
        applied: { user: ['zhangsan'], skipVerify: true, capped: [], usingBackup: false, forceVerify: false, day: '2026-11-26', at: '' },
      }),
    );
    expect(await reviewChannels(w.deps)).toMatchObject({ due: 1, unchanged: 1, updated: 0 });
    expect(w.wecom.calls).toEqual([]);
  });

  it('brings capped staff back at midnight', async () => {
    const w = await world();
    await w.channels.put(
      channel('capped0001', {
        staff: ['zhangsan', 'lisi'],
        autoAccept: { mode: 'always', windows: [] },
        dailyCapPerStaff: 1,
        applied: { user: ['lisi'], skipVerify: true, capped: ['zhangsan'], usingBackup: false, forceVerify: false, day: '2026-11-26', at: '' },
        reviewAt: sec(at('2026-11-27T00:00:00')),
      }),
    );
    await w.activity.recordAdd({ corpId: CORP, channelId: 'capped0001', day: '2026-11-26', userId: 'zhangsan', externalUserId: 'wm1' });
    w.clock.set(at('2026-11-26T23:59:00'));
    expect(await reviewChannels(w.deps)).toMatchObject({ due: 0 });
    w.clock.set(at('2026-11-27T00:00:30'));
    expect(await reviewChannels(w.deps)).toMatchObject({ due: 1, updated: 1 });
    expect(w.wecom.callsTo('externalcontact/update_contact_way')).toEqual([expect.objectContaining({ user: ['zhangsan', 'lisi'], skip_verify: true })]);
    expect(await w.channels.get(CORP, 'capped0001')).toMatchObject({ applied: { capped: [], day: '2026-11-27' } });
    expect((await w.channels.get(CORP, 'capped0001'))?.reviewAt).toBeUndefined();
  });

  it("takes a gone tenant's channel off the schedule; a deleted channel is gone", async () => {
    const w = await world();
    w.clock.set(at('2026-11-26T09:00:20'));
    await w.channels.put(channel('orphan0001', { corpId: 'wwgonetenant' }));
    expect(await reviewChannels(w.deps, { corpId: 'wwgonetenant' })).toMatchObject({ due: 1, gone: 1 });
    expect(await w.channels.dueForReview(sec(w.clock.now()), 500)).toEqual([]);
    expect(w.wecom.calls).toEqual([]);
  });

  it('only the asked tenant is reviewed; a failure is reported and the other channels still run', async () => {
    const w = await world();
    w.clock.set(at('2026-11-26T09:00:20'));
    await w.channels.put(channel('fails00001'));
    await w.channels.put(channel('works00001'));
    await w.channels.put(channel('other00001', { corpId: 'wwother' }));
    w.wecom.fail('externalcontact/update_contact_way', 41054, 1);
    const report = await reviewChannels(w.deps, { corpId: CORP });
    expect(report).toMatchObject({ due: 2, updated: 1, failed: [{ corpId: CORP, channelId: 'fails00001', error: expect.stringContaining('41054') }] });
    // The failed one is still due (the next run tries again).
    expect((await w.channels.dueForReview(sec(w.clock.now()), 500)).map((c) => c.id).sort()).toEqual(['fails00001', 'other00001']);
  });
});
