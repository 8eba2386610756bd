// The sidebar API on fakes, through makeSidebarApi as the handler runs it: each route for a staff session,
// each refusal (no session, forged or expired session, a sign-in naming no member, CSRF missing on writes,
// a customer not followed — the same 403 body as an unknown one —, a group not theirs), tag edits through
// mark_tag with one timeline entry and one operation-log entry even after WeCom's edit_external_contact
// callback is replayed, remarks through externalcontact/remark, and quick replies by search and use.
import { newApiKey, sha256Hex } from '../../shared/auth/api-key';
import { csrfTokenOf, newSessionToken, sessionTimes } from '../../shared/auth/session';
import { withOrder } from '../../shared/orders/orders';
import { languageOf, toHttpError } from '../../shared/http/error-handler';
import { apiEvent } from '../../test/support/api-events';
import { adminFakes, SESSION_KEY } from '../../test/support/fakes/admin';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { trustedDomainOf } from '../../shared/wecom/trusted-domain';
import { applyContactChange } from '../relationship/apply-contact-change';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { makeSidebarApi, type SidebarApiDeps } from './api';

const T0 = Math.floor(Date.parse('2026-11-23T09:00:00+08:00') / 1000);

async function world() {
  const f = await adminFakes({ nowMs: (T0 + 3600) * 1000 });
  const { corpId } = f;
  // Outbound webhooks the sidebar and the relationship consumer publish (both get f.deps).
  const published: Array<{ type: string; data: Record<string, unknown> }> = [];
  const webhookEvents: WebhookPublisher = { publish: async (_c, type, data) => void published.push({ type, data }) };
  Object.assign(f.deps, { webhookEvents });
  const tagEvents = () => published.filter((p) => p.type === 'customer.tags_changed');
  const t = await f.tenants.get(corpId);
  await f.tenants.put({ ...t!, agentId: '1000002', admins: ['boss'] } as typeof t & object);
  for (const [userId, name] of [
    ['zhangsan', '张三'],
    ['lisi', '李四'],
    ['boss', '老板'],
  ] as const) {
    await f.staffRegistry.apply({ corpId, userId, name, department: [2], status: 'active', changedAt: T0, rank: 0 });
  }
  for (const tag of [
    { id: 'et1', name: '重要客户', groupId: 'g1', groupName: '等级', order: 2, deleted: false },
    { id: 'et2', name: '普通', groupId: 'g1', groupName: '等级', order: 1, deleted: false },
    { id: 'et3', name: '北京', groupId: 'g2', groupName: '地区', order: 0, deleted: false },
    { id: 'etold', name: '旧标签', groupId: 'g2', groupName: '地区', order: 0, deleted: true },
  ]) {
    await f.tagMirror.put(corpId, tag, T0 * 1000);
  }
  // WeCom's side of each follow (what externalcontact/get reports), changed by mark_tag and remark.
  const wecomFollows = new Map<string, { tags: string[]; remark?: string; description?: string }>([
    ['wmone|zhangsan', { tags: ['et2'] }],
    ['wmone|lisi', { tags: [] }],
    ['wmtwo|lisi', { tags: [] }],
  ]);
  f.wecom
    .on('externalcontact/mark_tag', (b) => {
      const w = wecomFollows.get(`${b.external_userid}|${b.userid}`);
      if (!w) return { errcode: 84061, errmsg: 'not external contact' };
      w.tags = [...new Set([...w.tags.filter((x) => !(b.remove_tag ?? []).includes(x)), ...(b.add_tag ?? [])])];
      return {};
    })
    .on('externalcontact/remark', (b) => {
      const w = wecomFollows.get(`${b.external_userid}|${b.userid}`)!;
      if (b.remark !== undefined) w.remark = b.remark;
      if (b.description !== undefined) w.description = b.description;
      return {};
    })
    .on('externalcontact/get', (b) => ({
      external_contact: { external_userid: b.external_userid, name: b.external_userid === 'wmone' ? '陈小姐' : '李先生', type: 1 },
      follow_user: [...wecomFollows]
        .filter(([k]) => k.startsWith(`${b.external_userid}|`))
        .map(([k, w]) => ({
          userid: k.split('|')[1]!,
          createtime: T0,
          tags: w.tags.map((tag_id) => ({ tag_id, type: 1 })),
          ...(w.remark === undefined ? {} : { remark: w.remark }),
          ...(w.description === undefined ? {} : { description: w.description }),
        })),
    }))
    .on('externalcontact/groupchat/get', (b) =>
      b.chat_id === 'wrchat1'
        ? {
            group_chat: {
              chat_id: 'wrchat1',
              name: '会员群',
              owner: 'lisi',
              create_time: T0,
              member_list: [
                { userid: 'lisi', type: 1, join_time: T0 },
                { userid: 'zhangsan', type: 1, join_time: T0 + 10 },
                { userid: 'wmone', type: 2, join_time: T0 + 20, name: '陈小姐' },
                // WeCom knows no name for this one (an empty string, as the simulator answers too)
                { userid: 'wmthree', type: 2, join_time: T0 + 5, name: '' },
              ],
            },
          }
        : { errcode: 40050, errmsg: 'chatid not found' },
    );
  const contact = (change: string, at: number, userId: string, ext: string, state?: string) =>
    applyContactChange(
      f.deps,
      messageFor(
        'relationship',
        queueMessage({
          corpId,
          type: `change_external_contact.${change}`,
          occurredAt: at,
          event: { UserID: userId, ExternalUserID: ext, ...(state ? { State: state } : {}) },
        }),
      ),
    );
  await f.channels.put({ corpId, id: 'abcdefghij', state: 'c_abcdefghij', name: '门店海报', staff: ['zhangsan'], backupStaff: [] } as never);
  await contact('add_external_contact', T0, 'zhangsan', 'wmone', 'c_abcdefghij');
  await contact('add_external_contact', T0 + 1, 'lisi', 'wmone');
  await contact('add_external_contact', T0 + 2, 'lisi', 'wmtwo');
  const order = { orderId: 'o1', externalUserId: 'wmone', amount: 12_345, paidAt: T0 + 100, day: '2026-11-23', channelId: null, importedAt: T0 + 200 };
  await f.orders.record(corpId, order, withOrder(undefined, order), undefined);
  await f.orders.setRfm(corpId, 'wmone', 'B', '2026-11-23');
  for (const [id, group, title, content] of [
    ['qr1', '售前', '问候', '您好，欢迎光临！'],
    ['qr2', '售前', '价格说明', '会员价 ＶＩＰ 八折'],
    ['qr3', '售后', '退货', '七天无理由退货'],
  ] as const) {
    await f.quickReplies.put({ corpId, id, group, title, content, attachments: [], createdAt: '2026-11-01T00:00:00.000Z' });
  }
  await f.groups.applySnapshot({
    corpId,
    chatId: 'wrchat1',
    name: '会员群',
    owner: 'lisi',
    memberCount: 3,
    status: 'active',
    changedAt: T0,
    updatedAt: '2026-11-23T01:00:00.000Z',
  });
  await f.groups.applySnapshot({
    corpId,
    chatId: 'wrchat2',
    name: '别人的群',
    owner: 'wangwu',
    memberCount: 2,
    status: 'active',
    changedAt: T0,
    updatedAt: '2026-11-23T01:00:00.000Z',
  });

  const deps = {
    ...f.deps,
    tickets: { corpTicket: async () => 'CT', agentTicket: async () => 'AT' },
    trustedDomain: trustedDomainOf('https://scrm.example.com'),
  } as unknown as SidebarApiDeps;
  const api = makeSidebarApi(deps);

  /** A login session of `userId` (superadmin: the dev login's), as functions/auth opens them. */
  const session = async (userId: string, o: { superadmin?: boolean } = {}) => {
    const token = newSessionToken(SESSION_KEY, corpId);
    await f.sessions.put({ corpId, idHash: token.idHash, userId, ...sessionTimes(f.clock.now()), ...(o.superadmin ? { superadmin: true } : {}) });
    return { cookie: token.cookie, csrf: csrfTokenOf(SESSION_KEY, token.id) };
  };
  type Who = { cookie: string; csrf: string } | { key: string } | undefined;
  const call = async (method: string, path: string, who: Who, o: { body?: unknown; query?: Record<string, string>; csrf?: boolean } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', host: 'scrm.example.com' };
    if (who && 'key' in who) headers.authorization = `Bearer ${who.key}`;
    if (who && 'cookie' in who) {
      headers.cookie = `siyu_session=${who.cookie}; siyu_csrf=${who.csrf}`;
      if (o.csrf !== false) headers['x-csrf-token'] = who.csrf;
    }
    const event = apiEvent({
      method,
      path: `/sidebar/v1${path}`,
      headers,
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    });
    const res = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
    return { status: res.statusCode ?? 200, body: JSON.parse(String(res.body)) as any };
  };
  const replayCallback = (userId: string, ext: string, at: number) => contact('edit_external_contact', at, userId, ext);
  return { f, corpId, call, session, replayCallback, wecomFollows, tagEvents };
}

