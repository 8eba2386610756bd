// Staff, tags, customers and API keys through the admin API on fakes (the same scenarios as
// customers.int.test.ts and handler.int.test.ts's key tests, without Java): the directory sync marking
// members gone from WeCom as resigned, the tag mirror synced when empty and a tag created in WeCom,
// customers read with their follows and timeline, listed with filters and cursors, and each role's scope
// (shared/customers/scope.ts): a staff key its own customers, a manager key its department's.
import { applyContactChange } from '../relationship/apply-contact-change';
import { adminCall, adminFakes, SUPER_KEY } from '../../test/support/fakes/admin';
import { messageFor, queueMessage } from '../../test/support/queue-messages';

const T0 = Math.floor(Date.parse('2026-11-23T09:00:00+08:00') / 1000);
const DIRECTORY = [
  { userid: 'zhangsan', name: '张三', department: 2 },
  { userid: 'lisi', name: '李四', department: 2 },
  { userid: 'wangwu', name: '王五', department: 3 },
  { userid: 'zhaoliu', name: '赵六', department: 3 },
];
const CUSTOMERS: Record<string, { name: string; userid: string; tags?: string[]; state?: string; createtime?: number }> = {
  wmone: { name: '陈小姐', userid: 'zhangsan', tags: ['et1'], state: 'c_abcdefghij' },
  wmtwo: { name: '李先生', userid: 'lisi' },
  wmthree: { name: '王女士', userid: 'wangwu', tags: ['et2'] },
  // Added 2026-11-22 07:30 in Shanghai, still 11-21 in UTC (only the add-date filter's test adds it).
  wmfour: { name: '赵总', userid: 'lisi', createtime: Date.parse('2026-11-22T07:30:00+08:00') / 1000 },
};

async function world() {
  const f = await adminFakes({ nowMs: (T0 + 3600) * 1000 });
  const directory = [...DIRECTORY];
  const tagGroups = [
    {
      group_id: 'g1',
      group_name: '等级',
      tag: [
        { id: 'et1', name: '重要客户', order: 1 },
        { id: 'et2', name: '普通', order: 0 },
      ],
    },
  ];
  let tagSeq = 0;
  f.wecom
    .on('user/list_id', () => ({ dept_user: directory.map((m) => ({ userid: m.userid, department: m.department })) }))
    .on('user/get', (b) => {
      const m = directory.find((x) => x.userid === b.userid);
      return m ? { userid: m.userid, name: m.name, department: [m.department], status: 1 } : { errcode: 60111, errmsg: 'userid not found' };
    })
    .on('externalcontact/get', (b) => {
      const c = CUSTOMERS[b.external_userid];
      if (!c) return { errcode: 84061, errmsg: 'not external contact' };
      return {
        external_contact: { external_userid: b.external_userid, name: c.name, type: 1 },
        follow_user: [
          {
            userid: c.userid,
            createtime: c.createtime ?? T0,
            ...(c.tags ? { tags: c.tags.map((tag_id) => ({ tag_id, type: 1 })) } : {}),
            ...(c.state ? { state: c.state } : {}),
          },
        ],
      };
    })
    .on('externalcontact/get_corp_tag_list', () => ({ tag_group: tagGroups }))
    .on('externalcontact/add_corp_tag', (b) => {
      const name = b.tag![0]!.name;
      let g = tagGroups.find((x) => x.group_name === b.group_name);
      if (g?.tag.some((t) => t.name === name)) return { errcode: 40071, errmsg: 'UserTag Name Already Exist' };
      if (!g) tagGroups.push((g = { group_id: `g${tagGroups.length + 1}`, group_name: b.group_name!, tag: [] }));
      const tag = { id: `etnew${++tagSeq}`, name, order: 0 };
      g.tag.push(tag);
      return { tag_group: { ...g, tag: [tag] } };
    });
  const call = adminCall(f);
  // The customers' adds, as the relationship consumer applies them.
  const contact = (change: string, at: number, userId: string, ext: string, state?: string) =>
    applyContactChange(
      f.deps,
      messageFor(
        'relationship',
        queueMessage({
          corpId: f.corpId,
          type: `change_external_contact.${change}`,
          occurredAt: at,
          event: { UserID: userId, ExternalUserID: ext, ...(state ? { State: state } : {}) },
        }),
      ),
    );
  await contact('add_external_contact', T0, 'zhangsan', 'wmone', 'c_abcdefghij');
  await contact('add_external_contact', T0 + 1, 'lisi', 'wmtwo');
  await contact('add_external_contact', T0 + 2, 'wangwu', 'wmthree');
  await contact('del_external_contact', T0 + 3, 'wangwu', 'wmthree');
  return { f, call, directory, tagGroups, contact };
}

