// The operation log through the admin API on fakes: a channel PATCH is recorded with its caller (key and
// member), route, target and the diff of the channel; a failed write records nothing; a tenant's secrets
// show as *** only; routes without a read record the request body (an API key value never appears);
// the list filters, pages and exports CSV; verify passes on an intact chain and fails on a hand-edited,
// removed or reordered entry; a log that cannot be written answers 500 operation_log_failed; only
// super-admin, admin and auditor keys read the log.
import { newApiKey, sha256Hex, type ApiKeyRecord } from '../../shared/auth/api-key';
import { MASK } from '../../shared/oplog/diff';
import { entryHash } from '../../shared/oplog/entry';
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const KNOWN = new Set(['zhangsan', 'lisi', 'wangwu']);

async function keyOf(f: AdminFakes, role: ApiKeyRecord['role'], userId?: string) {
  const k = newApiKey(f.corpId);
  await f.apiKeys.put({ corpId: f.corpId, keyId: k.keyId, secretHash: sha256Hex(k.secret), role, userId, createdAt: '2026-11-01T00:00:00.000Z' });
  return k;
}

async function world() {
  const f = await adminFakes();
  let n = 0;
  const refuseUnknown = (b: { user?: string[] | undefined }) =>
    (b.user ?? []).every((u) => KNOWN.has(u)) ? undefined : { errcode: 40003, errmsg: 'invalid userid' };
  f.wecom
    .on('externalcontact/add_contact_way', (b) => refuseUnknown(b) ?? { config_id: `cfg${++n}`, qr_code: `https://wecom.example/qr/${n}` })
    .on('externalcontact/update_contact_way', (b) => refuseUnknown(b) ?? {})
    .on('externalcontact/del_contact_way', () => ({}));
  const admin = await keyOf(f, 'admin', 'zhangsan');
  return { f, call: adminCall(f), admin };
}

