// Group codes, group welcome templates and the group registry through the admin API on fakes (the
// scenarios of group-codes.int.test.ts without Java): a join way listing at most 5 usable groups, PATCH
// rewriting it whole, DELETE keeping the record, bad input refused before WeCom, unknown groups and
// templates a 422, `{{name}}` sent as %NICKNAME%, WeCom's 100-template limit, and a manager's registry
// limited to groups its department's staff own.
import { adminCall, adminFakes } from '../../test/support/fakes/admin';

const T = 1_764_000_000;

async function world() {
  const f = await adminFakes();
  /** WeCom's group chats: id → name, owner and member count. */
  const chats = new Map<string, { name: string; owner: string; members: number }>();
  const joinWays = new Map<string, { chat_id_list: string[]; state?: string | undefined }>();
  const templates = new Map<string, string>();
  let n = 0;
  f.wecom
    .on('externalcontact/groupchat/get', (b) => {
      const c = chats.get(b.chat_id);
      if (!c) return { errcode: 40050, errmsg: 'chatid not found' };
      const member_list = Array.from({ length: c.members }, (_, i) => ({
        userid: i === 0 ? c.owner : `wm${b.chat_id}${i}`,
        type: i === 0 ? 1 : 2,
        join_time: T,
      }));
      return { group_chat: { chat_id: b.chat_id, name: c.name, owner: c.owner, create_time: T, member_list } };
    })
    .on('externalcontact/groupchat/add_join_way', (b) => {
      const config_id = `jw${++n}`;
      joinWays.set(config_id, { chat_id_list: b.chat_id_list, state: b.state });
      return { config_id };
    })
    .on('externalcontact/groupchat/get_join_way', (b) => ({
      join_way: { config_id: b.config_id, scene: 2, chat_id_list: joinWays.get(b.config_id)!.chat_id_list, qr_code: `https://wecom.example/jw/${b.config_id}` },
    }))
    .on('externalcontact/groupchat/update_join_way', (b) => {
      joinWays.set(b.config_id, { chat_id_list: b.chat_id_list, state: b.state });
      return {};
    })
    .on('externalcontact/groupchat/del_join_way', (b) => (joinWays.delete(b.config_id) ? {} : { errcode: 41044, errmsg: 'config_id not found' }))
    .on('externalcontact/group_welcome_template/add', (b) => {
      if (templates.size >= 100) return { errcode: 41055, errmsg: 'template limit' };
      const template_id = `tpl${++n}`;
      templates.set(template_id, b.text!.content!);
      return { template_id };
    })
    .on('externalcontact/group_welcome_template/edit', (b) => {
      templates.set(b.template_id, b.text!.content!);
      return {};
    })
    .on('externalcontact/group_welcome_template/del', (b) => (templates.delete(b.template_id) ? {} : { errcode: 40058, errmsg: 'invalid template_id' }));
  let chatSeq = 0;
  const newChat = (name: string, members = 1, owner = 'lisi') => {
    const chatId = `wrchat${++chatSeq}`;
    chats.set(chatId, { name, owner, members });
    return chatId;
  };
  return { f, call: adminCall(f), chats, joinWays, templates, newChat };
}

