// One tenant's reconcile with fakes: WeCom's lists against the local stores, the synthetic events it
// records (once per key) and delivers to the state owners only, the refused lists it leaves out, and
// the report it keeps.
import { STAFF_RANK } from '../../../shared/domain/staff';
import { manualClock } from '../../../test/support/clock';
import { FakeWecom } from '../../../test/support/fake-wecom';
import { InMemoryEventLog, RecordingQueuePublisher } from '../../../test/support/fakes';
import { InMemoryStaffStore, InMemoryTagMirror } from '../../../test/support/fakes/customers';
import { InMemoryFollowStore } from '../../../test/support/fakes/follows';
import { InMemoryGroupStore } from '../../../test/support/fakes/groups';
import { InMemoryReconcileReportStore } from '../../../test/support/fakes/reports';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../../test/support/fakes/tenants';
import { reconcileTenant, type ReconcileDeps } from './reconcile-tenant';

const CORP = 'wwreconcile';
const NOW = 1_764_000_000; // 2025-11-25 Shanghai

/** WeCom's side: the directory, each member's customers, the tags and the group chats. */
interface Remote {
  staff: Array<{ userid: string; department: number }>;
  follows: Record<string, string[]>;
  tags: Array<{ id: string; name: string }>;
  chats: string[];
}

async function world(remote: Remote) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP));
  const wecom = new FakeWecom()
    .on('user/list_id', () => ({ dept_user: remote.staff }))
    .on('externalcontact/get_follow_user_list', () => ({ follow_user: Object.keys(remote.follows) }))
    .on('externalcontact/list', (b) =>
      remote.follows[b.userid]?.length ? { external_userid: remote.follows[b.userid]! } : { errcode: 84061, errmsg: 'no customers' },
    )
    .on('externalcontact/get_corp_tag_list', () => ({ tag_group: [{ group_id: 'g1', group_name: '等级', tag: remote.tags }] }))
    .on('externalcontact/groupchat/list', () => ({ group_chat_list: remote.chats.map((chat_id) => ({ chat_id, status: 0 })) }));
  const clock = manualClock(NOW * 1000 + 123);
  const eventLog = new InMemoryEventLog();
  const queues = new RecordingQueuePublisher();
  const follows = new InMemoryFollowStore();
  const staffRegistry = new InMemoryStaffStore();
  const tagMirror = new InMemoryTagMirror();
  const groups = new InMemoryGroupStore();
  const reconcileReports = new InMemoryReconcileReportStore();
  const deps: ReconcileDeps = { tenants, secrets, wecom, eventLog, queues, follows, staffRegistry, tagMirror, groups, reconcileReports, clock };
  return { deps, wecom, clock, eventLog, queues, follows, staffRegistry, tagMirror, groups, reconcileReports };
}

type World = Awaited<ReturnType<typeof world>>;

/** Local state equal to `remote`, as the callbacks would have built it. */
async function inSync(w: World, remote: Remote) {
  for (const s of remote.staff)
    await w.staffRegistry.apply({ corpId: CORP, userId: s.userid, changedAt: NOW - 100, rank: STAFF_RANK.sync, department: [s.department], status: 'active' });
  let i = 0;
  for (const [userId, exts] of Object.entries(remote.follows)) {
    for (const ext of exts)
      await w.follows.apply({
        corpId: CORP,
        externalUserId: ext,
        userId,
        status: 'active',
        changedAt: NOW - 100,
        rank: 1,
        eventKey: `k${i++}`,
        added: { at: NOW - 100 },
      });
  }
  for (const t of remote.tags)
    await w.tagMirror.put(CORP, { id: t.id, name: t.name, groupId: 'g1', groupName: '等级', order: 0, deleted: false }, NOW * 1000 - 1);
  for (const chatId of remote.chats)
    await w.groups.applySnapshot({
      corpId: CORP,
      chatId,
      name: chatId,
      owner: 'zhangsan',
      memberCount: 1,
      status: 'active',
      changedAt: NOW - 100,
      updatedAt: '',
    });
}

const base = (): Remote => ({
  staff: [
    { userid: 'zhangsan', department: 1 },
    { userid: 'lisi', department: 1 },
  ],
  follows: { zhangsan: ['wmA', 'wmB'], lisi: [] },
  tags: [{ id: 'et1', name: '重要' }],
  chats: ['wr1'],
});