describe('who may call the sidebar API', () => {
  it('a staff session reads /me; a key of a member works too (machines, tests)', async () => {
    const { f, call, session, corpId } = await world();
    const zhang = await session('zhangsan');
    expect(await call('GET', '/me', zhang)).toEqual({ status: 200, body: { corpId, userid: 'zhangsan', name: '张三', agentId: '1000002' } });
    const key = async (userId?: string) => {
      const k = newApiKey(corpId);
      await f.apiKeys.put({
        corpId,
        keyId: k.keyId,
        secretHash: sha256Hex(k.secret),
        role: 'staff',
        ...(userId ? { userId } : {}),
        createdAt: '2026-11-01T00:00:00.000Z',
      });
      return { key: k.key };
    };
    expect(await call('GET', '/me', await key('lisi'))).toMatchObject({ status: 200, body: { userid: 'lisi', name: '李四' } });
    // a key naming no member reads nothing
    expect(await call('GET', '/me', await key())).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });

  it('refuses: no session 401, a forged or expired session 401, the dev super-admin session 403 with a clear message', async () => {
    const { f, call, session } = await world();
    expect((await call('GET', '/me', undefined)).status).toBe(401);
    const zhang = await session('zhangsan');
    const forged = { ...zhang, cookie: zhang.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
    expect((await call('GET', '/me', forged)).status).toBe(401);
    const dev = await session('boss', { superadmin: true });
    const refused = await call('GET', '/customers/wmone', dev);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(refused.body.error.message).toContain('成员');
    f.clock.advance(9 * 3600_000);
    expect((await call('GET', '/me', zhang)).status).toBe(401);
  });

  it('a write without the CSRF token is 403 and changes nothing (no mark_tag)', async () => {
    const { f, call, session } = await world();
    const zhang = await session('zhangsan');
    const r = await call('POST', '/customers/wmone/tags', zhang, { body: { add: ['et1'] }, csrf: false });
    expect(r).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(f.wecom.callsTo('externalcontact/mark_tag')).toEqual([]);
    expect((await f.follows.followsOfCustomer(f.corpId, 'wmone')).find((x) => x.userId === 'zhangsan')!.tags).toEqual(['et2']);
  });
});

describe('GET /sidebar/v1/customers/{externalUserId}', () => {
  it('answers the profile, the member’s own remark and tags by group, channel, followers, timeline, RFM and orders', async () => {
    const { call, session } = await world();
    const r = await call('GET', '/customers/wmone', await session('zhangsan'));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      externalUserId: 'wmone',
      name: '陈小姐',
      type: 1,
      remark: null,
      description: null,
      remarkMobiles: [],
      tags: [{ groupId: 'g1', groupName: '等级', tags: [{ id: 'et2', name: '普通' }] }],
      channel: { id: 'abcdefghij', name: '门店海报', addedAt: new Date(T0 * 1000).toISOString() },
      followers: [
        { userId: 'lisi', name: '李四' },
        { userId: 'zhangsan', name: '张三' },
      ],
      rfm: { class: 'B' },
      orders: { count: 1, totalFen: 12_345 },
    });
    expect(r.body.timeline.map((t: { kind: string; text: string }) => [t.kind, t.text])).toEqual([
      ['order', '下单 ¥123.45'],
      ['added', '添加了李四'],
      ['added', '通过渠道「门店海报」添加了张三'],
    ]);
  });

  it('a customer the member does not follow and an unknown one get the same 403 body', async () => {
    const { call, session } = await world();
    const zhang = await session('zhangsan');
    const notMine = await call('GET', '/customers/wmtwo', zhang);
    const unknown = await call('GET', '/customers/wmnobody', zhang);
    expect(notMine.status).toBe(403);
    expect(unknown).toEqual(notMine);
    // The same for writes, and nothing reaches WeCom.
    expect(await call('POST', '/customers/wmtwo/tags', zhang, { body: { add: ['et1'] } })).toEqual(notMine);
    expect(await call('PATCH', '/customers/wmnobody', zhang, { body: { remark: 'x' } })).toEqual(notMine);
  });
});

