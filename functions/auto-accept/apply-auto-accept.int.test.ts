// Auto-accept against DynamoDB Local and the WeCom simulator over HTTP: channels created through the
// admin use case, add/delete events through the consumer, window edges and midnight through the
// channel-review schedule. The clock is ours to move; WeCom's answers are the simulator's.
import { randomUUID } from 'node:crypto';
import { followChangeOf } from '../../shared/domain/relationship';
import { integrationWorld } from '../../test/support/integration-world';
import { queueMessage } from '../../test/support/queue-messages';
import { invokeJson } from '../admin-api/dispatch';
import { channelRoutes } from '../admin-api/routes/channels';
import { reviewChannels } from '../schedules/channel-review/review-channels';
import { applyAutoAccept, type AutoAcceptDeps } from './apply-auto-accept';

// Monday 2026-11-23 in Asia/Shanghai; each test sets the clock it needs (WeCom's clock is the real one).
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const world = integrationWorld({ simulator: { clock: () => Date.now() }, clockAt: at('2026-11-23T10:00:00') });
const { follows } = world.stores;
let sim: typeof world.sim;
let corpId: string;
let deps: AutoAcceptDeps;

/** The channel routes as the admin API runs them (bodies parsed by the route), on the job's clock. */
const createChannel = (d: AutoAcceptDeps, corpId: string, body: unknown) => invokeJson(channelRoutes.create, d, corpId, { body });
const updateChannel = (d: AutoAcceptDeps, corpId: string, id: string, body: unknown) => invokeJson(channelRoutes.update, d, corpId, { params: { id }, body });
const getChannel = (d: AutoAcceptDeps, corpId: string, id: string) => invokeJson(channelRoutes.get, d, corpId, { params: { id } });

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  corpId = await world.demoTenant({ name: 'demo' });
  deps = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
});
afterAll(() => world.close());

const way = (configId: string) => sim.state.corp(corpId).contactWays.get(configId)!;
const updatesOf = (configId: string) =>
  sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/update_contact_way' }).filter((c) => (c.body as { config_id?: string }).config_id === configId);
const newExt = () => `wm${randomUUID().replace(/-/g, '')}`;

function event(
  type: 'add_external_contact' | 'add_half_external_contact' | 'del_external_contact' | 'del_follow_user',
  userId: string,
  ext: string,
  state?: string,
) {
  return queueMessage({
    corpId,
    type: `change_external_contact.${type}`,
    occurredAt: Math.floor(world.clock.now() / 1000),
    event: { Event: 'change_external_contact', ChangeType: type, UserID: userId, ExternalUserID: ext, ...(state ? { State: state } : {}) },
  });
}

/** An add as WeCom would report it: the simulator knows the follow, the relationship projection has it. */
async function add(userId: string, ext: string, state: string, type: 'add_external_contact' | 'add_half_external_contact' = 'add_external_contact') {
  sim.state.addCustomers(corpId, [{ externalUserId: ext, name: '客户', follows: [{ userId, state }] }]);
  const m = event(type, userId, ext, state);
  await follows.apply(followChangeOf(m)!);
  return m;
}

describe('auto-accept: daily caps and backup staff', () => {
  it('counts each customer once, rewrites the contact way without capped staff, then to the backup, and restores it at midnight', async () => {
    world.clock.set(at('2026-11-23T10:00:00'));
    const ch = await createChannel(deps, corpId, { name: 'cap test', staff: ['zhangsan', 'lisi'], backupStaff: ['wangwu'], dailyCapPerStaff: 2 });
    expect(way(ch.configId)).toMatchObject({ type: 2, user: ['zhangsan', 'lisi'], skip_verify: true, state: ch.state });

    // zhangsan's first customer arrives as a half add, then the full add, and the callback repeats: one add.
    const first = newExt();
    const half = await add('zhangsan', first, ch.state, 'add_half_external_contact');
    expect(await applyAutoAccept(deps, half)).toBe('applied');
    const full = await add('zhangsan', first, ch.state);
    for (let i = 0; i < 3; i++) expect(await applyAutoAccept(deps, full)).toBe('stale');
    expect(updatesOf(ch.configId)).toHaveLength(0);

    expect(await applyAutoAccept(deps, await add('zhangsan', newExt(), ch.state))).toBe('applied');
    expect(way(ch.configId).user).toEqual(['lisi']);
    expect((await getChannel(deps, corpId, ch.id)).contactWay).toMatchObject({ staff: ['lisi'], cappedStaff: ['zhangsan'], usingBackup: false });

    // A burst for lisi in the same second: both counted, the cap reached, the backup takes over.
    await Promise.all([newExt(), newExt()].map(async (ext) => applyAutoAccept(deps, await add('lisi', ext, ch.state))));
    expect(way(ch.configId)).toMatchObject({ user: ['wangwu'], skip_verify: true });
    const updates = updatesOf(ch.configId).length;
    expect(updates).toBe(2);

    const stats = await getChannel(deps, corpId, ch.id);
    expect(stats.stats?.total).toMatchObject({ adds: 4, deletions: 0, net: 4 });
    expect(stats.stats?.days).toEqual([expect.objectContaining({ day: '2026-11-23', adds: 4 })]);

    // Before midnight the review has nothing to do; at midnight the staff are back.
    world.clock.set(at('2026-11-23T23:59:00'));
    await reviewChannels(deps, { corpId });
    expect(updatesOf(ch.configId)).toHaveLength(updates);
    world.clock.set(at('2026-11-24T00:00:30'));
    const report = await reviewChannels(deps, { corpId });
    expect(report.failed.filter((f) => f.channelId === ch.id)).toEqual([]);
    expect(way(ch.configId)).toMatchObject({ user: ['zhangsan', 'lisi'], skip_verify: true });
    expect((await getChannel(deps, corpId, ch.id)).contactWay).toMatchObject({ cappedStaff: [], nextReviewAt: null });
  });
});

