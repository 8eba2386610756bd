// The declared response schemas of the admin routes hold what the routes answer (on the in-memory fakes):
// every field declared, nothing undeclared (the views are strict objects), types as declared. One pass per
// resource through the whole route table (adminCall); the per-route check against DynamoDB Local is the
// OpenAPI contract test's.
import type * as z from 'zod';
import { adminCall, adminFakes } from '../../test/support/fakes/admin';
import { broadcastRoutes } from './routes/broadcasts';
import { channelRoutes } from './routes/channels';
import { conversationRoutes } from './routes/conversations';
import { customerRoutes } from './routes/customers';
import { groupCodeRoutes } from './routes/group-codes';
import { groupWelcomeTemplateRoutes } from './routes/group-welcome-templates';
import { groupRoutes } from './routes/groups';
import { keywordRuleRoutes } from './routes/keyword-rules';
import { quickReplyRoutes } from './routes/quick-replies';
import { staffRoutes } from './routes/staff';
import { tagRoutes } from './routes/tags';

const T0 = Math.floor(Date.parse('2026-11-23T09:00:00+08:00') / 1000);

async function world() {
  const f = await adminFakes({ nowMs: (T0 + 3600) * 1000 });
  let n = 0;
  const chats = new Map<string, string[]>();
  f.wecom
    .on('externalcontact/add_contact_way', () => ({ config_id: `cfg${++n}`, qr_code: `https://wecom.example/qr/${n}` }))
    .on('externalcontact/update_contact_way', () => ({}))
    .on('externalcontact/del_contact_way', () => ({}))
    .on('externalcontact/groupchat/get', (b) => ({
      group_chat: { chat_id: b.chat_id, name: '福利群', owner: 'lisi', create_time: T0, member_list: [{ userid: 'lisi', type: 1, join_time: T0 }] },
    }))
    .on('externalcontact/groupchat/add_join_way', (b) => {
      chats.set(`jw${++n}`, b.chat_id_list ?? []);
      return { config_id: `jw${n}` };
    })
    .on('externalcontact/groupchat/get_join_way', (b) => ({
      join_way: { config_id: b.config_id, scene: 2, chat_id_list: chats.get(b.config_id) ?? [], qr_code: `https://wecom.example/jw/${b.config_id}` },
    }))
    .on('externalcontact/groupchat/update_join_way', () => ({}))
    .on('externalcontact/groupchat/del_join_way', () => ({}))
    .on('externalcontact/group_welcome_template/add', () => ({ template_id: `tpl${++n}` }))
    .on('externalcontact/group_welcome_template/edit', () => ({}))
    .on('externalcontact/group_welcome_template/del', () => ({}))
    .on('user/list_id', () => ({ dept_user: [{ userid: 'zhangsan', department: 2 }] }))
    .on('user/get', (b) => ({ userid: b.userid, name: '张三', department: [2], status: 1 }))
    .on('externalcontact/get_corp_tag_list', () => ({ tag_group: [{ group_id: 'g1', group_name: '等级', tag: [{ id: 'et1', name: '重要客户', order: 1 }] }] }))
    .on('externalcontact/add_corp_tag', (b) => ({
      tag_group: { group_id: 'g1', group_name: b.group_name, tag: [{ id: 'etnew', name: b.tag![0]!.name, order: 0 }] },
    }));
  const call = adminCall(f);
  /** Calls a route and parses its answer with the route's declared response schema. */
  const answer = async (r: { response: z.ZodType }, method: string, path: string, o: Parameters<typeof call>[2] = {}) => {
    const res = await call(method, path, o);
    expect(res.status).toBeLessThan(300);
    expect(() => r.response.parse(res.body)).not.toThrow();
    // The schema is strict: a field it does not declare fails (here the store's key, leaking).
    expect(r.response.safeParse({ ...res.body, pk: 'TENANT#x' }).success).toBe(false);
    return res.body;
  };
  return { f, call, answer };
}

