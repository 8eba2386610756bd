// Reconcile against the WeCom simulator (over HTTP), DynamoDB Local and the SQS emulator: local state is
// built through the normal path (signed callbacks → event log → concern queues → consumers, and the
// directory sync), then WeCom changes behind our back (callbacks lost), a run records synthetic events
// and delivers them to relationship and group-routing only, the consumers apply them, and a second run
// finds nothing left to fix.
import { randomUUID } from 'node:crypto';
import { SqsQueuePublisher } from '../../../shared/aws/queue-publisher';
import { systemClock } from '../../../shared/clock';
import { syncStaff } from '../../../shared/customers/staff-sync';
import type { ReconcileReport } from '../../../shared/db/reconcile-repository';
import { CONCERNS, type Concern } from '../../../shared/domain/fanout';
import { RECONCILE_MARK } from '../../../shared/domain/reconcile';
import { CachedCallbackKeys } from '../../../shared/tenants/callback-keys';
import { apiOfTenant } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';
import { decodeAesKey } from '../../../shared/wecom/crypto';
import { integrationWorld } from '../../../test/support/integration-world';
import { messageFor } from '../../../test/support/queue-messages';
import { addExternalContactXml, externalChatCreateXml, externalTagXml, signedCallback } from '../../../simulator/callbacks';
import { DEMO_CORP } from '../../../simulator/demo-tenant';
import { acceptMessage } from '../../wecom-callback/accept-message';
import { routeGroup } from '../../group-routing/route-group';
import { applyContactChange } from '../../relationship/apply-contact-change';
import { runReconcile, type ReconcileJobDeps } from './run-reconcile';

jest.setTimeout(60_000);

const world = integrationWorld({ simulator: true, queues: 'rc' });
const { stores, secrets } = world;
const { tenants, eventLog, groups, reconcileReports: reports } = stores;
const CUST1 = 'wmsiyudemocust0000000000000001';
const CUST2 = 'wmsiyudemocust0000000000000002';
const CHAT1 = 'wrsiyudemochat0000000000000001';
const TAG2 = 'etsiyudemotag0002';
let sim: typeof world.sim;
let corpId: string;
let queues: Record<Concern, string>;
let deps: ReconcileJobDeps;
let api: WecomTenantClient;
const startedAt = Math.floor(Date.now() / 1000);

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  queues = world.queues;
  corpId = await world.newTenant('rc', {
    secret: DEMO_CORP.secret,
    corp: { ...DEMO_CORP, kfAccounts: [] },
    settings: { name: 'reconcile', token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey },
  });
  deps = { ...stores, secrets, wecom: world.wecom, queues: new SqsQueuePublisher(world.sqs, queues), clock: systemClock };
  api = await apiOfTenant(deps, (await tenants.get(corpId))!);
});
afterAll(() => world.close());

/** The consumers that own state, as their handlers compose them. */
const consumerDeps = () => ({
  ...stores,
  secrets,
  wecom: deps.wecom,
  clock: systemClock,
  sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
});

/** Everything on the concern queues now, per concern. */
async function drainAll(): Promise<Record<Concern, Array<Record<string, unknown>>>> {
  const out = {} as Record<Concern, Array<Record<string, unknown>>>;
  for (const c of CONCERNS) out[c] = await world.drain(queues[c]);
  return out;
}

/** Runs the relationship and group-routing consumers on what their queues hold; returns the messages' types. */
async function consume(onQueues: Record<Concern, Array<Record<string, unknown>>>) {
  const d = consumerDeps();
  for (const body of onQueues.relationship) await applyContactChange(d, messageFor('relationship', body));
  for (const body of onQueues['group-routing']) await routeGroup(d, messageFor('group-routing', body));
  return { relationship: onQueues.relationship.map((b) => b.type), 'group-routing': onQueues['group-routing'].map((b) => b.type) };
}

async function callback(xml: string) {
  const keys = new CachedCallbackKeys(tenants, secrets);
  const cb = signedCallback({ corpId, token: DEMO_CORP.token!, aesKey: decodeAesKey(DEMO_CORP.encodingAesKey!), xml, agentId: '1000002' });
  const out = await acceptMessage({ keys, eventLog, queues: deps.queues, clock: systemClock }, { corpId, query: cb.query, body: cb.body });
  expect(out.status).toBe(200);
}