describe('operation log: recording', () => {
  it('records a channel PATCH with the caller, route, target and the diff of the channel', async () => {
    const { f, call, admin } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: '门店码', staff: ['zhangsan'] }, key: admin.key });
    f.clock.advance(60_000);
    const patched = await call('PATCH', `/channels/${ch.id}`, { body: { name: '门店码 2', staff: ['lisi', 'wangwu'] }, key: admin.key });
    expect(patched.status).toBe(200);
    const [create, patch] = f.operationLog.of(f.corpId);
    expect(create).toMatchObject({
      seq: 1,
      route: 'POST /admin/v1/tenants/{corpId}/channels',
      target: { id: ch.id },
      status: 201,
      source: 'resource',
      diff: { name: { from: null, to: '门店码' }, staff: { from: null, to: ['zhangsan'] } },
    });
    expect(patch).toMatchObject({
      seq: 2,
      at: new Date(f.clock.now()).toISOString(),
      actor: { keyId: admin.keyId, role: 'admin', userId: 'zhangsan' },
      route: 'PATCH /admin/v1/tenants/{corpId}/channels/{id}',
      target: { id: ch.id },
      status: 200,
      source: 'resource',
      prevHash: create!.hash,
    });
    expect(patch!.diff).toMatchObject({
      name: { from: '门店码', to: '门店码 2' },
      staff: { from: ['zhangsan'], to: ['lisi', 'wangwu'] },
      updatedAt: { from: ch.updatedAt, to: new Date(f.clock.now()).toISOString() },
    });
    // Unchanged fields are not listed.
    for (const same of ['id', 'state', 'configId', 'qrCode', 'createdAt', 'status']) expect(patch!.diff).not.toHaveProperty(same);
    expect(await call('GET', '/operation-log/verify')).toMatchObject({ status: 200, body: { ok: true, entries: 2 } });
  });

  it('records nothing for a failed write (bad input, unknown resource, WeCom refusing) nor for a read', async () => {
    const { f, call, admin } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: 'A', staff: ['zhangsan'] } });
    const before = f.operationLog.of(f.corpId);
    expect((await call('PATCH', `/channels/${ch.id}`, { body: { name: '' }, key: admin.key })).status).toBe(400);
    expect((await call('PATCH', '/channels/nosuchchannel', { body: { name: 'B' }, key: admin.key })).status).toBe(404);
    expect((await call('PATCH', `/channels/${ch.id}`, { body: { staff: ['ghost'] }, key: admin.key })).status).toBe(400);
    expect((await call('GET', `/channels/${ch.id}`, { key: admin.key })).status).toBe(200);
    expect(f.operationLog.of(f.corpId)).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it("shows a tenant's changed secrets as *** and never their values", async () => {
    const { f, call } = await world();
    f.wecom.on('user/list_id', { dept_user: [] });
    expect((await call('PUT', '', { body: { name: '新名字', token: 'BrandNewToken9', secret: 'brand-new-secret' } })).status).toBe(200);
    const [entry] = f.operationLog.of(f.corpId);
    expect(entry!.diff).toMatchObject({ name: { from: f.corpId, to: '新名字' }, token: { from: MASK, to: MASK }, secret: { from: MASK, to: MASK } });
    expect(entry!.diff).not.toHaveProperty('encodingAesKey');
    expect(entry!.diff).not.toHaveProperty('tokenEnc');
    const text = JSON.stringify(f.operationLog.of(f.corpId));
    for (const s of ['BrandNewToken9', 'brand-new-secret', 'Token01', 'corp-secret', sha256Hex('BrandNewToken9')]) expect(text).not.toContain(s);
  });

  it('records the request body of a route without a read, with the created id, and never an API key value', async () => {
    const { f, call } = await world();
    const made = await call('POST', '/api-keys', { body: { role: 'auditor', name: 'ERP 同步' } });
    expect(made.status).toBe(201);
    const [entry] = f.operationLog.of(f.corpId);
    expect(entry).toMatchObject({
      route: 'POST /admin/v1/tenants/{corpId}/api-keys',
      target: { id: made.body.id },
      source: 'request',
      diff: { role: { from: null, to: 'auditor' }, name: { from: null, to: 'ERP 同步' } },
      actor: { keyId: 'bootstrap', role: 'superadmin' },
    });
    expect(JSON.stringify(f.operationLog.of(f.corpId))).not.toContain(made.body.key);
    expect((await call('DELETE', `/api-keys/${made.body.id}`)).status).toBe(200);
    expect(f.operationLog.of(f.corpId)[1]).toMatchObject({ route: 'DELETE /admin/v1/tenants/{corpId}/api-keys/{id}', target: { id: made.body.id }, diff: {} });
  });

  it('answers 500 operation_log_failed when the entry cannot be written; the change itself stays applied', async () => {
    const { f, call } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: 'A', staff: ['zhangsan'] } });
    f.operationLog.failing = true;
    const res = await call('PATCH', `/channels/${ch.id}`, { body: { name: 'B' } });
    expect(res).toMatchObject({ status: 500, body: { error: { code: 'operation_log_failed' } } });
    expect((await f.channels.get(f.corpId, ch.id))!.name).toBe('B');
    // The same when the read after the write fails (a keyword rule: its update does not read it back itself).
    f.operationLog.failing = false;
    const { body: rule } = await call('POST', '/keyword-rules', { body: { keywords: ['价格'], reply: { text: '请看价目表' } } });
    const get = f.keywordRules.get.bind(f.keywordRules);
    f.keywordRules.get = async (corpId, id) => {
      const r = await get(corpId, id);
      if (r?.keywords.includes('报价')) throw new Error('table unavailable');
      return r;
    };
    const again = await call('PATCH', `/keyword-rules/${rule.id}`, { body: { keywords: ['报价'] } });
    expect(again).toMatchObject({ status: 500, body: { error: { code: 'operation_log_failed' } } });
    expect((await get(f.corpId, rule.id))!.keywords).toEqual(['报价']);
    expect(f.operationLog.of(f.corpId).map((e) => e.route)).toEqual([
      'POST /admin/v1/tenants/{corpId}/channels',
      'POST /admin/v1/tenants/{corpId}/keyword-rules',
    ]);
  });
});