describe('group codes', () => {
  it('creates a join way (scene 2) listing at most 5 usable groups, with its QR code, state and group statuses', async () => {
    const { f, call, joinWays, newChat } = await world();
    const chats = [newChat('一群', 200), newChat('二群', 3), newChat('三群'), newChat('四群'), newChat('五群'), newChat('六群'), newChat('七群')];
    const res = await call('POST', '/group-codes', { body: { name: '新客福利群', chatIds: chats, autoCreate: true, roomBaseName: '福利群' } });
    expect(res.status).toBe(201);
    const code = res.body;
    expect(code).toMatchObject({
      name: '新客福利群',
      chatIds: chats,
      memberCap: 200,
      autoCreate: true,
      roomBaseName: '福利群',
      status: 'active',
      activeChatId: chats[1],
      state: expect.stringMatching(/^g_[A-Za-z0-9]{10}$/),
      configId: 'jw1',
      qrCode: 'https://wecom.example/jw/jw1',
    });
    expect(code.id).toBe(code.state.slice(2));
    expect(code.groups.slice(0, 3)).toEqual([
      { chatId: chats[0], name: '一群', memberCount: 200, status: 'full' },
      { chatId: chats[1], name: '二群', memberCount: 3, status: 'in_use' },
      { chatId: chats[2], name: '三群', memberCount: 1, status: 'waiting' },
    ]);
    expect(f.wecom.callsTo('externalcontact/groupchat/add_join_way')).toEqual([
      { scene: 2, remark: '新客福利群', auto_create_room: 1, room_base_name: '福利群', chat_id_list: chats.slice(1, 6), state: code.state },
    ]);
    expect(joinWays.get('jw1')?.chat_id_list).toEqual(chats.slice(1, 6));
    expect((await call('GET', `/group-codes/${code.id}`)).body).toEqual(code);
    expect((await call('GET', '/group-codes')).body.items.map((c: { id: string }) => c.id)).toEqual([code.id]);
    // The registry saw the groups.
    expect((await call('GET', '/groups')).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ chatId: chats[0], name: '一群', owner: 'lisi', memberCount: 200, status: 'active' })]),
    );
  });

  it('rejects bad input with the failing fields (400) and unknown groups or templates (422), calling no join way API', async () => {
    const { f, call, newChat } = await world();
    const bad = await call('POST', '/group-codes', { body: { name: '', chatIds: [], memberCap: 501, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['', 'chatIds', 'memberCap', 'name']);
    const dup = newChat('重复');
    expect((await call('POST', '/group-codes', { body: { name: 'x', chatIds: [dup, dup] } })).status).toBe(400);
    const unknown = await call('POST', '/group-codes', { body: { name: 'x', chatIds: [newChat('ok'), 'wrnosuchchat'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ field: 'chatIds.1' })]);
    expect((await call('POST', '/group-codes', { body: { name: 'x', chatIds: [dup], welcomeTemplateId: 'nope' } })).status).toBe(422);
    expect(f.wecom.callsTo('externalcontact/groupchat/add_join_way')).toEqual([]);
    expect(await f.groupCodes.list(f.corpId)).toEqual([]);
  });

  it('PATCH rewrites the whole join way (update_join_way, every field); DELETE removes it and keeps the record', async () => {
    const { f, call, joinWays, newChat } = await world();
    const [a, b, c] = [newChat('P-A'), newChat('P-B'), newChat('P-C')];
    const code = (await call('POST', '/group-codes', { body: { name: '改名前', chatIds: [a, b] } })).body;
    const patched = await call('PATCH', `/group-codes/${code.id}`, { body: { name: '改名后', chatIds: [c, b], autoCreate: true } });
    expect(patched).toMatchObject({ status: 200, body: { name: '改名后', chatIds: [c, b], activeChatId: c, autoCreate: true } });
    expect(f.wecom.callsTo('externalcontact/groupchat/update_join_way')).toEqual([
      { config_id: code.configId, scene: 2, remark: '改名后', auto_create_room: 1, chat_id_list: [c, b], state: code.state },
    ]);
    expect((await call('PATCH', `/group-codes/${code.id}`, { body: { memberCap: 0 } })).status).toBe(400);

    const deleted = await call('DELETE', `/group-codes/${code.id}`);
    expect(deleted.body).toMatchObject({ id: code.id, status: 'deleted', activeChatId: null });
    expect(f.wecom.callsTo('externalcontact/groupchat/del_join_way')).toEqual([{ config_id: code.configId }]);
    expect(joinWays.has(code.configId)).toBe(false);
    expect((await call('GET', `/group-codes/${code.id}`)).body.status).toBe('deleted');
    expect((await call('DELETE', `/group-codes/${code.id}`)).status).toBe(200);
    expect(f.wecom.callsTo('externalcontact/groupchat/del_join_way')).toHaveLength(1);
    expect((await call('PATCH', `/group-codes/${code.id}`, { body: { name: 'x' } })).status).toBe(404);
    expect((await call('GET', '/group-codes/nosuchcode')).status).toBe(404);
  });

  it('deletes a code whose join way WeCom no longer has (41044)', async () => {
    const { call, joinWays, newChat } = await world();
    const code = (await call('POST', '/group-codes', { body: { name: 'x', chatIds: [newChat('A')] } })).body;
    joinWays.delete(code.configId);
    expect(await call('DELETE', `/group-codes/${code.id}`)).toMatchObject({ status: 200, body: { status: 'deleted' } });
  });

  it('refuses a code whose every group was dismissed (422) and a join way WeCom refuses for its chats (400 naming chatIds)', async () => {
    const { f, call, newChat } = await world();
    const gone = newChat('散了');
    await f.groups.markDismissed(f.corpId, gone, T, '');
    expect(await call('POST', '/group-codes', { body: { name: 'x', chatIds: [gone] } })).toMatchObject({
      status: 422,
      body: { error: { details: [{ field: 'chatIds' }] } },
    });
    f.wecom.fail('externalcontact/groupchat/add_join_way', 40050, 1);
    expect(await call('POST', '/group-codes', { body: { name: 'x', chatIds: [newChat('B')] } })).toMatchObject({
      status: 400,
      body: { error: { code: 'wecom_rejected', details: { errcode: 40050, field: 'chatIds' } } },
    });
    expect(await f.groupCodes.list(f.corpId)).toEqual([]);
  });
});

