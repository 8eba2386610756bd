// The simulator's request pipeline and WeCom behaviour, without HTTP, on an injected clock.
import { DEMO_CUSTOMERS, DEMO_GROUP_CHATS, DEMO_KF_ACCOUNT, DEMO_TENANT } from './demo-tenant';
import type { SimConfig } from './model';
import { REMIND_CANCELLED_ERRCODE, REMIND_LIMIT_ERRCODE } from './apis/messaging';
import { SimState, type SimRequest } from './state';

const T0 = Date.UTC(2025, 0, 6, 2, 0, 0); // a Monday, 10:00 in Shanghai

function setup(config: Partial<SimConfig> = {}) {
  let now = T0;
  const state = new SimState({ clock: () => now, config });
  const advance = (ms: number) => {
    now += ms;
  };
  const get = (path: string, query: Record<string, string> = {}) => state.dispatch({ method: 'GET', path, query });
  const post = (path: string, body: unknown, query: Record<string, string> = {}) => state.dispatch({ method: 'POST', path, query, body });
  const token = async (corpid: string = DEMO_TENANT.corpId, corpsecret: string = DEMO_TENANT.secret) => {
    const r = await get('/cgi-bin/gettoken', { corpid, corpsecret });
    expect(r.errcode).toBe(0);
    return String(r.access_token);
  };
  const api = async (path: string, body: unknown = {}, extra: Record<string, string> = {}) =>
    post(`/cgi-bin/${path}`, body, { access_token: await token(), ...extra });
  const apiGet = async (path: string, query: Record<string, string> = {}) => get(`/cgi-bin/${path}`, { access_token: await token(), ...query });
  return { state, advance, get, post, token, api, apiGet, now: () => now };
}

describe('gettoken', () => {
  it('issues a token, and the same token again while it is valid', async () => {
    // Given the demo corp
    const { get, advance } = setup();
    // When gettoken is called twice, 10 minutes apart
    const a = await get('/cgi-bin/gettoken', { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret });
    advance(600_000);
    const b = await get('/cgi-bin/gettoken', { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret });
    // Then both carry the same token; the second says how long it has left
    expect(a).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(b.access_token).toBe(a.access_token);
    expect(b.expires_in).toBe(6600);
  });

  it.each([
    [{ corpid: DEMO_TENANT.corpId, corpsecret: 'wrong' }, 40001],
    [{ corpid: 'wwunknown', corpsecret: 'x' }, 40013],
    [{ corpsecret: 'x' }, 41002],
    [{ corpid: DEMO_TENANT.corpId }, 41004],
  ])('refuses %j with %i', async (query, errcode) => {
    const { get } = setup();
    const r = await get('/cgi-bin/gettoken', query as Record<string, string>);
    expect(r.errcode).toBe(errcode);
    expect(r.errmsg).toContain(`devtool/query?e=${errcode}`);
    expect(r.access_token).toBeUndefined();
  });
});

describe('access tokens on business calls', () => {
  const path = '/cgi-bin/externalcontact/get_follow_user_list';

  it('answers 41001 without a token and 40014 for an unknown one', async () => {
    const { get } = setup();
    expect((await get(path)).errcode).toBe(41001);
    expect((await get(path, { access_token: 'nope' })).errcode).toBe(40014);
  });

  it('answers 42001 once the token expired; gettoken then issues a new one that works', async () => {
    // Given a 60-second token lifetime
    const { get, token, advance } = setup({ tokenTtlSeconds: 60 });
    const first = await token();
    expect((await get(path, { access_token: first })).errcode).toBe(0);
    // When 60 seconds pass
    advance(60_000);
    // Then the token is expired, and a refresh gives a different, working token
    expect((await get(path, { access_token: first })).errcode).toBe(42001);
    const second = await token();
    expect(second).not.toBe(first);
    expect((await get(path, { access_token: second })).errcode).toBe(0);
  });

  it('expireTokens() makes tokens answer 42001, revoke makes them answer 40014', async () => {
    const { state, get, token } = setup();
    const t1 = await token();
    expect(state.expireTokens({ corpId: DEMO_TENANT.corpId })).toBe(1);
    expect((await get(path, { access_token: t1 })).errcode).toBe(42001);
    const t2 = await token();
    state.expireTokens({ mode: 'revoke' });
    expect((await get(path, { access_token: t2 })).errcode).toBe(40014);
  });
});

