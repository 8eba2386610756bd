// The group-routing use case with fakes: the registry's order rules (newer snapshots win, a dismiss is
// terminal, unknown groups are ignored) and the group codes it moves on when their group fills up.
import { handOver } from '../../shared/sqs/consume';
import type { GroupCodeRecord } from '../../shared/groups/group-code';
import { manualClock } from '../../test/support/clock';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryGroupCodeStore, InMemoryGroupStore } from '../../test/support/fakes/groups';
import { InMemoryLeaseStore } from '../../test/support/fakes/leases';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { routeGroup, type RouteGroupDeps } from './route-group';

const CORP = 'wwgroups';
const AT = 1_763_200_000;

async function world() {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP));
  /** The chats WeCom knows: id → name and member count (the owner is one of them). */
  const chats = new Map<string, { name: string; members: number }>();
  const wecom = new FakeWecom()
    .on('externalcontact/groupchat/get', (body) => {
      const chat = chats.get(body.chat_id);
      if (!chat) return { errcode: 40050, errmsg: 'chatid not found' };
      const member_list = Array.from({ length: chat.members }, (_, i) => ({ userid: i === 0 ? 'zhangsan' : `wm${i}`, type: i === 0 ? 1 : 2, join_time: AT }));
      return { group_chat: { chat_id: body.chat_id, name: chat.name, owner: 'zhangsan', create_time: AT, member_list } };
    })
    .on('externalcontact/groupchat/update_join_way', {});
  const clock = manualClock(AT * 1000);
  const groups = new InMemoryGroupStore();
  const groupCodes = new InMemoryGroupCodeStore();
  const leases = new InMemoryLeaseStore();
  const deps: RouteGroupDeps = { tenants, secrets, wecom, groups, groupCodes, leases, clock, sleep: async (ms) => clock.advance(ms) };
  return { deps, wecom, chats, groups, groupCodes, leases };
}

let t = AT;
const chatEvent = (chatId: string, change: 'create' | 'update' | 'dismiss', at = ++t) =>
  queueMessage({ corpId: CORP, type: `change_external_chat.${change}`, occurredAt: at, event: { ChatId: chatId } });