/** Keys of each role, created through the API. */
async function keysOf(call: ReturnType<typeof adminCall>) {
  const keys: Record<string, string> = {};
  for (const [name, body] of Object.entries({
    admin: { role: 'admin' },
    auditor: { role: 'auditor' },
    lisi: { role: 'staff', userId: 'lisi' },
    sales: { role: 'manager', department: '2' },
    service: { role: 'manager', department: 3 },
  })) {
    const r = await call('POST', '/api-keys', { body });
    expect(r.status).toBe(201);
    keys[name] = r.body.key;
  }
  return keys;
}

const ids = (r: { body: { items: Array<{ externalUserId: string }> } }) => r.body.items.map((c) => c.externalUserId).sort();

describe('staff', () => {
  it('syncs the directory from WeCom and lists it; staff gone from WeCom become resigned, never removed', async () => {
    const { call, directory } = await world();
    expect(await call('POST', '/staff/sync')).toMatchObject({ status: 200, body: { synced: 4, resigned: 0 } });
    const list = await call('GET', '/staff', { query: { status: 'active' } });
    expect(list.body.items.map((s: any) => [s.userId, s.name, s.department, s.status])).toEqual([
      ['lisi', '李四', [2], 'active'],
      ['wangwu', '王五', [3], 'active'],
      ['zhangsan', '张三', [2], 'active'],
      ['zhaoliu', '赵六', [3], 'active'],
    ]);
    directory.splice(
      directory.findIndex((m) => m.userid === 'zhaoliu'),
      1,
    );
    expect((await call('POST', '/staff/sync')).body).toEqual({ synced: 3, resigned: 1 });
    expect((await call('GET', '/staff', { query: { status: 'resigned' } })).body.items).toEqual([
      expect.objectContaining({ userId: 'zhaoliu', name: '赵六', status: 'resigned' }),
    ]);
    const paged = await call('GET', '/staff', { query: { limit: '3' } });
    expect(paged.body.items.map((s: any) => s.userId)).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect((await call('GET', '/staff', { query: { limit: '3', cursor: paged.body.cursor } })).body).toEqual({
      items: [expect.objectContaining({ userId: 'zhaoliu' })],
      cursor: null,
    });
  });

  it('managers see their department; staff keys may not list, only admins sync; bad input is a 400', async () => {
    const { call } = await world();
    await call('POST', '/staff/sync');
    const keys = await keysOf(call);
    expect((await call('GET', '/staff', { key: keys.sales })).body.items.map((s: any) => s.userId)).toEqual(['lisi', 'zhangsan']);
    expect((await call('GET', '/staff', { key: keys.sales, query: { department: '3' } })).body.items.map((s: any) => s.userId)).toEqual(['lisi', 'zhangsan']);
    expect((await call('GET', '/staff', { query: { department: '3' } })).body.items.map((s: any) => s.userId)).toEqual(['wangwu', 'zhaoliu']);
    expect((await call('GET', '/staff', { key: keys.lisi })).status).toBe(403);
    expect((await call('POST', '/staff/sync', { key: keys.auditor })).status).toBe(403);
    const bad = await call('GET', '/staff', { query: { status: 'gone', limit: '0' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['limit', 'status']);
  });
});

describe('tags', () => {
  it('lists the corp tags (synced from WeCom when the mirror is empty) and creates tags in WeCom', async () => {
    const { f, call } = await world();
    const keys = await keysOf(call);
    const first = await call('GET', '/tags', { key: keys.lisi });
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ id: 'et1', name: '重要客户', groupName: '等级', deleted: false }),
      expect.objectContaining({ id: 'et2' }),
    ]);
    expect(f.wecom.callsTo('externalcontact/get_corp_tag_list')).toHaveLength(1);
    await call('GET', '/tags');
    expect(f.wecom.callsTo('externalcontact/get_corp_tag_list')).toHaveLength(1);
    const created = await call('POST', '/tags', { body: { groupName: '来源', name: '展会2024' } });
    expect(created).toMatchObject({ status: 201, body: { id: 'etnew1', name: '展会2024', groupName: '来源', deleted: false } });
    expect(f.wecom.callsTo('externalcontact/add_corp_tag')).toEqual([{ group_name: '来源', tag: [{ name: '展会2024' }] }]);
    expect((await call('GET', '/tags')).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'etnew1', groupName: '来源' })]));
    expect((await call('POST', '/tags', { body: { groupName: '来源', name: '展会2024' } })).status).toBe(409);
  });

  it('rejects bad input and non-admin writes without touching WeCom', async () => {
    const { f, call } = await world();
    const keys = await keysOf(call);
    const bad = await call('POST', '/tags', { body: { groupName: '', name: 'x'.repeat(31) } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(['groupName', 'name']);
    expect((await call('POST', '/tags', { key: keys.sales, body: { groupName: 'a', name: 'b' } })).status).toBe(403);
    expect(f.wecom.callsTo('externalcontact/add_corp_tag')).toEqual([]);
  });
});