describe('group welcome templates', () => {
  it('keeps {{name}} as WeCom %NICKNAME%, edits and deletes in WeCom', async () => {
    const { f, call, templates, newChat } = await world();
    const created = await call('POST', '/group-welcome-templates', { body: { name: '欢迎', text: '欢迎 {{name}} 入群！' } });
    expect(created).toMatchObject({
      status: 201,
      body: { name: '欢迎', text: '欢迎 {{name}} 入群！', notify: true, status: 'active', templateId: expect.any(String) },
    });
    expect(templates.get(created.body.templateId)).toBe('欢迎 %NICKNAME% 入群！');
    const edited = await call('PATCH', `/group-welcome-templates/${created.body.id}`, { body: { text: '{{name}}，你好' } });
    expect(edited.body.text).toBe('{{name}}，你好');
    expect(f.wecom.callsTo('externalcontact/group_welcome_template/edit')).toEqual([
      { template_id: created.body.templateId, text: { content: '%NICKNAME%，你好' } },
    ]);
    // A PATCH that leaves the text as it is calls WeCom for nothing.
    await call('PATCH', `/group-welcome-templates/${created.body.id}`, { body: { name: '改名' } });
    expect(f.wecom.callsTo('externalcontact/group_welcome_template/edit')).toHaveLength(1);
    const code = await call('POST', '/group-codes', { body: { name: '带欢迎语', chatIds: [newChat('W')], welcomeTemplateId: created.body.id } });
    expect(code.body.welcomeTemplateId).toBe(created.body.id);
    const del = await call('DELETE', `/group-welcome-templates/${created.body.id}`);
    expect(del.body.status).toBe('deleted');
    expect(templates.has(created.body.templateId)).toBe(false);
    expect((await call('PATCH', `/group-welcome-templates/${created.body.id}`, { body: { text: 'x' } })).status).toBe(404);
    expect((await call('POST', '/group-codes', { body: { name: 'x', chatIds: [newChat('V')], welcomeTemplateId: created.body.id } })).status).toBe(422);
  });

  it('rejects text over 3000 bytes (400) and a 101st template (422)', async () => {
    const { call, templates } = await world();
    const tooLong = await call('POST', '/group-welcome-templates', { body: { text: '欢'.repeat(1001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details).toEqual([expect.objectContaining({ field: 'text' })]);
    expect((await call('POST', '/group-welcome-templates', { body: { text: '欢'.repeat(1000) } })).status).toBe(201);
    for (let i = 1; i < 100; i++) expect((await call('POST', '/group-welcome-templates', { body: { text: `模板 ${i}` } })).status).toBe(201);
    expect((await call('POST', '/group-welcome-templates', { body: { text: 'one too many' } })).status).toBe(422);
    expect(templates.size).toBe(100);
  });

  it("maps WeCom's full library (41055) to 422 when our count does not know it", async () => {
    const { f, call } = await world();
    f.wecom.fail('externalcontact/group_welcome_template/add', 41055, 1);
    expect((await call('POST', '/group-welcome-templates', { body: { text: 'x' } })).status).toBe(422);
    expect(await f.groupWelcomeTemplates.list(f.corpId)).toEqual([]);
  });
});

describe('groups', () => {
  it("lists the registry filtered by status; a manager sees the groups its department's staff own", async () => {
    const { f, call } = await world();
    const snap = (chatId: string, owner: string) => ({
      corpId: f.corpId,
      chatId,
      name: chatId,
      owner,
      memberCount: 2,
      status: 'active' as const,
      changedAt: T,
      updatedAt: '',
    });
    await f.groups.applySnapshot(snap('wra', 'zhangsan'));
    await f.groups.applySnapshot(snap('wrb', 'wangwu'));
    await f.groups.markDismissed(f.corpId, 'wrc', T, '');
    for (const [userId, dept] of [
      ['zhangsan', 2],
      ['wangwu', 3],
    ] as const)
      await f.staffRegistry.apply({ corpId: f.corpId, userId, changedAt: T, rank: 1, department: [dept], status: 'active' });
    expect((await call('GET', '/groups', { query: { status: 'dismissed' } })).body.items.map((g: any) => g.chatId)).toEqual(['wrc']);
    expect((await call('GET', '/groups', { query: { status: 'active' } })).body.items.map((g: any) => g.chatId)).toEqual(['wra', 'wrb']);
    expect((await call('GET', '/groups', { query: { status: 'gone' } })).status).toBe(400);
    const manager = (await call('POST', '/api-keys', { body: { role: 'manager', department: 2 } })).body.key;
    expect((await call('GET', '/groups', { key: manager })).body.items.map((g: any) => g.chatId)).toEqual(['wra']);
  });
});