describe('tag edits', () => {
  it('mark_tag once with the member as userid, the projection, one timeline entry and one log entry; the callback replay adds nothing', async () => {
    const { f, call, session, replayCallback, tagEvents } = await world();
    const zhang = await session('zhangsan');
    const r = await call('POST', '/customers/wmone/tags', zhang, { body: { add: ['et1', 'et3'], remove: ['et2'] } });
    expect(r).toEqual({
      status: 200,
      // groups in the tag library's order (by group name, shared/domain/tags.ts sortTags)
      body: [
        { groupId: 'g2', groupName: '地区', tags: [{ id: 'et3', name: '北京' }] },
        { groupId: 'g1', groupName: '等级', tags: [{ id: 'et1', name: '重要客户' }] },
      ],
    });
    expect(f.wecom.callsTo('externalcontact/mark_tag')).toEqual([
      { userid: 'zhangsan', external_userid: 'wmone', add_tag: ['et1', 'et3'], remove_tag: ['et2'] },
    ]);
    const tagsNow = async () => (await f.follows.followsOfCustomer(f.corpId, 'wmone')).find((x) => x.userId === 'zhangsan')!.tags;
    const tagEntries = async () => (await f.customerRecords.timeline(f.corpId, 'wmone', 100)).filter((t) => t.kind === 'tags_changed');
    expect(await tagsNow()).toEqual(['et1', 'et3']);
    expect(await tagEntries()).toMatchObject([{ userId: 'zhangsan', detail: { added: ['et1', 'et3'], removed: ['et2'], source: 'sidebar' } }]);
    // WeCom's change_external_contact/edit_external_contact for the same edit, delivered twice.
    await replayCallback('zhangsan', 'wmone', T0 + 3601);
    await replayCallback('zhangsan', 'wmone', T0 + 3601);
    expect(await tagsNow()).toEqual(['et1', 'et3']);
    expect(await tagEntries()).toHaveLength(1);
    // One customer.tags_changed: published by the sidebar's edit, not again by the callbacks that find nothing new.
    expect(tagEvents()).toEqual([
      {
        type: 'customer.tags_changed',
        data: { externalUserId: 'wmone', userId: 'zhangsan', added: ['et1', 'et3'], removed: ['et2'], tags: ['et1', 'et3'] },
      },
    ]);
    const log = await f.operationLog.list(f.corpId, { limit: 10 });
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({
      actor: { role: 'staff', userId: 'zhangsan' },
      route: 'POST /sidebar/v1/customers/{externalUserId}/tags',
      target: { externalUserId: 'wmone' },
    });
    expect(log.items[0]!.actor.keyId).toMatch(/^session:/);
    // The timeline as the member reads it.
    const view = await call('GET', '/customers/wmone', zhang);
    expect(view.body.timeline[0]).toMatchObject({ kind: 'tags_changed', text: '张三添加标签 重要客户、北京，移除标签 普通' });
  });

  it('when the callback wins the race, the sidebar adds no second timeline entry', async () => {
    const { f, call, session, replayCallback, wecomFollows, tagEvents } = await world();
    const zhang = await session('zhangsan');
    // WeCom's callback for the mark_tag is consumed before the sidebar touches our projection again: the
    // first read or write of the follows or the timeline after WeCom answered mark_tag runs it first.
    let replayed = false;
    const callbackFirst = async () => {
      if (replayed || f.wecom.callsTo('externalcontact/mark_tag').length === 0) return;
      replayed = true;
      expect(wecomFollows.get('wmone|zhangsan')!.tags).toContain('et1');
      await replayCallback('zhangsan', 'wmone', T0 + 3601);
    };
    const read = f.follows.followsOfCustomer.bind(f.follows);
    const write = f.follows.setFollowProfile.bind(f.follows);
    const append = f.customerRecords.appendTimeline.bind(f.customerRecords);
    f.follows.followsOfCustomer = async (...a) => (await callbackFirst(), read(...a));
    f.follows.setFollowProfile = async (...a) => (await callbackFirst(), write(...a));
    f.customerRecords.appendTimeline = async (...a) => (await callbackFirst(), append(...a));
    const r = await call('POST', '/customers/wmone/tags', zhang, { body: { add: ['et1'] } });
    expect(r.status).toBe(200);
    expect(replayed).toBe(true);
    expect((await f.customerRecords.timeline(f.corpId, 'wmone', 100)).filter((t) => t.kind === 'tags_changed')).toHaveLength(1);
    expect((await f.follows.followsOfCustomer(f.corpId, 'wmone')).find((x) => x.userId === 'zhangsan')!.tags).toEqual(['et1', 'et2']);
    // The callback established the change and published it; the sidebar then had no diff and published nothing.
    expect(tagEvents().map((e) => e.data)).toEqual([{ externalUserId: 'wmone', userId: 'zhangsan', added: ['et1'], removed: [], tags: ['et2', 'et1'] }]);
  });

  it('refuses unknown or deleted tags and bad bodies with 400 before WeCom', async () => {
    const { f, call, session } = await world();
    const zhang = await session('zhangsan');
    for (const body of [
      { add: ['etold'] },
      { add: ['nope'] },
      {},
      { add: [] },
      { add: ['et1'], remove: ['et1'] },
      { add: 'et1' },
      { add: ['et1'], extra: 1 },
    ]) {
      const r = await call('POST', '/customers/wmone/tags', zhang, { body });
      expect(r).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    }
    expect(f.wecom.callsTo('externalcontact/mark_tag')).toEqual([]);
    expect(await f.operationLog.list(f.corpId, { limit: 10 })).toMatchObject({ items: [] });
  });

  it('GET /sidebar/v1/tags lists the live tag library by group', async () => {
    const { call, session } = await world();
    expect((await call('GET', '/tags', await session('lisi'))).body).toEqual({
      groups: [
        { groupId: 'g2', groupName: '地区', tags: [{ id: 'et3', name: '北京' }] },
        {
          groupId: 'g1',
          groupName: '等级',
          tags: [
            { id: 'et1', name: '重要客户' },
            { id: 'et2', name: '普通' },
          ],
        },
      ],
    });
  });
});