describe('customers', () => {
  it('shows a customer: profile, follows with channel and tags, timeline', async () => {
    const { call } = await world();
    const r = await call('GET', '/customers/wmone');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      externalUserId: 'wmone',
      name: '陈小姐',
      follows: [
        { userId: 'zhangsan', state: 'c_abcdefghij', channelId: 'abcdefghij', tags: ['et1'], addedAt: new Date(T0 * 1000).toISOString(), status: 'active' },
      ],
      timeline: [{ at: new Date(T0 * 1000).toISOString(), kind: 'added', userId: 'zhangsan', channelId: 'abcdefghij' }],
    });
    const deleted = await call('GET', '/customers/wmthree');
    expect(deleted.body.follows[0].status).toBe('deleted_by_staff');
    expect(deleted.body.timeline.map((t: any) => t.kind)).toEqual(['deleted_by_staff', 'added']);
    expect((await call('GET', '/customers/wmnosuchcustomer')).status).toBe(404);
  });

  it('lists with filters and cursor paging', async () => {
    const { call } = await world();
    expect(ids(await call('GET', '/customers'))).toEqual(['wmone', 'wmthree', 'wmtwo']);
    expect(ids(await call('GET', '/customers', { query: { staff: 'zhangsan' } }))).toEqual(['wmone']);
    expect(ids(await call('GET', '/customers', { query: { tag: 'et1' } }))).toEqual(['wmone']);
    expect(ids(await call('GET', '/customers', { query: { channel: 'abcdefghij' } }))).toEqual(['wmone']);
    expect(ids(await call('GET', '/customers', { query: { status: 'deleted_by_staff' } }))).toEqual(['wmthree']);
    expect(ids(await call('GET', '/customers', { query: { status: 'active', staff: 'wangwu' } }))).toEqual([]);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call('GET', '/customers', { query: { limit: '2', ...(cursor ? { cursor } : {}) } });
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c: any) => c.externalUserId));
      cursor = page.body.cursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual(['wmone', 'wmthree', 'wmtwo']);
    expect(pages).toBeGreaterThan(1);
    const bad = await call('GET', '/customers', { query: { status: 'lost', cursor: 'x' } });
    expect(bad.status).toBe(400);
    expect((await call('GET', '/customers', { query: { cursor: 'bm90LWEtY3Vyc29y' } })).status).toBe(400);
  });

  it('filters by the day of the add in Asia/Shanghai (addedFrom/addedTo, inclusive) and refuses a reversed range', async () => {
    const { call, contact } = await world();
    await contact('add_external_contact', Date.parse('2026-11-22T07:30:00+08:00') / 1000, 'lisi', 'wmfour');
    const added = (query: Record<string, string>) => call('GET', '/customers', { query }).then(ids);
    expect(await added({ addedFrom: '2026-11-22', addedTo: '2026-11-22' })).toEqual(['wmfour']);
    expect(await added({ addedTo: '2026-11-22' })).toEqual(['wmfour']);
    expect(await added({ addedFrom: '2026-11-23' })).toEqual(['wmone', 'wmthree', 'wmtwo']);
    expect(await added({ addedFrom: '2026-11-21', addedTo: '2026-11-21' })).toEqual([]);
    expect(await added({ addedFrom: '2026-11-22', staff: 'lisi' })).toEqual(['wmfour', 'wmtwo']);
    const reversed = await call('GET', '/customers', { query: { addedFrom: '2026-11-23', addedTo: '2026-11-22' } });
    expect(reversed.status).toBe(400);
    expect((await call('GET', '/customers', { query: { addedFrom: '2026-02-30' } })).status).toBe(400);
  });

  it("scopes by role: staff see their own customers, managers their department's, auditors all", async () => {
    const { call } = await world();
    await call('POST', '/staff/sync');
    const keys = await keysOf(call);
    expect(ids(await call('GET', '/customers', { key: keys.lisi }))).toEqual(['wmtwo']);
    expect((await call('GET', '/customers/wmtwo', { key: keys.lisi })).status).toBe(200);
    expect((await call('GET', '/customers/wmone', { key: keys.lisi })).status).toBe(404);
    expect((await call('GET', '/customers', { key: keys.lisi, query: { staff: 'zhangsan' } })).status).toBe(403);
    expect(ids(await call('GET', '/customers', { key: keys.sales }))).toEqual(['wmone', 'wmtwo']);
    expect(ids(await call('GET', '/customers', { key: keys.service }))).toEqual(['wmthree']);
    expect((await call('GET', '/customers/wmone', { key: keys.service })).status).toBe(404);
    expect((await call('GET', '/customers', { key: keys.service, query: { staff: 'zhangsan' } })).status).toBe(403);
    expect(ids(await call('GET', '/customers', { key: keys.auditor }))).toEqual(['wmone', 'wmthree', 'wmtwo']);
  });
});