describe('auto-accept: schedule windows', () => {
  it('flips skip_verify at the window edges (Asia/Shanghai), once under concurrent runs', async () => {
    world.clock.set(at('2026-11-26T08:30:00')); // Thursday
    const ch = await createChannel(deps, corpId, {
      name: 'office hours',
      staff: ['zhangsan'],
      autoAccept: { mode: 'schedule', windows: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }] },
    });
    expect(way(ch.configId).skip_verify).toBe(false);
    expect(ch.contactWay?.nextReviewAt).toBe(new Date(at('2026-11-26T09:00:00')).toISOString());

    world.clock.set(at('2026-11-26T08:59:00'));
    await reviewChannels(deps, { corpId });
    expect(way(ch.configId).skip_verify).toBe(false);

    world.clock.set(at('2026-11-26T09:00:20'));
    await Promise.all([reviewChannels(deps, { corpId }), reviewChannels(deps, { corpId }), reviewChannels(deps, { corpId })]);
    expect(way(ch.configId).skip_verify).toBe(true);
    expect(updatesOf(ch.configId)).toHaveLength(1);

    world.clock.set(at('2026-11-26T18:00:05'));
    await reviewChannels(deps, { corpId });
    expect(way(ch.configId)).toMatchObject({ skip_verify: false, user: ['zhangsan'] });
    expect((await getChannel(deps, corpId, ch.id)).contactWay?.nextReviewAt).toBe(new Date(at('2026-11-27T09:00:00')).toISOString());
  });

  it("a policy edit rewrites the contact way and keeps today's caps", async () => {
    world.clock.set(at('2026-11-27T10:00:00'));
    const ch = await createChannel(deps, corpId, { name: 'edit', staff: ['zhangsan', 'lisi'], dailyCapPerStaff: 1 });
    await applyAutoAccept(deps, await add('zhangsan', newExt(), ch.state));
    expect(way(ch.configId).user).toEqual(['lisi']);
    const edited = await updateChannel(deps, corpId, ch.id, { staff: ['zhangsan', 'lisi', 'wangwu'], name: 'edited' });
    expect(way(ch.configId)).toMatchObject({ user: ['lisi', 'wangwu'], remark: 'edited' });
    expect(edited.contactWay).toMatchObject({ staff: ['lisi', 'wangwu'], cappedStaff: ['zhangsan'] });
  });
});

describe('auto-accept: deletions and returning customers', () => {
  it('counts deletions both ways against the channel that brought the customer, once per event', async () => {
    world.clock.set(at('2026-11-28T10:00:00'));
    const ch = await createChannel(deps, corpId, { name: 'churn', staff: ['zhangsan'] });
    const [a, b] = [newExt(), newExt()];
    await applyAutoAccept(deps, await add('zhangsan', a, ch.state));
    await applyAutoAccept(deps, await add('zhangsan', b, ch.state));
    const byStaff = event('del_external_contact', 'zhangsan', a);
    expect(await applyAutoAccept(deps, byStaff)).toBe('applied');
    expect(await applyAutoAccept(deps, byStaff)).toBe('stale');
    expect(await applyAutoAccept(deps, event('del_follow_user', 'zhangsan', b))).toBe('applied');
    expect(await applyAutoAccept(deps, event('del_follow_user', 'zhangsan', newExt()))).toBe('ignored');
    expect((await getChannel(deps, corpId, ch.id)).stats?.total).toEqual({ adds: 2, deletions: 2, deletedByStaff: 1, deletedByCustomer: 1, net: 0 });
  });
});