const code = (over: Partial<GroupCodeRecord>): GroupCodeRecord => ({
  corpId: CORP,
  id: 'code000001',
  state: 'g_code000001',
  name: '轮换码',
  chatIds: [],
  memberCap: 3,
  autoCreate: false,
  roomBaseName: '',
  configId: 'cfg-1',
  qrCode: '',
  activeChatId: null,
  status: 'active',
  applied: { chatIdList: [], autoCreateRoom: 0, at: '' },
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('routeGroup: the registry', () => {
  it('records a group from groupchat/get (named); a newer snapshot wins, an older one is stale', async () => {
    const w = await world();
    w.chats.set('wrA', { name: 'VIP 1 群', members: 3 });
    const created = chatEvent('wrA', 'create');
    expect(await routeGroup(w.deps, created)).toBe('applied');
    expect(await w.groups.get(CORP, 'wrA')).toMatchObject({
      name: 'VIP 1 群',
      owner: 'zhangsan',
      memberCount: 3,
      status: 'active',
      changedAt: created.occurredAt,
    });
    w.chats.set('wrA', { name: 'VIP 1 群', members: 5 });
    const joined = chatEvent('wrA', 'update');
    expect(await routeGroup(w.deps, joined)).toBe('applied');
    expect(await routeGroup(w.deps, created)).toBe('stale');
    expect(await w.groups.get(CORP, 'wrA')).toMatchObject({ memberCount: 5, changedAt: joined.occurredAt });
    expect(w.wecom.callsTo('externalcontact/groupchat/get').every((b) => b.need_name === 1)).toBe(true);
  });

  it('a dismiss is terminal, also when it overtakes the create; a repeat is stale', async () => {
    const w = await world();
    w.chats.set('wrB', { name: '短命群', members: 2 });
    const create = chatEvent('wrB', 'create');
    const dismiss = chatEvent('wrB', 'dismiss');
    expect(await routeGroup(w.deps, dismiss)).toBe('applied');
    expect(await routeGroup(w.deps, dismiss)).toBe('stale');
    expect(await routeGroup(w.deps, create)).toBe('stale');
    expect(await w.groups.get(CORP, 'wrB')).toMatchObject({ status: 'dismissed' });
  });

  it('ignores groups WeCom does not know (40050), events without a chat, other types and unknown tenants', async () => {
    const w = await world();
    expect(await routeGroup(w.deps, chatEvent('wrnosuchchat', 'create'))).toBe('ignored');
    // An event without a chat never reaches the use case: the queue boundary refuses it.
    expect(() => messageFor('group-routing', queueMessage({ corpId: CORP, type: 'change_external_chat.create', event: {} }))).toThrow(/schema/);
    expect(
      await handOver(
        'group-routing',
        (m) => routeGroup(w.deps, m),
        queueMessage({ corpId: CORP, type: 'change_external_contact.add_external_contact', event: { ChatId: 'wrA' } }),
      ),
    ).toBe('ignored');
    expect(await routeGroup(w.deps, { ...chatEvent('wrA', 'create'), corpId: 'wwnotenant' })).toBe('ignored');
    expect(await w.groups.list(CORP)).toEqual([]);
  });

  it('another WeCom refusal of groupchat/get is an error (retried)', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/groupchat/get', 60011, 1);
    await expect(routeGroup(w.deps, chatEvent('wrA', 'create'))).rejects.toMatchObject({ errcode: 60011 });
  });
});

describe('routeGroup: group codes', () => {
  async function rotating() {
    const w = await world();
    for (const [id, members] of [
      ['wrA', 2],
      ['wrB', 1],
      ['wrC', 1],
    ] as const) {
      w.chats.set(id, { name: id, members });
      await routeGroup(w.deps, chatEvent(id, 'create'));
    }
    await w.groupCodes.put(
      code({ chatIds: ['wrA', 'wrB', 'wrC'], activeChatId: 'wrA', applied: { chatIdList: ['wrA', 'wrB', 'wrC'], autoCreateRoom: 0, at: '' } }),
    );
    return w;
  }

  it('moves the join way on when the active group reaches the cap, once, however often the event comes', async () => {
    const w = await rotating();
    expect(w.wecom.callsTo('externalcontact/groupchat/update_join_way')).toEqual([]);
    w.chats.set('wrA', { name: 'wrA', members: 3 });
    const fills = chatEvent('wrA', 'update');
    expect(await routeGroup(w.deps, fills)).toBe('applied');
    // A replay rewrites the same snapshot (same CreateTime) and finds the same decision: no second call.
    expect(await routeGroup(w.deps, fills)).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/groupchat/update_join_way')).toEqual([
      expect.objectContaining({ config_id: 'cfg-1', scene: 2, chat_id_list: ['wrB', 'wrC'], state: 'g_code000001', auto_create_room: 0 }),
    ]);
    expect(await w.groupCodes.get(CORP, 'code000001')).toMatchObject({ activeChatId: 'wrB', status: 'active', applied: { chatIdList: ['wrB', 'wrC'] } });
    expect(w.leases.acquired).toContainEqual({ corpId: CORP, name: 'groupcode#code000001' });
  });

  it('a dismissed active group is skipped; a deleted code is left alone', async () => {
    const w = await rotating();
    await w.groupCodes.put(
      code({
        id: 'gone000001',
        configId: 'cfg-gone',
        chatIds: ['wrA'],
        activeChatId: 'wrA',
        status: 'deleted',
        applied: { chatIdList: ['wrA'], autoCreateRoom: 0, at: '' },
      }),
    );
    expect(await routeGroup(w.deps, chatEvent('wrA', 'dismiss'))).toBe('applied');
    expect(w.wecom.callsTo('externalcontact/groupchat/update_join_way').map((b) => [b.config_id, b.chat_id_list])).toEqual([['cfg-1', ['wrB', 'wrC']]]);
  });

  it('when every group is full the code is exhausted (without autoCreate) and WeCom keeps the list', async () => {
    const w = await world();
    w.chats.set('wrA', { name: 'A', members: 2 });
    await routeGroup(w.deps, chatEvent('wrA', 'create'));
    await w.groupCodes.put(code({ chatIds: ['wrA'], memberCap: 2, activeChatId: 'wrA', applied: { chatIdList: ['wrA'], autoCreateRoom: 0, at: '' } }));
    expect(await routeGroup(w.deps, chatEvent('wrA', 'update'))).toBe('applied');
    expect(await w.groupCodes.get(CORP, 'code000001')).toMatchObject({ status: 'exhausted', activeChatId: null });
  });

  it('a code whose lease another writer holds is retried later (a conflict), nothing written', async () => {
    const w = await rotating();
    w.leases.holdElsewhere(CORP, 'groupcode#code000001', AT * 1000 + 3_600_000);
    w.chats.set('wrA', { name: 'wrA', members: 3 });
    await expect(routeGroup(w.deps, chatEvent('wrA', 'update'))).rejects.toMatchObject({ code: 'conflict' });
    expect(w.wecom.callsTo('externalcontact/groupchat/update_join_way')).toEqual([]);
    expect((await w.groupCodes.get(CORP, 'code000001'))?.activeChatId).toBe('wrA');
  });
});