describe('the admin routes answer what their response schemas declare', () => {
  it('channels: create, list, get with stats, update, delete, spend', async () => {
    const { answer } = await world();
    const ch = await answer(channelRoutes.create, 'POST', '/channels', {
      body: { name: '展会', staff: ['zhangsan'], remark: '展会', welcome: { text: '您好', attachments: [{ msgtype: 'image', image: { media_id: 'm1' } }] } },
    });
    expect(ch.contactWay).toMatchObject({ staff: ['zhangsan'] });
    await answer(channelRoutes.list, 'GET', '/channels');
    await answer(channelRoutes.get, 'GET', `/channels/${ch.id}`);
    await answer(channelRoutes.update, 'PATCH', `/channels/${ch.id}`, {
      body: { autoAccept: { mode: 'schedule', windows: [{ days: [1, 2], from: '09:00', to: '18:00' }] } },
    });
    await answer(channelRoutes.spend, 'PUT', `/channels/${ch.id}/spend`, { body: { date: '2026-11-23', amount: 12_345 } });
    await answer(channelRoutes.delete, 'DELETE', `/channels/${ch.id}`);
  });

  it('customers: list and one with follows and timeline', async () => {
    const { f, answer } = await world();
    await f.follows.apply({
      corpId: f.corpId,
      externalUserId: 'wmone',
      userId: 'zhangsan',
      status: 'active',
      changedAt: T0,
      rank: 2,
      eventKey: 'e1',
      added: { at: T0, state: 'c_abcdefghij' },
    });
    await f.customerRecords.touch(f.corpId, 'wmone', T0);
    await f.customerRecords.setProfile(f.corpId, { externalUserId: 'wmone', name: '陈小姐', type: 1 }, T0 * 1000);
    await f.customerRecords.appendTimeline({
      corpId: f.corpId,
      externalUserId: 'wmone',
      at: T0,
      eventKey: 'e1',
      kind: 'added',
      userId: 'zhangsan',
      state: 'c_abcdefghij',
      channelId: 'abcdefghij',
      detail: { source: 'x' },
    });
    const list = await answer(customerRoutes.list, 'GET', '/customers');
    expect(list.items).toHaveLength(1);
    const one = await answer(customerRoutes.get, 'GET', '/customers/wmone');
    expect(one.timeline).toHaveLength(1);
  });

  it('group codes, group welcome templates and the group registry', async () => {
    const { answer } = await world();
    const tpl = await answer(groupWelcomeTemplateRoutes.create, 'POST', '/group-welcome-templates', { body: { name: '欢迎', text: '欢迎 {{name}}' } });
    await answer(groupWelcomeTemplateRoutes.list, 'GET', '/group-welcome-templates');
    await answer(groupWelcomeTemplateRoutes.update, 'PATCH', `/group-welcome-templates/${tpl.id}`, { body: { text: '欢迎！' } });
    const code = await answer(groupCodeRoutes.create, 'POST', '/group-codes', { body: { name: '福利群', chatIds: ['wrchat1'], welcomeTemplateId: tpl.id } });
    expect(code.groups).toHaveLength(1);
    await answer(groupCodeRoutes.list, 'GET', '/group-codes');
    await answer(groupCodeRoutes.get, 'GET', `/group-codes/${code.id}`);
    await answer(groupCodeRoutes.update, 'PATCH', `/group-codes/${code.id}`, { body: { memberCap: 100 } });
    expect((await answer(groupRoutes.list, 'GET', '/groups')).items).toHaveLength(1);
    await answer(groupCodeRoutes.delete, 'DELETE', `/group-codes/${code.id}`);
    await answer(groupWelcomeTemplateRoutes.delete, 'DELETE', `/group-welcome-templates/${tpl.id}`);
  });

  it('keyword rules and quick replies', async () => {
    const { answer } = await world();
    const qr = await answer(quickReplyRoutes.create, 'POST', '/quick-replies', {
      body: { title: '价格', content: '请看价目表', attachments: [{ msgtype: 'link', link: { title: 't', url: 'https://example.com' } }] },
    });
    expect((await answer(quickReplyRoutes.list, 'GET', '/quick-replies')).groups[0].items).toHaveLength(1);
    const rule = await answer(keywordRuleRoutes.create, 'POST', '/keyword-rules', {
      body: { name: '价格', keywords: ['价格'], reply: { text: '您好' }, actions: { addTags: ['et1'], quickReplyId: qr.id, notifyStaff: true } },
    });
    await answer(keywordRuleRoutes.list, 'GET', '/keyword-rules');
    await answer(keywordRuleRoutes.update, 'PATCH', `/keyword-rules/${rule.id}`, { body: { enabled: false, reply: null } });
    await answer(keywordRuleRoutes.delete, 'DELETE', `/keyword-rules/${rule.id}`);
  });

  it('tags and staff', async () => {
    const { answer } = await world();
    await answer(tagRoutes.list, 'GET', '/tags');
    await answer(tagRoutes.create, 'POST', '/tags', { body: { groupName: '等级', name: '新客' } });
    await answer(staffRoutes.sync, 'POST', '/staff/sync');
    expect((await answer(staffRoutes.list, 'GET', '/staff')).items).toHaveLength(1);
  });

  it('broadcasts: a dry run, a scheduled one, and reading it', async () => {
    const { answer } = await world();
    const dry = await answer(broadcastRoutes.create, 'POST', '/broadcasts', {
      body: { target: 'customers', content: { text: '您好 {{name}}' }, dryRun: true },
    });
    expect(dry.dryRun).toBe(true);
    const b = await answer(broadcastRoutes.create, 'POST', '/broadcasts', {
      body: { target: 'customers', filter: { tags: ['et1'], staff: 'zhangsan', addedFrom: T0 - 86_400 }, content: { text: '您好', nameFallback: '朋友' } },
    });
    expect(b.status).toBe('scheduled');
    await answer(broadcastRoutes.get, 'GET', `/broadcasts/${b.id}`);
  });

  it('the archive search and the red-packet ledger', async () => {
    const { f, answer } = await world();
    await f.archive.put({
      corpId: f.corpId,
      msgid: 'm1',
      seq: 1,
      msgtime: T0 * 1000,
      msgtype: 'text',
      action: 'send',
      from: 'zhangsan',
      tolist: ['wmone'],
      roomid: '',
      staff: 'zhangsan',
      customer: 'wmone',
      text: '您好',
      body: { content: '您好' },
    });
    expect((await answer(conversationRoutes.archive, 'GET', '/archive')).items).toHaveLength(1);
    await f.ledger.record({ corpId: f.corpId, day: '2026-11-23', userId: 'zhangsan', direction: 'out', amountFen: 888, count: 1, msgid: 'm2' });
    expect((await answer(conversationRoutes.ledger, 'GET', '/red-packet-ledger', { query: { date: '2026-11-23' } })).items).toHaveLength(1);
  });
});