describe('api keys', () => {
  const world2 = async () => {
    const f = await adminFakes();
    return { f, call: adminCall(f) };
  };

  it('creates a key shown once, stores only its hash, binds it to its tenant and its role', async () => {
    const { f, call } = await world2();
    const r = await call('POST', '/api-keys', { body: { role: 'staff', userId: 'lisi', name: '李四的钥匙' } });
    expect(r).toMatchObject({
      status: 201,
      body: { role: 'staff', userId: 'lisi', name: '李四的钥匙', status: 'active', revokedAt: null, expiresAt: null, key: expect.any(String) },
    });
    const stored = await f.apiKeys.list(f.corpId);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(r.body.key.split('.').at(-1));
    // The key works for its own tenant with its role's permissions only.
    expect((await call('GET', '/customers', { key: r.body.key })).status).toBe(200);
    expect((await call('GET', '/api-keys', { key: r.body.key })).status).toBe(403);
    // Another tenant's path with this key (one key store for both): refused.
    const other = await adminFakes({ corpId: 'wwotherunit00001' });
    expect((await adminCall({ ...other, deps: { ...other.deps, apiKeys: f.apiKeys } })('GET', '/customers', { key: r.body.key })).status).toBe(403);
  });

  it('answers 401 for missing, malformed, forged or unknown keys', async () => {
    const { call } = await world2();
    const { body } = await call('POST', '/api-keys', { body: { role: 'admin' } });
    const forged = `${body.key.slice(0, -4)}AAAA`;
    for (const key of ['', 'not-a-key', forged, `${SUPER_KEY}x`]) expect((await call('GET', '/channels', { key })).status).toBe(401);
  });

  it('validates key requests', async () => {
    const { f, call } = await world2();
    const fields = async (body: unknown) => (await call('POST', '/api-keys', { body })).body.error?.details?.map((d: any) => d.field);
    expect(await fields({ role: 'staff' })).toEqual(['userId']);
    expect(await fields({ role: 'manager' })).toEqual(['department']);
    expect(await fields({ role: 'owner' })).toEqual(['role']);
    expect(await fields({ role: 'admin', expiresAt: '2020-01-01T00:00:00Z' })).toEqual(['expiresAt']);
    expect(await f.apiKeys.list(f.corpId)).toEqual([]);
  });

  it('lists keys without secrets, newest first; revokes them at once and refuses expired keys', async () => {
    const { f, call } = await world2();
    const a = (await call('POST', '/api-keys', { body: { role: 'admin', name: 'a' } })).body;
    f.clock.advance(1000);
    const b = (await call('POST', '/api-keys', { body: { role: 'auditor', expiresAt: new Date(f.clock.now() + 60_000).toISOString() } })).body;
    const listed = await call('GET', '/api-keys');
    expect(listed.body.items.map((k: any) => k.id)).toEqual([b.id, a.id]);
    expect(JSON.stringify(listed.body)).not.toContain(a.key.split('.').at(-1));
    expect((await call('GET', '/channels', { key: a.key })).status).toBe(200);
    const revoked = await call('DELETE', `/api-keys/${a.id}`);
    expect(revoked.body).toMatchObject({ id: a.id, status: 'revoked', revokedAt: new Date(f.clock.now()).toISOString() });
    expect((await call('GET', '/channels', { key: a.key })).status).toBe(401);
    f.clock.advance(5000);
    expect((await call('DELETE', `/api-keys/${a.id}`)).body.revokedAt).toBe(revoked.body.revokedAt);
    expect((await call('DELETE', '/api-keys/000000000000')).status).toBe(404);
    expect((await call('GET', '/events', { key: b.key, query: { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' } })).status).toBe(200);
    f.clock.advance(60_000);
    expect((await call('GET', '/events', { key: b.key, query: { from: '2026-11-22T00:00:00Z', to: '2026-11-23T00:00:00Z' } })).status).toBe(401);
    expect((await call('GET', '/api-keys')).body.items.map((k: any) => k.status)).toEqual(['expired', 'revoked']);
  });
});