describe('operation log: reading and verifying', () => {
  async function logged() {
    const w = await world();
    const other = await keyOf(w.f, 'admin');
    for (let i = 0; i < 5; i++) {
      await w.call('PUT', '/sensitive-words', { body: { words: [`词${i}`] }, key: i % 2 === 0 ? w.admin.key : other.key });
      w.f.clock.advance(3_600_000);
    }
    await w.call('POST', '/keyword-rules', { body: { keywords: ['价格'], reply: { text: '请看价目表' } } });
    return { ...w, other };
  }

  it('lists newest first with filters by actor, route and time, and pages with a cursor', async () => {
    const { f, call, admin, other } = await logged();
    const all = await call('GET', '/operation-log');
    expect(all.body.items.map((e: { seq: number }) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(all.body.items[1]).toMatchObject({ route: 'PUT /admin/v1/tenants/{corpId}/sensitive-words', diff: { words: { from: ['词3'], to: ['词4'] } } });
    const byMember = await call('GET', '/operation-log', { query: { actor: 'zhangsan' } });
    expect(byMember.body.items.map((e: { seq: number }) => e.seq)).toEqual([5, 3, 1]);
    expect((await call('GET', '/operation-log', { query: { actor: other.keyId } })).body.items.map((e: { seq: number }) => e.seq)).toEqual([4, 2]);
    expect((await call('GET', '/operation-log', { query: { route: 'keyword-rules' } })).body.items.map((e: { seq: number }) => e.seq)).toEqual([6]);
    const start = Date.parse(f.operationLog.of(f.corpId)[1]!.at) / 1000;
    const ranged = await call('GET', '/operation-log', { query: { from: String(start), to: new Date((start + 3600) * 1000).toISOString() } });
    expect(ranged.body.items.map((e: { seq: number }) => e.seq)).toEqual([3, 2]);
    const p1 = await call('GET', '/operation-log', { query: { limit: '4' } });
    expect(p1.body.items.map((e: { seq: number }) => e.seq)).toEqual([6, 5, 4, 3]);
    const p2 = await call('GET', '/operation-log', { query: { limit: '4', cursor: p1.body.cursor } });
    expect(p2.body).toEqual({ items: [expect.objectContaining({ seq: 2 }), expect.objectContaining({ seq: 1 })], cursor: null });
    void admin;
  });

  it('exports CSV with one row per entry', async () => {
    const { call } = await logged();
    const res = await call('GET', '/operation-log', { query: { format: 'csv', limit: '2' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = (res.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,keyId,role,userId,route,target,status,source,diff,hash');
    // The export follows every page, not just the first `limit` entries.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['6', '5', '4', '3', '2', '1']);
  });

  it('refuses bad filters with 400 and the field', async () => {
    const { call } = await logged();
    expect(await call('GET', '/operation-log', { query: { from: 'yesterday' } })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', details: [{ field: 'from' }] } },
    });
    expect((await call('GET', '/operation-log', { query: { limit: '0' } })).status).toBe(400);
    expect((await call('GET', '/operation-log', { query: { cursor: 'bogus!' } })).body.error.code).toBe('invalid_cursor');
  });

  it('verify passes on the intact chain and names where a hand-edited, removed or reordered entry breaks it', async () => {
    const { f, call } = await logged();
    expect((await call('GET', '/operation-log/verify')).body).toEqual({ ok: true, entries: 6 });
    f.operationLog.tamper(f.corpId, 3, (e) => ({ ...e, diff: { words: { from: [], to: ['改过'] } } }));
    expect((await call('GET', '/operation-log/verify')).body).toEqual({ ok: false, brokenAt: 3, reason: expect.stringContaining('hash mismatch') });

    const r = await logged();
    r.f.operationLog.remove(r.f.corpId, 4);
    expect((await r.call('GET', '/operation-log/verify')).body).toEqual({ ok: false, brokenAt: 4, reason: 'entry 4 is missing' });

    const s = await logged();
    s.f.operationLog.swap(s.f.corpId, 2, 3);
    expect((await s.call('GET', '/operation-log/verify')).body).toMatchObject({ ok: false, brokenAt: 2 });
    // Rehashing the edited entry does not hide it: the next entry no longer follows it.
    const t = await logged();
    t.f.operationLog.tamper(t.f.corpId, 5, (e) => {
      const forged = { ...e, actor: { keyId: 'nobody', role: 'admin' as const } };
      return { ...forged, hash: entryHash(forged) };
    });
    expect((await t.call('GET', '/operation-log/verify')).body).toMatchObject({ ok: false, brokenAt: 6 });
  });

  it('is read by super-admin, admin and auditor keys only, of their own tenant', async () => {
    const { f, call, admin } = await logged();
    const auditor = await keyOf(f, 'auditor');
    const manager = await keyOf(f, 'manager');
    const staff = await keyOf(f, 'staff', 'lisi');
    expect((await call('GET', '/operation-log', { key: admin.key })).status).toBe(200);
    expect((await call('GET', '/operation-log/verify', { key: auditor.key })).status).toBe(200);
    expect((await call('GET', '/operation-log', { key: manager.key })).status).toBe(403);
    expect((await call('GET', '/operation-log', { key: staff.key })).status).toBe(403);
    expect((await call('GET', '/operation-log', { key: admin.key, corpId: 'wwothertenant01' })).status).toBe(403);
  });
});