describe('rate limit', () => {
  it('answers 45009 beyond ratePerMinute calls per corp, API and minute window', async () => {
    // Given 3 calls per minute
    const { get, token, advance, now } = setup({ ratePerMinute: 3 });
    advance(60_000 - (now() % 60_000)); // start of a window
    const t = await token();
    const call = (p: string) => get(`/cgi-bin/${p}`, { access_token: t });
    // When 4 calls of one API are made in the window
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await call('externalcontact/get_follow_user_list')).errcode);
    // Then the 4th is refused, another API still works, and the next window is fresh
    expect(codes).toEqual([0, 0, 0, 45009]);
    expect((await call('department/list')).errcode).toBe(0);
    advance(60_000);
    expect((await call('externalcontact/get_follow_user_list')).errcode).toBe(0);
  });

  it('counts gettoken separately', async () => {
    const { get, advance, now } = setup({ ratePerMinute: 2 });
    advance(60_000 - (now() % 60_000));
    const q = { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret };
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await get('/cgi-bin/gettoken', q)).errcode);
    expect(codes).toEqual([0, 0, 45009]);
  });
});

describe('faults', () => {
  it('answers the injected errcode for the next `times` calls of that path, then normally', async () => {
    const { state, apiGet } = setup();
    state.addFaults([{ path: 'externalcontact/get_follow_user_list', errcode: 45033, times: 2 }]);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await apiGet('externalcontact/get_follow_user_list')).errcode);
    expect(codes).toEqual([45033, 45033, 0]);
    expect(state.pendingFaults()).toEqual([]);
  });

  it('scopes a fault to one corp when corpId is given', async () => {
    const { state, apiGet } = setup();
    state.registerCorp({ corpId: 'wwother', secret: 's', staff: [{ userId: 'u1', name: 'U' }] });
    state.addFaults([{ path: '/cgi-bin/externalcontact/get_follow_user_list', errcode: -1, times: 1, corpId: 'wwother' }]);
    expect((await apiGet('externalcontact/get_follow_user_list')).errcode).toBe(0);
    expect(state.pendingFaults()).toHaveLength(1);
  });
});

describe('call recording', () => {
  it('records every call with the access token and secret redacted', async () => {
    const { state, api } = setup();
    await api('externalcontact/groupchat/get', { chat_id: 'nope' });
    const calls = state.calls();
    expect(calls.map((c) => [c.path, c.errcode])).toEqual([
      ['/cgi-bin/gettoken', 0],
      ['/cgi-bin/externalcontact/groupchat/get', 40050],
    ]);
    expect(calls[0]?.query).toEqual({ corpid: DEMO_TENANT.corpId, corpsecret: '***' });
    expect(calls[1]).toMatchObject({ method: 'POST', corpId: DEMO_TENANT.corpId, query: { access_token: '***' }, body: { chat_id: 'nope' }, at: T0 });
    expect(JSON.stringify(calls)).not.toContain(DEMO_TENANT.secret);
    expect(state.calls({ path: 'externalcontact/groupchat/get' })).toHaveLength(1);
    expect(state.calls({ corpId: 'wwother' })).toHaveLength(0);
  });

  it('answers an unknown path with errcode 404 and records it', async () => {
    const { state, api } = setup();
    const r = await api('externalcontact/not_an_api');
    expect(r.errcode).toBe(404);
    expect(state.calls({ path: 'externalcontact/not_an_api' })[0]?.corpId).toBe(DEMO_TENANT.corpId);
  });

  it('refuses GET on POST APIs and bodies that are not JSON objects', async () => {
    const { state, token } = setup();
    const t = await token();
    expect((await state.dispatch({ method: 'GET', path: '/cgi-bin/externalcontact/add_contact_way', query: { access_token: t } })).errcode).toBe(40063);
    const bad: SimRequest = { method: 'POST', path: '/cgi-bin/externalcontact/add_contact_way', query: { access_token: t }, invalidJson: '{' };
    expect((await state.dispatch(bad)).errcode).toBe(40058);
  });
});