const reconcile = async () => {
  const report = await runReconcile(deps, { corpId, nowMs: Date.now() });
  expect(report).toMatchObject({ job: 'reconcile', due: 1, done: 1, failed: [] });
  return report.results[0] as ReconcileReport;
};
const fixedKinds = (r: ReconcileReport) => Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0));
const reconcileEvents = async () =>
  (await eventLog.list(corpId, { from: startedAt - 60, to: Math.floor(Date.now() / 1000) + 60, limit: 500 })).items.filter(
    (e) => RECONCILE_MARK in e.message.event,
  );
const followStatus = async (ext: string, userId: string) => (await stores.follows.followsOfCustomer(corpId, ext)).find((f) => f.userId === userId)?.status;

describe('reconcile', () => {
  it('finds no drift when local state was built through the normal path', async () => {
    // Directory sync at onboarding, then the callbacks WeCom sent for the customers, the group and a tag.
    await syncStaff({ staff: stores.staffRegistry, clock: systemClock }, api, corpId);
    const t = Math.floor(Date.now() / 1000) - 600;
    await callback(addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId: CUST1, createTime: t }));
    await callback(addExternalContactXml({ corpId, userId: 'zhangsan', externalUserId: CUST2, createTime: t + 1 }));
    await callback(addExternalContactXml({ corpId, userId: 'lisi', externalUserId: CUST2, createTime: t + 2 }));
    await callback(externalChatCreateXml({ corpId, chatId: CHAT1, createTime: t + 3 }));
    await callback(externalTagXml({ corpId, id: TAG2, changeType: 'create', createTime: t + 4 }));
    await consume(await drainAll());
    expect(await followStatus(CUST1, 'zhangsan')).toBe('active');
    expect((await groups.get(corpId, CHAT1))?.status).toBe('active');
    expect((await stores.tagMirror.list(corpId)).filter((x) => !x.deleted)).toHaveLength(2);

    const clean = await reconcile();
    expect(clean).toMatchObject({ corpId, fixed: [], recorded: 0, delivered: 0, unread: [] });
    expect(await reconcileEvents()).toEqual([]);
  });

  it('reconcile repairs a seeded drift through the event path, and a second run fixes nothing', async () => {
    // WeCom changes whose callbacks were lost.
    const corp = sim.state.corp(corpId);
    const newExt = `wm${randomUUID().replace(/-/g, '')}`;
    sim.state.addCustomers(corpId, [{ externalUserId: newExt, name: '新客户', follows: [{ userId: 'lisi', remark: '补回来的' }] }]);
    corp.follows.get(CUST1)!.delete('zhangsan');
    const added = await api.call('externalcontact/add_corp_tag', { group_id: 'etsiyudemogroup01', tag: [{ name: '漏掉的标签' }] });
    const newTag = added.tag_group.tag[0]!.id;
    await api.call('externalcontact/edit_corp_tag', { id: TAG2, name: '改名了' });
    const newChat = `wr${randomUUID().replace(/-/g, '')}`;
    sim.state.addGroupChats(corpId, [
      {
        chatId: newChat,
        name: '新群',
        owner: 'zhangsan',
        members: [
          { userId: 'zhangsan', type: 1 },
          { userId: newExt, type: 2 },
        ],
      },
    ]);
    sim.state.dismissGroupChat(corpId, CHAT1);
    corp.staff.set('qianqi', { userId: 'qianqi', name: '钱七', department: [2], position: '', status: 1 });
    corp.staff.delete('zhaoliu');

    const first = await reconcile();
    expect(fixedKinds(first)).toEqual({
      staff_missing: 1,
      staff_extra: 1,
      follow_missing: 1,
      follow_gone: 1,
      tag_missing: 1,
      tag_renamed: 1,
      group_missing: 1,
      group_dismissed: 1,
    });
    expect(first.fixed).toEqual(
      expect.arrayContaining([
        { kind: 'staff_missing', ids: ['qianqi'] },
        { kind: 'staff_extra', ids: ['zhaoliu'] },
        { kind: 'follow_missing', ids: ['lisi', newExt] },
        { kind: 'follow_gone', ids: ['zhangsan', CUST1] },
        { kind: 'tag_missing', ids: [newTag] },
        { kind: 'tag_renamed', ids: [TAG2] },
        { kind: 'group_missing', ids: [newChat] },
        { kind: 'group_dismissed', ids: [CHAT1] },
      ]),
    );
    expect(first).toMatchObject({ recorded: 8, delivered: 8, unread: [] });
    const logged = await reconcileEvents();
    expect(logged).toHaveLength(8);
    // Logged for the state owners only: a replay never greets someone added days ago.
    for (const e of logged) expect(e.concerns.every((c) => c === 'relationship' || c === 'group-routing')).toBe(true);

    // Run again before the consumers got to it: the same events, already logged and enqueued, go nowhere twice.
    const again = await reconcile();
    expect(again).toMatchObject({ recorded: 0, delivered: 0 });
    expect(fixedKinds(again)).toEqual(fixedKinds(first));

    const onQueues = await drainAll();
    for (const c of ['greeting', 'auto-accept', 'audit', 'keyword-reply'] as const) expect(onQueues[c]).toEqual([]);
    const types = await consume(onQueues);
    expect(types.relationship.sort()).toEqual(
      [
        'change_contact.create_user',
        'change_contact.delete_user',
        'change_external_contact.add_external_contact',
        'change_external_contact.del_external_contact',
        'change_external_tag.create',
        'change_external_tag.update',
      ].sort(),
    );
    expect(types['group-routing'].sort()).toEqual(['change_external_chat.create', 'change_external_chat.dismiss']);

    // Local state now matches WeCom.
    expect(await stores.staffRegistry.get(corpId, 'qianqi')).toMatchObject({ name: '钱七', status: 'active', department: [2] });
    expect((await stores.staffRegistry.get(corpId, 'zhaoliu'))?.status).toBe('resigned');
    expect(await followStatus(newExt, 'lisi')).toBe('active');
    expect(await stores.customerRecords.get(corpId, newExt)).toMatchObject({ name: '新客户' });
    expect((await stores.follows.followsOfCustomer(corpId, newExt))[0]).toMatchObject({ remark: '补回来的' });
    expect(await followStatus(CUST1, 'zhangsan')).toBe('deleted_by_staff');
    const tags = await stores.tagMirror.list(corpId);
    expect(tags.find((x) => x.id === newTag)).toMatchObject({ name: '漏掉的标签', deleted: false });
    expect(tags.find((x) => x.id === TAG2)).toMatchObject({ name: '改名了', deleted: false });
    expect(await groups.get(corpId, newChat)).toMatchObject({ status: 'active', owner: 'zhangsan', name: '新群', memberCount: 2 });
    expect((await groups.get(corpId, CHAT1))?.status).toBe('dismissed');

    // A second run fixes nothing and records nothing. Its WeCom calls: one read per list, one
    // externalcontact/list per member with customer-contact permission, no per-item reads.
    const since = Date.now();
    const second = await reconcile();
    const calls = sim.state.calls({ corpId, since }).map((c) => c.path.replace('/cgi-bin/', ''));
    expect(calls.filter((p) => p !== 'gettoken').sort()).toEqual(
      [
        'user/list_id',
        'externalcontact/get_follow_user_list',
        ...['zhangsan', 'lisi', 'wangwu', 'qianqi'].map(() => 'externalcontact/list'),
        'externalcontact/get_corp_tag_list',
        'externalcontact/groupchat/list',
      ].sort(),
    );
    expect(second).toMatchObject({ fixed: [], recorded: 0, delivered: 0, unread: [] });
    expect(await reconcileEvents()).toHaveLength(8);
    expect(Object.values(await drainAll()).flat()).toEqual([]);

    // Every run's report is kept, newest first.
    const stored = await reports.latest(corpId, 10);
    expect(stored.map((r) => r.recorded)).toEqual([0, 0, 8, 0]);
    expect(stored[2]).toMatchObject({ counts: first.counts, fixed: first.fixed });
  });
});