describe('reconcileTenant', () => {
  it('finds no drift in state built through the normal path: nothing recorded, a clean report kept', async () => {
    const remote = base();
    const w = await world(remote);
    await inSync(w, remote);
    const report = await reconcileTenant(w.deps, CORP, NOW);
    expect(report).toMatchObject({ corpId: CORP, day: '2025-11-25', at: NOW, ranAtMs: NOW * 1000 + 123, fixed: [], recorded: 0, delivered: 0, unread: [] });
    expect(w.eventLog.size).toBe(0);
    expect(await w.reconcileReports.latest(CORP, 5)).toEqual([report]);
  });

  it('turns each difference into one synthetic event for the state owners only, recorded once however often it runs', async () => {
    const remote = base();
    const w = await world(remote);
    await inSync(w, remote);
    remote.staff.push({ userid: 'qianqi', department: 2 });
    remote.staff = remote.staff.filter((s) => s.userid !== 'lisi');
    delete remote.follows.lisi;
    remote.follows.zhangsan = ['wmB', 'wmC'];
    remote.tags = [
      { id: 'et1', name: '超级重要' },
      { id: 'et2', name: '新标签' },
    ];
    remote.chats = ['wr2'];

    const first = await reconcileTenant(w.deps, CORP, NOW);
    expect(first.fixed).toEqual(
      expect.arrayContaining([
        { kind: 'staff_missing', ids: ['qianqi'] },
        { kind: 'staff_extra', ids: ['lisi'] },
        { kind: 'follow_missing', ids: ['zhangsan', 'wmC'] },
        { kind: 'follow_gone', ids: ['zhangsan', 'wmA'] },
        { kind: 'tag_renamed', ids: ['et1'] },
        { kind: 'tag_missing', ids: ['et2'] },
        { kind: 'group_missing', ids: ['wr2'] },
        { kind: 'group_dismissed', ids: ['wr1'] },
      ]),
    );
    expect(first).toMatchObject({ recorded: 8, delivered: 8, unread: [] });
    const logged = w.eventLog.all();
    expect(logged).toHaveLength(8);
    for (const e of logged) {
      expect(e.concerns.every((c) => c === 'relationship' || c === 'group-routing')).toBe(true);
      expect(e).toMatchObject({ occurredAt: NOW, receivedAt: NOW * 1000 + 123 });
    }
    expect(
      w.queues
        .on('relationship')
        .map((m) => m.type)
        .sort(),
    ).toEqual(
      [
        'change_contact.create_user',
        'change_contact.delete_user',
        'change_external_contact.add_external_contact',
        'change_external_contact.del_external_contact',
        'change_external_tag.create',
        'change_external_tag.update',
      ].sort(),
    );
    expect(
      w.queues
        .on('group-routing')
        .map((m) => m.type)
        .sort(),
    ).toEqual(['change_external_chat.create', 'change_external_chat.dismiss']);
    expect(w.queues.sent.every((s) => s.concern === 'relationship' || s.concern === 'group-routing')).toBe(true);

    // The same drift again before the consumers got to it: logged and enqueued already, nothing twice.
    w.clock.advance(60_000);
    const again = await reconcileTenant(w.deps, CORP, NOW);
    expect(again).toMatchObject({ recorded: 0, delivered: 0 });
    expect(again.fixed).toEqual(first.fixed);
    expect(w.queues.sent).toHaveLength(8);
    expect((await w.reconcileReports.latest(CORP, 5)).map((r) => r.recorded)).toEqual([0, 8]);
  });

  it('an event whose queue failed is delivered by the next run, to that concern only', async () => {
    const remote = base();
    const w = await world(remote);
    await inSync(w, remote);
    remote.chats = ['wr1', 'wr9'];
    remote.follows.lisi = ['wmL'];
    w.queues.failFor('group-routing');
    await expect(reconcileTenant(w.deps, CORP, NOW)).rejects.toThrow(/group-routing/);
    expect(w.queues.on('relationship')).toHaveLength(1);
    const logged = w.eventLog.all().find((e) => e.type === 'change_external_chat.create')!;
    expect(logged.enqueued.size).toBe(0);

    w.queues.recover();
    const next = await reconcileTenant(w.deps, CORP, NOW);
    expect(next).toMatchObject({ recorded: 0, delivered: 1 });
    expect(w.queues.on('group-routing').map((m) => m.type)).toEqual(['change_external_chat.create']);
    expect(w.queues.on('relationship')).toHaveLength(1);
  });

  it('a list WeCom refuses is reported unread and concludes nothing (no deletions from a failed read)', async () => {
    const remote = base();
    const w = await world(remote);
    await inSync(w, remote);
    remote.chats = [];
    remote.follows.zhangsan = [];
    w.wecom.fail('externalcontact/groupchat/list', 48002, 1).fail('externalcontact/list', 60011, 1);
    const report = await reconcileTenant(w.deps, CORP, NOW);
    expect(report.unread).toEqual([
      { section: 'follows', userId: 'zhangsan', error: '60011' },
      { section: 'groups', error: '48002' },
    ]);
    expect(report.fixed).toEqual([]);
    expect(w.eventLog.size).toBe(0);
  });

  it('a member without customers (84061) has none; an unknown tenant is a not-found error', async () => {
    const remote = base();
    const w = await world(remote);
    await inSync(w, remote);
    expect((await reconcileTenant(w.deps, CORP, NOW)).unread).toEqual([]);
    expect(w.wecom.callsTo('externalcontact/list').map((b) => b.userid)).toEqual(['zhangsan', 'lisi']);
    await expect(reconcileTenant(w.deps, 'wwnotenant', NOW)).rejects.toMatchObject({ code: 'not_found' });
  });
});