describe('welcome codes', () => {
  const issue = (s: SimState, externalUserId = 'wmnewcustomer0001') =>
    s.issueWelcomeCode({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId, state: 'expo' });

  it('work once: a second send answers 41051; the welcome is recorded', async () => {
    const { state, api } = setup();
    const code = issue(state);
    const body = { welcome_code: code, text: { content: '您好，欢迎！' } };
    expect((await api('externalcontact/send_welcome_msg', body)).errcode).toBe(0);
    expect((await api('externalcontact/send_welcome_msg', body)).errcode).toBe(41051);
    expect(state.sent().welcomes).toEqual([
      expect.objectContaining({ corpId: DEMO_TENANT.corpId, userId: 'zhangsan', externalUserId: 'wmnewcustomer0001', welcomeCode: code }),
    ]);
    // The code created the follow relationship with its channel state
    expect(state.corp(DEMO_TENANT.corpId).follow('wmnewcustomer0001', 'zhangsan')?.state).toBe('expo');
  });

  it('expire after 20 seconds (41050)', async () => {
    const { state, api, advance } = setup();
    const fresh = issue(state, 'wmcustomer-a');
    const stale = issue(state, 'wmcustomer-b');
    advance(20_000);
    expect((await api('externalcontact/send_welcome_msg', { welcome_code: fresh, text: { content: 'hi' } })).errcode).toBe(0);
    advance(1);
    expect((await api('externalcontact/send_welcome_msg', { welcome_code: stale, text: { content: 'hi' } })).errcode).toBe(41050);
  });

  it('validate before consuming: text ≤ 4000 bytes, ≤ 9 attachments (40058); missing 41049; unknown 41050', async () => {
    const { state, api, token } = setup();
    const code = issue(state);
    const uploaded = await state.dispatch({
      method: 'POST',
      path: '/cgi-bin/media/upload',
      query: { access_token: await token(), type: 'image' },
      upload: { field: 'media', filename: 'a.png', bytes: 100 },
    });
    const image = { msgtype: 'image', image: { media_id: String(uploaded.media_id) } };
    // A media_id WeCom never issued is refused (40007), before the code is used.
    expect(
      (await api('externalcontact/send_welcome_msg', { welcome_code: code, attachments: [{ msgtype: 'image', image: { media_id: 'm1' } }] })).errcode,
    ).toBe(40007);
    expect((await api('externalcontact/send_welcome_msg', { welcome_code: code, text: { content: '欢'.repeat(1334) } })).errcode).toBe(40058);
    expect((await api('externalcontact/send_welcome_msg', { welcome_code: code, attachments: Array(10).fill(image) })).errcode).toBe(40058);
    expect((await api('externalcontact/send_welcome_msg', { text: { content: 'x' } })).errcode).toBe(41049);
    expect((await api('externalcontact/send_welcome_msg', { welcome_code: 'made-up', text: { content: 'x' } })).errcode).toBe(41050);
    // 1333 CJK characters = 3999 bytes, 9 attachments: accepted, and the code was still unused
    expect(
      (await api('externalcontact/send_welcome_msg', { welcome_code: code, text: { content: '欢'.repeat(1333) }, attachments: Array(9).fill(image) })).errcode,
    ).toBe(0);
  });

  it('41096 can be injected as a fault', async () => {
    const { state, api } = setup();
    state.addFaults([{ path: 'externalcontact/send_welcome_msg', errcode: 41096, times: 1 }]);
    const r = await api('externalcontact/send_welcome_msg', { welcome_code: issue(state), text: { content: 'x' } });
    expect(r.errcode).toBe(41096);
  });
});

