// The simulator's customer groups and join ways (群活码): member counts, member versions, dismissal, the
// 5-group limit, and customers joining through a join way's QR code.
import { DEMO_TENANT } from './demo-tenant';
import { SimState } from './state';

const corpId = DEMO_TENANT.corpId;

function setup() {
  const state = new SimState({ clock: () => Date.UTC(2025, 0, 6, 2) });
  const api = async (path: string, body: unknown) => {
    const t = await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: corpId, corpsecret: DEMO_TENANT.secret } });
    return state.dispatch({ method: 'POST', path: `/cgi-bin/externalcontact/${path}`, query: { access_token: String(t.access_token) }, body });
  };
  const chat = (chatId: string, members = 1) =>
    state.addGroupChats(corpId, [
      {
        chatId,
        name: chatId,
        owner: 'zhangsan',
        members: Array.from({ length: members }, (_, i) => ({ userId: i === 0 ? 'zhangsan' : `wm${chatId}${i}`, type: i === 0 ? 1 : 2 })),
      },
    ]);
  return { state, api, chat };
}

describe('simulated groups', () => {
  it('groupchat/get counts members and changes member_version when members join or leave', async () => {
    const { state, api, chat } = setup();
    chat('wrg1', 2);
    const before = await api('groupchat/get', { chat_id: 'wrg1', need_name: 1 });
    expect((before.group_chat as { member_list: unknown[] }).member_list).toHaveLength(2);
    const change = state.addGroupMembers(corpId, 'wrg1', [{ userId: 'wmnew', type: 2, joinScene: 3 }]);
    expect(change).toMatchObject({ members: ['wmnew'], memberCount: 3, lastMemVer: (before.group_chat as { member_version: string }).member_version });
    const after = await api('groupchat/get', { chat_id: 'wrg1' });
    expect((after.group_chat as { member_version: string }).member_version).toBe(change.curMemVer);
    expect(state.removeGroupMembers(corpId, 'wrg1', ['wmnew']).memberCount).toBe(2);
  });

  it('a dismissed group is gone for the API: get answers 40050, list omits it, join ways refuse it', async () => {
    const { state, api, chat } = setup();
    chat('wrgone');
    expect(state.dismissGroupChat(corpId, 'wrgone')).toBe(true);
    expect(state.dismissGroupChat(corpId, 'wrgone')).toBe(false);
    expect((await api('groupchat/get', { chat_id: 'wrgone' })).errcode).toBe(40050);
    const list = await api('groupchat/list', { limit: 1000 });
    expect((list.group_chat_list as Array<{ chat_id: string }>).map((c) => c.chat_id)).not.toContain('wrgone');
    expect((await api('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrgone'] })).errcode).toBe(40050);
  });

  it('join ways hold 1 to 5 distinct groups (40058 otherwise)', async () => {
    const { api, chat } = setup();
    const ids = ['wrj1', 'wrj2', 'wrj3', 'wrj4', 'wrj5', 'wrj6'];
    for (const id of ids) chat(id);
    expect((await api('groupchat/add_join_way', { scene: 2, chat_id_list: ids })).errcode).toBe(40058);
    expect((await api('groupchat/add_join_way', { scene: 2, chat_id_list: [] })).errcode).toBe(40058);
    expect((await api('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrj1', 'wrj1'] })).errcode).toBe(40058);
    const ok = await api('groupchat/add_join_way', { scene: 2, chat_id_list: ids.slice(0, 5), state: 'g_x' });
    expect(ok.errcode).toBe(0);
    const way = await api('groupchat/get_join_way', { config_id: ok.config_id });
    expect(way.join_way).toMatchObject({ chat_id_list: ids.slice(0, 5), state: 'g_x', auto_create_room: 1, qr_code: expect.any(String) });
    expect((await api('groupchat/update_join_way', { config_id: ok.config_id, scene: 2, chat_id_list: ids })).errcode).toBe(40058);
  });

  it('a scan joins the first listed group with room; when all are full it opens a room only with auto_create_room', async () => {
    const { state, api, chat } = setup();
    chat('wrs1', 2);
    chat('wrs2', 1);
    const auto = await api('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrs1', 'wrs2'], auto_create_room: 1, room_base_name: '福利群' });
    const manual = await api('groupchat/add_join_way', { scene: 2, chat_id_list: ['wrs1', 'wrs2'], auto_create_room: 0 });
    expect(state.scanJoinWay(corpId, String(auto.config_id), { userId: 'wmc1' }, 2)).toMatchObject({ chatId: 'wrs2', created: false, memberCount: 2 });
    expect(() => state.scanJoinWay(corpId, String(manual.config_id), { userId: 'wmc2' }, 2)).toThrow(/full/);
    const opened = state.scanJoinWay(corpId, String(auto.config_id), { userId: 'wmc3' }, 2);
    expect(opened).toMatchObject({ created: true, memberCount: 2 });
    expect(state.corp(corpId).groupChats.get(opened.chatId)?.name).toBe('福利群1');
  });
});
