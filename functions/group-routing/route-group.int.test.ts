// The group-routing consumer against the WeCom simulator (over HTTP) and DynamoDB Local: the group
// registry from change_external_chat events, and group codes moving on when their group fills up.
import { randomUUID } from 'node:crypto';
import { makeSqsConsumer } from '../../shared/sqs/consume';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage, sqsEvent } from '../../test/support/queue-messages';
import { eventKeyOf } from '../../shared/wecom/event-key';
import { parseEvent } from '../../shared/wecom/event';
import { parseXmlDocument } from '../../shared/wecom/xml';
import { externalChatCreateXml, externalChatDismissXml, externalChatUpdateXml } from '../../simulator/callbacks';
import { invokeJson } from '../admin-api/dispatch';
import { getGroupCode, type GroupDeps } from '../admin-api/group-codes';
import { groupCodeRoutes } from '../admin-api/routes/group-codes';
import { routeGroup, type RouteGroupDeps } from './route-group';

const world = integrationWorld({ simulator: true });
const { groups } = world.stores;
let sim: typeof world.sim;
let corpId: string;
let deps: RouteGroupDeps & GroupDeps;
/** POST …/group-codes as the admin API runs it (the body parsed by the route). */
const createGroupCode = (d: GroupDeps, corpId: string, body: unknown) => invokeJson(groupCodeRoutes.create, d, corpId, { body });