describe('contact ways and join ways', () => {
  it('creates, reads, updates, lists and deletes a contact way', async () => {
    const { api } = setup();
    const created = await api('externalcontact/add_contact_way', { type: 1, scene: 2, user: ['zhangsan'], state: 'expo2024', remark: '展会' });
    expect(created).toMatchObject({ errcode: 0, config_id: expect.any(String), qr_code: expect.stringMatching(/^https:\/\//) });
    const id = String(created.config_id);
    expect(await api('externalcontact/get_contact_way', { config_id: id })).toMatchObject({
      contact_way: { config_id: id, type: 1, scene: 2, state: 'expo2024', user: ['zhangsan'], skip_verify: true },
    });
    expect((await api('externalcontact/update_contact_way', { config_id: id, state: 'expo2025' })).errcode).toBe(0);
    expect(await api('externalcontact/list_contact_way', {})).toMatchObject({ contact_way: [{ config_id: id }], next_cursor: '' });
    expect((await api('externalcontact/del_contact_way', { config_id: id })).errcode).toBe(0);
    expect((await api('externalcontact/get_contact_way', { config_id: id })).errcode).toBe(41044);
  });

  it.each([
    [{ type: 1, scene: 2, user: ['zhangsan'], state: 'x'.repeat(31) }, 40058],
    [{ scene: 2, user: ['zhangsan'] }, 41037],
    [{ type: 3, scene: 2, user: ['zhangsan'] }, 41039],
    [{ type: 1, user: ['zhangsan'] }, 41038],
    [{ type: 1, scene: 2, user: ['zhangsan', 'lisi'] }, 40058],
    [{ type: 1, scene: 2, user: ['ghost'] }, 40003],
  ])('add_contact_way %j → %i', async (body, errcode) => {
    const { api } = setup();
    expect((await api('externalcontact/add_contact_way', body)).errcode).toBe(errcode);
  });

  it('join ways take 1 to 5 existing chats', async () => {
    const { state, api } = setup();
    const chatId = DEMO_GROUP_CHATS[0]?.chatId as string;
    const six = Array.from({ length: 6 }, (_, i) => `wrchat${i}`);
    state.addGroupChats(
      DEMO_TENANT.corpId,
      six.map((id) => ({ chatId: id, owner: 'zhangsan' })),
    );
    expect((await api('externalcontact/groupchat/add_join_way', { scene: 2, chat_id_list: six })).errcode).toBe(40058);
    expect((await api('externalcontact/groupchat/add_join_way', { scene: 2, chat_id_list: ['wrghost'] })).errcode).toBe(40050);
    const created = await api('externalcontact/groupchat/add_join_way', { scene: 2, chat_id_list: [chatId], state: 'grp' });
    const got = await api('externalcontact/groupchat/get_join_way', { config_id: created.config_id });
    expect(got).toMatchObject({ join_way: { chat_id_list: [chatId], state: 'grp', scene: 2, auto_create_room: 1, qr_code: expect.any(String) } });
  });
});

describe('customers, tags and groups', () => {
  it('lists and gets customers with their follows and tags', async () => {
    const { api, apiGet } = setup();
    const ext = DEMO_CUSTOMERS[0]?.externalUserId as string;
    expect(await apiGet('externalcontact/list', { userid: 'zhangsan' })).toMatchObject({ external_userid: expect.arrayContaining([ext]) });
    expect(await apiGet('externalcontact/get', { external_userid: ext })).toMatchObject({
      external_contact: { external_userid: ext, name: '陈小姐', type: 1 },
      follow_user: [{ userid: 'zhangsan', state: 'expo2024', tags: [{ tag_id: 'etsiyudemotag0001', tag_name: '重要客户', group_name: '客户等级' }] }],
    });
    expect((await apiGet('externalcontact/get', { external_userid: 'wmghost' })).errcode).toBe(40096);
    expect((await apiGet('externalcontact/list', { userid: 'wangwu' })).errcode).toBe(84061);
    const batch = await api('externalcontact/batch/get_by_user', { userid_list: ['zhangsan', 'lisi'], limit: 2 });
    expect(batch).toMatchObject({ external_contact_list: [{}, {}], next_cursor: expect.any(String) });
    const rest = await api('externalcontact/batch/get_by_user', { userid_list: ['zhangsan', 'lisi'], limit: 2, cursor: batch.next_cursor });
    expect(rest).toMatchObject({ external_contact_list: [{ follow_info: { userid: 'lisi', tag_id: ['etsiyudemotag0002'] } }], next_cursor: '' });
  });

  it('adds corp tags, marks a customer, refuses duplicates and unknown tags', async () => {
    const { api, apiGet } = setup();
    const ext = DEMO_CUSTOMERS[1]?.externalUserId as string;
    const added = await api('externalcontact/add_corp_tag', { group_name: '来源', tag: [{ name: '展会' }, { name: '公众号' }] });
    const tagIds = (added.tag_group as { tag: Array<{ id: string }> }).tag.map((t) => t.id);
    expect(tagIds).toHaveLength(2);
    expect((await api('externalcontact/add_corp_tag', { group_name: '来源', tag: [{ name: '展会' }] })).errcode).toBe(40071);
    expect((await api('externalcontact/mark_tag', { userid: 'zhangsan', external_userid: ext, add_tag: [tagIds[0]] })).errcode).toBe(0);
    expect((await api('externalcontact/mark_tag', { userid: 'zhangsan', external_userid: ext, add_tag: ['etghost'] })).errcode).toBe(40068);
    expect((await api('externalcontact/mark_tag', { userid: 'wangwu', external_userid: ext, add_tag: [tagIds[0]] })).errcode).toBe(84061);
    const got = await apiGet('externalcontact/get', { external_userid: ext });
    expect(got.follow_user).toEqual(
      expect.arrayContaining([expect.objectContaining({ userid: 'zhangsan', tags: [expect.objectContaining({ tag_id: tagIds[0] })] })]),
    );
    expect((await api('externalcontact/del_corp_tag', { tag_id: tagIds })).errcode).toBe(0);
    const list = await api('externalcontact/get_corp_tag_list', {});
    expect((list.tag_group as Array<{ group_name: string }>).map((g) => g.group_name)).toEqual(['客户等级']);
  });

  it('lists and gets group chats; member names only with need_name', async () => {
    const { api } = setup();
    const chatId = DEMO_GROUP_CHATS[0]?.chatId as string;
    expect(await api('externalcontact/groupchat/list', { limit: 10 })).toMatchObject({ group_chat_list: [{ chat_id: chatId, status: 0 }] });
    expect((await api('externalcontact/groupchat/list', {})).errcode).toBe(40058);
    const chat = await api('externalcontact/groupchat/get', { chat_id: chatId });
    expect(chat).toMatchObject({ group_chat: { chat_id: chatId, owner: 'zhangsan', member_version: expect.any(String) } });
    expect((chat.group_chat as { member_list: object[] }).member_list[0]).not.toHaveProperty('name');
  });
});

describe('mass messages, moments and app messages', () => {
  it('creates a mass message and reports per-recipient status', async () => {
    const { state, api } = setup();
    const [a, b] = DEMO_CUSTOMERS.map((c) => c.externalUserId);
    const r = await api('externalcontact/add_msg_template', { external_userid: [a, b, 'wmghost'], sender: 'zhangsan', text: { content: '新品上市' } });
    expect(r).toMatchObject({ errcode: 0, fail_list: ['wmghost'], msgid: expect.any(String) });
    expect(await api('externalcontact/get_groupmsg_send_result', { msgid: r.msgid, userid: 'zhangsan' })).toMatchObject({
      send_list: [
        { external_userid: a, status: 0 },
        { external_userid: b, status: 0 },
      ],
    });
    state.markGroupMsgSent(DEMO_TENANT.corpId, String(r.msgid));
    expect(await api('externalcontact/get_groupmsg_send_result', { msgid: r.msgid, userid: 'zhangsan' })).toMatchObject({
      send_list: [{ status: 1, send_time: expect.any(Number) }, { status: 1 }],
    });
    expect((await api('externalcontact/add_msg_template', { external_userid: Array(10_001).fill(a), text: { content: 'x' } })).errcode).toBe(40058);
  });

  it('reports member tasks (0 → 2), limits reminders to 3 per 24 h, cancels, and closes results after one month', async () => {
    const { state, api, advance } = setup();
    const [a] = DEMO_CUSTOMERS.map((c) => c.externalUserId);
    const { msgid } = await api('externalcontact/add_msg_template', { external_userid: [a], sender: 'zhangsan', text: { content: '新品上市' } });
    expect(await api('externalcontact/get_groupmsg_task', { msgid })).toMatchObject({ task_list: [{ userid: 'zhangsan', status: 0 }] });
    for (let i = 0; i < 3; i++) expect((await api('externalcontact/remind_groupmsg_send', { msgid })).errcode).toBe(0);
    expect((await api('externalcontact/remind_groupmsg_send', { msgid })).errcode).toBe(REMIND_LIMIT_ERRCODE);
    advance(86_400_000);
    expect((await api('externalcontact/remind_groupmsg_send', { msgid })).errcode).toBe(0);
    state.markGroupMsgSent(DEMO_TENANT.corpId, String(msgid), 'zhangsan');
    expect(await api('externalcontact/get_groupmsg_task', { msgid })).toMatchObject({
      task_list: [{ userid: 'zhangsan', status: 2, send_time: expect.any(Number) }],
    });
    expect((await api('externalcontact/cancel_groupmsg_send', { msgid })).errcode).toBe(0);
    expect((await api('externalcontact/remind_groupmsg_send', { msgid })).errcode).toBe(REMIND_CANCELLED_ERRCODE);
    advance(30 * 86_400_000);
    expect((await api('externalcontact/get_groupmsg_task', { msgid })).errcode).toBe(41047);
    expect((await api('externalcontact/get_groupmsg_send_result', { msgid, userid: 'zhangsan' })).errcode).toBe(41047);
    expect((await api('externalcontact/cancel_groupmsg_send', { msgid: 'msgnone' })).errcode).toBe(41047);
  });

  it('members confirm by themselves after groupMsgConfirmSeconds; a cancelled task is never sent', async () => {
    const { api, advance } = setup({ groupMsgConfirmSeconds: 60 });
    const [a, b] = DEMO_CUSTOMERS.map((c) => c.externalUserId);
    const one = await api('externalcontact/add_msg_template', { external_userid: [a], sender: 'zhangsan', text: { content: '一' } });
    const two = await api('externalcontact/add_msg_template', { external_userid: [b], sender: 'zhangsan', text: { content: '二' } });
    await api('externalcontact/cancel_groupmsg_send', { msgid: two.msgid });
    advance(60_000);
    expect(await api('externalcontact/get_groupmsg_send_result', { msgid: one.msgid, userid: 'zhangsan' })).toMatchObject({ send_list: [{ status: 1 }] });
    expect(await api('externalcontact/get_groupmsg_send_result', { msgid: two.msgid, userid: 'zhangsan' })).toMatchObject({ send_list: [{ status: 0 }] });
    expect(await api('externalcontact/get_groupmsg_task', { msgid: two.msgid })).toMatchObject({ task_list: [{ userid: 'zhangsan', status: 0 }] });
  });

  it('reports a moment per member (get_moment_task) and its likes and comments', async () => {
    const { state, api, apiGet, advance } = setup({ momentTaskSeconds: 10 });
    const { jobid } = await api('externalcontact/add_moment_task', {
      text: { content: '周末活动' },
      visible_range: { sender_list: { user_list: ['zhangsan', 'lisi', 'ghost'] } },
    });
    expect((await api('externalcontact/get_moment_task', { moment_id: 'momnone' })).errcode).toBe(40058);
    advance(10_000);
    const momentId = String(((await apiGet('externalcontact/get_moment_task_result', { jobid: String(jobid) })).result as { moment_id: string }).moment_id);
    expect(await api('externalcontact/get_moment_task', { moment_id: momentId })).toMatchObject({
      task_list: [
        { userid: 'zhangsan', publish_status: 0 },
        { userid: 'lisi', publish_status: 0 },
      ],
    });
    expect(state.markMomentPublished(DEMO_TENANT.corpId, momentId, 'lisi', { likes: ['wmA'], comments: ['wmA', 'wmB'] })).toBe(true);
    expect(await api('externalcontact/get_moment_task', { moment_id: momentId })).toMatchObject({
      task_list: [{ publish_status: 0 }, { userid: 'lisi', publish_status: 1 }],
    });
    const r = await api('externalcontact/get_moment_comments', { moment_id: momentId, userid: 'lisi' });
    expect(r).toMatchObject({ like_list: [{ external_userid: 'wmA' }], comment_list: [{ external_userid: 'wmA' }, { external_userid: 'wmB' }] });
    expect(await api('externalcontact/get_moment_comments', { moment_id: momentId, userid: 'zhangsan' })).toMatchObject({ like_list: [], comment_list: [] });
  });

  it('moment tasks go from status 1 to 3 over momentTaskSeconds', async () => {
    const { api, apiGet, advance } = setup({ momentTaskSeconds: 10 });
    const { jobid } = await api('externalcontact/add_moment_task', { text: { content: '周末活动' } });
    const status = async () => (await apiGet('externalcontact/get_moment_task_result', { jobid: String(jobid) })).status;
    expect(await status()).toBe(1);
    advance(5_000);
    expect(await status()).toBe(2);
    advance(5_000);
    expect(await apiGet('externalcontact/get_moment_task_result', { jobid: String(jobid) })).toMatchObject({
      status: 3,
      type: 'add_moment_task',
      result: { errcode: 0, moment_id: expect.any(String) },
    });
    expect(
      (
        await api('externalcontact/add_moment_task', {
          attachments: [
            { msgtype: 'video', video: {} },
            { msgtype: 'video', video: {} },
          ],
        })
      ).errcode,
    ).toBe(40058);
  });

  it('message/send records recipients and reports invalid ones', async () => {
    const { state, api } = setup();
    const r = await api('message/send', { touser: 'zhangsan|Ghost', toparty: '3', msgtype: 'text', agentid: 1000002, text: { content: '日报' } });
    expect(r).toMatchObject({ errcode: 0, invaliduser: 'ghost', msgid: expect.any(String) });
    expect(state.sent().appMessages[0]?.recipients.sort()).toEqual(['wangwu', 'zhangsan', 'zhaoliu']);
    expect((await api('message/send', { touser: 'ghost', msgtype: 'text', agentid: 1000002, text: { content: 'x' } })).errcode).toBe(81013);
    expect((await api('message/send', { touser: 'lisi', msgtype: 'text', agentid: 1, text: { content: 'x' } })).errcode).toBe(40056);
  });
});

describe('微信客服', () => {
  it('sync_msg pages with a cursor and has_more; send_msg works inside the 48 h window, 5 times', async () => {
    const { state, api } = setup();
    const messages = Array.from({ length: 3 }, (_, i) => ({ msgtype: 'text', external_userid: 'wmkf1', text: { content: `m${i}` } }));
    const { token } = state.enqueueKfMessages(DEMO_TENANT.corpId, DEMO_KF_ACCOUNT, messages);
    const first = await api('kf/sync_msg', { token, open_kfid: DEMO_KF_ACCOUNT, limit: 2 });
    expect(first).toMatchObject({ has_more: 1, msg_list: [{ origin: 3 }, {}] });
    const second = await api('kf/sync_msg', { cursor: first.next_cursor, open_kfid: DEMO_KF_ACCOUNT, limit: 2 });
    expect(second).toMatchObject({ has_more: 0, msg_list: [{ text: { content: 'm2' } }] });
    expect((await api('kf/sync_msg', { token: 'forged', open_kfid: DEMO_KF_ACCOUNT })).errcode).toBe(95007);
    const send = () => api('kf/send_msg', { touser: 'wmkf1', open_kfid: DEMO_KF_ACCOUNT, msgtype: 'text', text: { content: '您好' } });
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await send()).errcode);
    expect(codes).toEqual([0, 0, 0, 0, 0, 95001]);
  });

  it('send_msg_on_event uses an enter_session welcome code once, within 20 s', async () => {
    const { state, api, advance } = setup();
    state.enqueueKfMessages(DEMO_TENANT.corpId, DEMO_KF_ACCOUNT, [
      { msgtype: 'event', event: { event_type: 'enter_session', external_userid: 'wmkf2', welcome_code: 'WC1' } },
      { msgtype: 'event', event: { event_type: 'enter_session', external_userid: 'wmkf3', welcome_code: 'WC2' } },
    ]);
    const send = (code: string) => api('kf/send_msg_on_event', { code, msgtype: 'text', text: { content: '欢迎' } });
    expect((await send('WC1')).errcode).toBe(0);
    expect((await send('WC1')).errcode).toBe(40058);
    advance(20_001);
    expect((await send('WC2')).errcode).toBe(40058);
    expect(state.sent().kfMessages).toEqual([expect.objectContaining({ via: 'send_msg_on_event', externalUserId: 'wmkf2', code: 'WC1' })]);
  });
});

describe('directory, statistics, media', () => {
  it('answers users and departments', async () => {
    const { api, apiGet } = setup();
    expect(await apiGet('user/list', { department_id: '1', fetch_child: '1' })).toMatchObject({
      userlist: expect.arrayContaining([expect.objectContaining({ userid: 'wangwu' })]),
    });
    expect((await apiGet('user/list', { department_id: '99' })).errcode).toBe(60003);
    expect(await apiGet('department/simplelist', { id: '1' })).toMatchObject({ department_id: [{ id: 1, parentid: 0 }, { id: 2 }, { id: 3 }] });
    expect(await api('user/list_id', { limit: 2 })).toMatchObject({ dept_user: [{}, {}], next_cursor: expect.any(String) });
    expect((await apiGet('user/get', { userid: 'ghost' })).errcode).toBe(60111);
  });

  it('answers behaviour data per day, deterministically', async () => {
    const { api, now } = setup();
    const end = Math.floor(now() / 1000);
    const body = { userid: ['zhangsan'], start_time: end - 2 * 86_400, end_time: end };
    const a = await api('externalcontact/get_user_behavior_data', body);
    expect((a.behavior_data as unknown[]).length).toBe(3);
    expect((await api('externalcontact/get_user_behavior_data', body)).behavior_data).toEqual(a.behavior_data);
    expect((await api('externalcontact/get_user_behavior_data', { start_time: 0, end_time: 1 })).errcode).toBe(40058);
  });

  it("answers a member's day as a test set it, and only for calls about that member alone", async () => {
    const { api, now, state } = setup();
    const end = Math.floor(now() / 1000);
    const start = Math.floor((end + 8 * 3600) / 86_400) * 86_400 - 8 * 3600;
    state.setBehaviour(DEMO_TENANT.corpId, 'zhangsan', start, { chat_cnt: 7, message_cnt: 21, reply_percentage: 50, avg_reply_time: 3 });
    const one = await api('externalcontact/get_user_behavior_data', { userid: ['zhangsan'], start_time: start, end_time: start });
    expect(one.behavior_data).toEqual([
      {
        stat_time: start,
        new_apply_cnt: 0,
        new_contact_cnt: 0,
        negative_feedback_cnt: 0,
        chat_cnt: 7,
        message_cnt: 21,
        reply_percentage: 50,
        avg_reply_time: 3,
      },
    ]);
    const both = await api('externalcontact/get_user_behavior_data', { userid: ['zhangsan', 'lisi'], start_time: start, end_time: start });
    expect((both.behavior_data as Array<{ chat_cnt: number }>)[0]!.chat_cnt).not.toBeUndefined();
    expect(both.behavior_data).not.toEqual(one.behavior_data);
  });

  it('accepts uploads and answers media ids', async () => {
    const { state, token } = setup();
    const t = await token();
    const upload = (path: string, query: Record<string, string>, bytes = 100) =>
      state.dispatch({ method: 'POST', path, query: { access_token: t, ...query }, upload: { field: 'media', filename: 'a.png', bytes } });
    expect(await upload('/cgi-bin/media/upload', { type: 'image' })).toMatchObject({
      errcode: 0,
      type: 'image',
      media_id: expect.any(String),
      created_at: expect.any(String),
    });
    expect((await upload('/cgi-bin/media/upload', { type: 'gif' })).errcode).toBe(40005);
    expect((await upload('/cgi-bin/media/upload', { type: 'image' }, 3)).errcode).toBe(44001);
    expect(await upload('/cgi-bin/media/uploadimg', {})).toMatchObject({ url: expect.stringMatching(/^https:/) });
    expect((await upload('/cgi-bin/media/upload_attachment', { media_type: 'file', attachment_type: '1' })).errcode).toBe(41072);
    expect(state.calls({ path: 'media/upload' })[0]?.body).toEqual({ multipart: { field: 'media', filename: 'a.png', bytes: 100 } });
  });

  it('a moment takes only media ids of upload_attachment with attachment_type 1, of its type, within 3 days (else 40007)', async () => {
    const { state, token, advance } = setup();
    const t = await token();
    const upload = async (path: string, query: Record<string, string>) =>
      String(
        (await state.dispatch({ method: 'POST', path, query: { access_token: t, ...query }, upload: { field: 'media', filename: 'a.png', bytes: 100 } }))
          .media_id,
      );
    const moment = async (attachments: unknown[]) =>
      (
        await state.dispatch({
          method: 'POST',
          path: '/cgi-bin/externalcontact/add_moment_task',
          query: { access_token: await token() },
          body: { attachments },
        })
      ).errcode;
    const image = (media_id: string) => ({ msgtype: 'image', image: { media_id } });
    const forMoments = await upload('/cgi-bin/media/upload_attachment', { media_type: 'image', attachment_type: '1' });
    const forAlbums = await upload('/cgi-bin/media/upload_attachment', { media_type: 'image', attachment_type: '2' });
    const forMessages = await upload('/cgi-bin/media/upload', { type: 'image' });
    expect(await moment([image(forMoments)])).toBe(0);
    expect(await moment([{ msgtype: 'link', link: { title: '活动', url: 'https://example.com/a', media_id: forMoments } }])).toBe(0);
    expect(await moment([{ msgtype: 'video', video: { media_id: forMoments } }])).toBe(40007);
    expect(await moment([image(forAlbums)])).toBe(40007);
    expect(await moment([image(forMessages)])).toBe(40007);
    expect(await moment([image('nosuchmedia')])).toBe(40007);
    advance(3 * 86_400_000);
    expect(await moment([image(forMoments)])).toBe(40007);
  });
});

describe('reset', () => {
  it('goes back to the seeds: calls, faults, tokens, data and config', async () => {
    const { state, api, token } = setup({ ratePerMinute: 50 });
    const t = await token();
    state.addFaults([{ path: 'x', errcode: -1, times: 5 }]);
    await api('externalcontact/add_corp_tag', { group_name: 'g', tag: [{ name: 't' }] });
    state.configure({ ratePerMinute: 1 });
    state.reset();
    expect(state.calls()).toEqual([]);
    expect(state.pendingFaults()).toEqual([]);
    expect(state.getConfig().ratePerMinute).toBe(50);
    expect(state.corp(DEMO_TENANT.corpId).tagGroups.size).toBe(1);
    expect((await state.dispatch({ method: 'GET', path: '/cgi-bin/department/list', query: { access_token: t } })).errcode).toBe(40014);
  });
});