describe('PATCH remark and description', () => {
  it('calls externalcontact/remark for the member, stores both, one timeline entry and one log entry; the callback replay adds nothing', async () => {
    const { f, call, session, replayCallback } = await world();
    const zhang = await session('zhangsan');
    const r = await call('PATCH', '/customers/wmone', zhang, { body: { remark: '陈姐', description: '喜欢红色' } });
    expect(r).toEqual({ status: 200, body: { remark: '陈姐', description: '喜欢红色' } });
    expect(f.wecom.callsTo('externalcontact/remark')).toEqual([{ userid: 'zhangsan', external_userid: 'wmone', remark: '陈姐', description: '喜欢红色' }]);
    await replayCallback('zhangsan', 'wmone', T0 + 3601);
    const view = await call('GET', '/customers/wmone', zhang);
    expect(view.body).toMatchObject({ remark: '陈姐', description: '喜欢红色', tags: [{ tags: [{ id: 'et2' }] }] });
    expect(view.body.timeline.filter((t: { kind: string }) => t.kind === 'remark_changed')).toHaveLength(1);
    expect((await f.operationLog.list(f.corpId, { limit: 10 })).items).toMatchObject([
      { route: 'PATCH /sidebar/v1/customers/{externalUserId}', diff: { remark: { from: null, to: '陈姐' } } },
    ]);
    // lisi's own remark of the same customer is untouched
    expect((await call('GET', '/customers/wmone', await session('lisi'))).body.remark).toBeNull();
  });

  it('refuses a remark over 20 characters or an empty body with 400 before WeCom', async () => {
    const { f, call, session } = await world();
    const zhang = await session('zhangsan');
    expect((await call('PATCH', '/customers/wmone', zhang, { body: { remark: '长'.repeat(21) } })).status).toBe(400);
    expect((await call('PATCH', '/customers/wmone', zhang, { body: {} })).status).toBe(400);
    expect(f.wecom.callsTo('externalcontact/remark')).toEqual([]);
  });
});