beforeAll(async () => {
  await world.start();
  sim = world.sim;
  corpId = await world.newTenant('gr', { settings: { name: 'groups' } });
  deps = {
    ...world.stores,
    secrets: world.secrets,
    wecom: world.wecom,
    clock: world.clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});
afterAll(() => world.close());

const newChat = (name: string, members = 1) => {
  const chatId = `wr${randomUUID().replace(/-/g, '')}`;
  sim.state.addGroupChats(corpId, [
    {
      chatId,
      name,
      owner: 'zhangsan',
      members: [
        { userId: 'zhangsan', type: 1 },
        ...Array.from({ length: members - 1 }, (_, i) => ({ userId: `wm${chatId.slice(2, 12)}${i}`, type: 2 as const })),
      ],
    },
  ]);
  return chatId;
};

/** The queue message the callback ingress makes of a signed callback's decrypted XML, as the consumer reads it. */
function messageOf(xml: string) {
  const parsed = parseEvent(parseXmlDocument(xml));
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  const m = queueMessage({ corpId, type: parsed.event.type, occurredAt: parsed.event.createTime, eventKey: eventKeyOf(corpId, xml), event: parsed.event.data });
  return messageFor('group-routing', m);
}

let clock = Math.floor(Date.now() / 1000);
const tick = () => ++clock;

/** Customers join a group in the simulator; the matching add_member callback as a queue message. */
function join(chatId: string, n: number) {
  const change = sim.state.addGroupMembers(
    corpId,
    chatId,
    Array.from({ length: n }, () => ({ userId: `wm${randomUUID().replace(/-/g, '')}`, type: 2 as const, joinScene: 3 })),
  );
  return messageOf(
    externalChatUpdateXml({
      corpId,
      createTime: tick(),
      chatId,
      updateDetail: 'add_member',
      joinScene: 3,
      members: change.members,
      lastMemVer: change.lastMemVer,
      curMemVer: change.curMemVer,
    }),
  );
}

const updateCalls = (configId: string) =>
  sim.state
    .calls({ corpId, path: '/cgi-bin/externalcontact/groupchat/update_join_way' })
    .filter((c) => (c.body as { config_id?: string }).config_id === configId);
const joinWay = (configId: string) => sim.state.corp(corpId).joinWays.get(configId)!;

describe('group registry', () => {
  it('records a new group with name, owner and member count; replays and older events change nothing', async () => {
    const chatId = newChat('VIP 1 群', 3);
    const created = messageOf(externalChatCreateXml({ corpId, createTime: tick(), chatId }));
    expect(await routeGroup(deps, created)).toBe('applied');
    expect(await groups.get(corpId, chatId)).toMatchObject({
      chatId,
      name: 'VIP 1 群',
      owner: 'zhangsan',
      memberCount: 3,
      status: 'active',
      changedAt: created.occurredAt,
    });

    const joined = join(chatId, 2);
    expect(await routeGroup(deps, joined)).toBe('applied');
    expect((await groups.get(corpId, chatId))?.memberCount).toBe(5);
    // The create event again (an older CreateTime): stale, the newer state stays.
    expect(await routeGroup(deps, created)).toBe('stale');
    expect(await groups.get(corpId, chatId)).toMatchObject({ memberCount: 5, changedAt: joined.occurredAt });
    const gets = sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/groupchat/get' }).filter((c) => (c.body as { chat_id?: string }).chat_id === chatId);
    expect(gets.every((c) => (c.body as { need_name?: number }).need_name === 1)).toBe(true);
  });

  it('a dismiss is terminal: later (or late) updates do not revive the group', async () => {
    const chatId = newChat('短命群', 2);
    expect(await routeGroup(deps, messageOf(externalChatCreateXml({ corpId, createTime: tick(), chatId })))).toBe('applied');
    const lateUpdate = join(chatId, 1);
    sim.state.dismissGroupChat(corpId, chatId);
    const dismiss = messageOf(externalChatDismissXml({ corpId, createTime: tick(), chatId }));
    expect(await routeGroup(deps, dismiss)).toBe('applied');
    expect(await routeGroup(deps, dismiss)).toBe('stale');
    // WeCom no longer knows a dismissed group (groupchat/get answers 40050): the update is ignored.
    expect(await routeGroup(deps, lateUpdate)).toBe('ignored');
    expect(await groups.get(corpId, chatId)).toMatchObject({ status: 'dismissed', name: '短命群', memberCount: 2 });
  });

  it('a dismiss that overtakes the create leaves the group dismissed', async () => {
    const chatId = newChat('乱序群');
    const create = messageOf(externalChatCreateXml({ corpId, createTime: tick(), chatId }));
    sim.state.dismissGroupChat(corpId, chatId);
    expect(await routeGroup(deps, messageOf(externalChatDismissXml({ corpId, createTime: tick(), chatId })))).toBe('applied');
    expect(await routeGroup(deps, create)).toBe('ignored');
    expect(await groups.get(corpId, chatId)).toMatchObject({ status: 'dismissed' });
  });
});

describe('group code rotation', () => {
  it('moves the join way to the next group when the active one reaches the cap, once, also when events repeat', async () => {
    const [a, b, c] = [newChat('A'), newChat('B'), newChat('C')];
    const code = await createGroupCode(deps, corpId, { name: '轮换码', chatIds: [a, b, c], memberCap: 3 });
    expect(code).toMatchObject({ activeChatId: a, status: 'active', state: expect.stringMatching(/^g_[A-Za-z0-9]{10}$/) });
    expect(joinWay(code.configId)).toMatchObject({ chat_id_list: [a, b, c], state: code.state, auto_create_room: 0, scene: 2 });

    const notYet = join(a, 1);
    expect(await routeGroup(deps, notYet)).toBe('applied');
    expect(updateCalls(code.configId)).toHaveLength(0);

    const fills = join(a, 1); // 3 members: full
    const consume = makeSqsConsumer({
      concern: 'group-routing',
      handle: (m) => routeGroup(deps, m),
      persistenceStore: world.idempotency(),
    });
    for (let i = 0; i < 3; i++) expect((await consume(sqsEvent([fills]), lambdaContext())).batchItemFailures).toEqual([]);
    // Replayed past the idempotency layer too (an operator replay): the decision is the same, no call.
    await routeGroup(deps, fills);
    expect(updateCalls(code.configId)).toHaveLength(1);
    expect(updateCalls(code.configId)[0]!.body).toMatchObject({
      config_id: code.configId,
      scene: 2,
      chat_id_list: [b, c],
      state: code.state,
      auto_create_room: 0,
    });
    expect(joinWay(code.configId).chat_id_list).toEqual([b, c]);

    const read = await getGroupCode(deps, corpId, code.id);
    expect(read.activeChatId).toBe(b);
    expect(read.groups).toEqual([
      { chatId: a, name: 'A', memberCount: 3, status: 'full' },
      { chatId: b, name: 'B', memberCount: 1, status: 'in_use' },
      { chatId: c, name: 'C', memberCount: 1, status: 'waiting' },
    ]);
  });

  it('customers scanning the QR code fill the groups in order; a dismissed active group is skipped', async () => {
    const [a, b, c] = [newChat('S-A'), newChat('S-B'), newChat('S-C')];
    const code = await createGroupCode(deps, corpId, { name: '扫码', chatIds: [a, b, c], memberCap: 2 });
    // The first scan lands in A (the first listed), which is then full (owner + 1).
    const scan = sim.state.scanJoinWay(corpId, code.configId, { userId: `wm${randomUUID().replace(/-/g, '')}` });
    expect(scan.chatId).toBe(a);
    await routeGroup(
      deps,
      messageOf(
        externalChatUpdateXml({
          corpId,
          createTime: tick(),
          chatId: a,
          updateDetail: 'add_member',
          joinScene: 3,
          members: scan.members,
          lastMemVer: scan.lastMemVer,
          curMemVer: scan.curMemVer,
        }),
      ),
    );
    expect(joinWay(code.configId).chat_id_list).toEqual([b, c]);
    sim.state.dismissGroupChat(corpId, b);
    expect(await routeGroup(deps, messageOf(externalChatDismissXml({ corpId, createTime: tick(), chatId: b })))).toBe('applied');
    expect(joinWay(code.configId).chat_id_list).toEqual([c]);
    expect((await getGroupCode(deps, corpId, code.id)).groups.map((g) => g.status)).toEqual(['full', 'dismissed', 'in_use']);
  });

  it('concurrent events for one code settle on the right group (one writer at a time per join way)', async () => {
    const [a, b, c] = [newChat('C-A'), newChat('C-B'), newChat('C-C')];
    const code = await createGroupCode(deps, corpId, { name: '并发', chatIds: [a, b, c], memberCap: 2 });
    const events = [join(a, 1), join(b, 1)];
    await Promise.all(events.map((e) => routeGroup(deps, e)));
    expect(await getGroupCode(deps, corpId, code.id)).toMatchObject({ activeChatId: c, joinWay: { chatIds: [c] } });
    expect(joinWay(code.configId).chat_id_list).toEqual([c]);
    expect(updateCalls(code.configId).length).toBeLessThanOrEqual(2);
  });

  it('when every group is full: exhausted without autoCreate; with autoCreate WeCom keeps creating rooms', async () => {
    const [a, b] = [newChat('E-A'), newChat('E-B', 2)];
    const plain = await createGroupCode(deps, corpId, { name: '无自动建群', chatIds: [a, b], memberCap: 2 });
    const auto = await createGroupCode(deps, corpId, { name: '自动建群', chatIds: [a, b], memberCap: 2, autoCreate: true, roomBaseName: '福利群' });
    expect(plain.activeChatId).toBe(a);
    expect(joinWay(auto.configId)).toMatchObject({ auto_create_room: 1, room_base_name: '福利群', chat_id_list: [a] });
    await routeGroup(deps, join(a, 1));
    expect(await getGroupCode(deps, corpId, plain.id)).toMatchObject({ status: 'exhausted', activeChatId: null });
    expect(await getGroupCode(deps, corpId, auto.id)).toMatchObject({ status: 'active', activeChatId: null });
    expect(joinWay(auto.configId)).toMatchObject({ auto_create_room: 1, chat_id_list: [a, b] });
    // The next customer makes WeCom open a new room from room_base_name (groups hold 2 here).
    const scan = sim.state.scanJoinWay(corpId, auto.configId, { userId: `wm${randomUUID().replace(/-/g, '')}` }, 2);
    expect(scan.created).toBe(true);
    expect(sim.state.corp(corpId).groupChats.get(scan.chatId)?.name).toBe('福利群1');
    // A member leaves B: the plain code is usable again.
    const left = sim.state.removeGroupMembers(corpId, b, [sim.state.corp(corpId).groupChats.get(b)!.members[1]!.userid]);
    await routeGroup(
      deps,
      messageOf(
        externalChatUpdateXml({
          corpId,
          createTime: tick(),
          chatId: b,
          updateDetail: 'del_member',
          quitScene: 0,
          members: left.members,
          lastMemVer: left.lastMemVer,
          curMemVer: left.curMemVer,
        }),
      ),
    );
    expect(await getGroupCode(deps, corpId, plain.id)).toMatchObject({ status: 'active', activeChatId: b });
    expect(joinWay(plain.configId).chat_id_list).toEqual([b]);
  });
});