describe('quick replies', () => {
  it('searches title and text after NFKC and case folding, by group, most used by this member first', async () => {
    const { call, session } = await world();
    const zhang = await session('zhangsan');
    const ids = async (query: Record<string, string>, who = zhang) =>
      (await call('GET', '/quick-replies', who, { query })).body.items.map((i: { id: string }) => i.id);
    // by title in pinyin order: 价格说明 (jia), 问候 (wen)… as zh-Hans-CN collation orders them
    expect(await ids({})).toEqual(['qr2', 'qr3', 'qr1']);
    expect(await ids({ q: 'vip' })).toEqual(['qr2']); // ＶＩＰ in the text, full width
    expect(await ids({ q: '退货' })).toEqual(['qr3']);
    expect(await ids({ group: '售后' })).toEqual(['qr3']);
    expect(await call('POST', '/quick-replies/qr3/sent', zhang)).toEqual({ status: 200, body: { id: 'qr3', uses: 1 } });
    expect(await call('POST', '/quick-replies/qr3/sent', zhang)).toEqual({ status: 200, body: { id: 'qr3', uses: 2 } });
    expect((await ids({}))[0]).toBe('qr3');
    expect((await call('GET', '/quick-replies', zhang, { query: { q: '退货' } })).body.items[0]).toEqual({
      id: 'qr3',
      group: '售后',
      title: '退货',
      text: '七天无理由退货',
      attachments: [],
      uses: 2,
    });
    // another member's order is their own
    expect((await ids({}, await session('lisi')))[0]).not.toBe('qr3');
    expect((await call('POST', '/quick-replies/nope/sent', zhang)).status).toBe(404);
    expect((await call('POST', '/quick-replies/qr1/sent', zhang, { csrf: false })).status).toBe(403);
  });
});

describe('GET /sidebar/v1/groups/{chatId}', () => {
  it('answers a group the member is in, with its customers and latest joins', async () => {
    const { f, call, session } = await world();
    // A deleted code that once held the group comes first in the list and is not its code any more.
    await f.groupCodes.put({ corpId: f.corpId, id: 'gc0', name: '旧活码', chatIds: ['wrchat1'], status: 'deleted' } as never);
    await f.groupCodes.put({ corpId: f.corpId, id: 'gc1', name: '会员活码', chatIds: ['wrchat1'], status: 'active' } as never);
    const r = await call('GET', '/groups/wrchat1', await session('zhangsan'));
    expect(r).toMatchObject({
      status: 200,
      body: {
        chatId: 'wrchat1',
        name: '会员群',
        owner: 'lisi',
        memberCount: 4,
        groupCode: { id: 'gc1', name: '会员活码' },
        customers: [
          { externalUserId: 'wmone', name: '陈小姐' },
          { externalUserId: 'wmthree', name: 'wmthree' },
        ],
      },
    });
    // Staff members groupchat/get does not name are named from the staff directory: the owner too.
    expect(r.body.ownerName).toBe('李四');
    const at = (s: number) => new Date((T0 + s) * 1000).toISOString();
    expect(r.body.recent).toEqual([
      { kind: 'join', who: 'wmone', name: '陈小姐', at: at(20) },
      { kind: 'join', who: 'zhangsan', name: '张三', at: at(10) },
      { kind: 'join', who: 'wmthree', name: 'wmthree', at: at(5) },
      { kind: 'join', who: 'lisi', name: '李四', at: at(0) },
    ]);
  });

  it('a group whose only code was deleted belongs to no group code', async () => {
    const { f, call, session } = await world();
    await f.groupCodes.put({ corpId: f.corpId, id: 'gc0', name: '旧活码', chatIds: ['wrchat1'], status: 'deleted' } as never);
    const r = await call('GET', '/groups/wrchat1', await session('lisi'));
    expect(r.status).toBe(200);
    expect(r.body.groupCode).toBeNull();
  });

  it('a group the member neither owns nor is in, and an unknown one, get the same 403', async () => {
    const { call, session } = await world();
    const boss = await session('boss');
    const notTheirs = await call('GET', '/groups/wrchat1', boss);
    expect(notTheirs.status).toBe(403);
    expect(await call('GET', '/groups/wrnothing', boss)).toEqual(notTheirs);
    expect(await call('GET', '/groups/wrchat2', boss)).toEqual(notTheirs);
  });
});
