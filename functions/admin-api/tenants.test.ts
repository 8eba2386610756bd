// The tenant routes and the keyword rules' lifecycle through the admin API on fakes (the scenarios of
// handler.int.test.ts and keyword-rules.int.test.ts without Java): a tenant created (201, its directory
// synced, its jobs scheduled) and updated (200) without ever showing or storing its secrets in the clear,
// bad settings refused with their fields, the secret checked with WeCom first (a refusal names secret or
// corpId and stores nothing, a busy WeCom is a 503); keyword rules created, patched and deleted (kept as
// 'deleted'), each write bumping the rule-set version, bad input refused.
import { adminCall, adminFakes } from '../../test/support/fakes/admin';
import { testAesKey } from '../../test/support/tenants';

const SECRET = 'the-right-secret';
const NEW = 'wwnewtenant00001';
const tenantBody = (over: Record<string, unknown> = {}) => ({
  name: 'Acme 私域',
  token: 'AcmeToken01',
  encodingAesKey: testAesKey(),
  secret: SECRET,
  agentId: '1000002',
  ...over,
});

async function world() {
  const f = await adminFakes();
  f.wecom
    .on('user/list_id', {
      dept_user: [
        { userid: 'zhangsan', department: 2 },
        { userid: 'lisi', department: 2 },
      ],
    })
    .on('user/get', (b) => ({ userid: b.userid, name: b.userid, department: [2], status: 1 }));
  return { f, call: adminCall(f) };
}

describe('tenants', () => {
  it('creates a tenant (201, directory synced, jobs scheduled), updates it (200), never shows or stores its secrets in the clear', async () => {
    const { f, call } = await world();
    const body = tenantBody();
    const created = await call('PUT', '', { corpId: NEW, body });
    expect(created).toMatchObject({
      status: 201,
      body: { corpId: NEW, name: 'Acme 私域', token: '***', encodingAesKey: '***', secret: '***', staffSync: { synced: 2, resigned: 0 } },
    });
    expect(f.wecom.credentialChecks).toEqual([{ corpId: NEW, secret: SECRET }]);
    expect((await f.staffRegistry.all(NEW)).map((s) => s.userId)).toEqual(['lisi', 'zhangsan']);
    expect(
      new Set(
        f.due
          .all()
          .filter((m) => m.corpId === NEW)
          .map((m) => m.job),
      ),
    ).toEqual(new Set(['rollup', 'reconcile']));
    const renamed = await call('PUT', '', { corpId: NEW, body: { name: 'Acme' } });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Acme', secret: '***' } });
    expect(renamed.body.staffSync).toBeUndefined();
    const read = await call('GET', '', { corpId: NEW });
    expect(read).toMatchObject({ status: 200, body: { corpId: NEW, name: 'Acme' } });
    const raw = JSON.stringify([read.body, await f.tenants.get(NEW)]);
    for (const secret of [body.secret, body.token, body.encodingAesKey]) expect(raw).not.toContain(secret);
    expect(await f.secrets.decrypt((await f.tenants.get(NEW))!.secretEnc, { tenantId: NEW })).toBe(SECRET);
  });

  it('creates the tenant even when WeCom refuses its directory, and says why', async () => {
    const { f, call } = await world();
    f.wecom.fail('user/list_id', 60011, 1, 'no privilege to access/modify contact/party/agent');
    expect(await call('PUT', '', { corpId: NEW, body: tenantBody() })).toMatchObject({
      status: 201,
      body: { staffSync: { error: expect.stringMatching(/60011/) } },
    });
    expect(await f.tenants.get(NEW)).toBeDefined();
  });

  it('rejects invalid settings with the failing fields and stores nothing', async () => {
    const { f, call } = await world();
    const bad = await call('PUT', '', { corpId: NEW, body: tenantBody({ encodingAesKey: 'short', token: 'has space', extra: 1 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['', 'encodingAesKey', 'token']);
    expect((await call('PUT', '', { corpId: NEW, body: { name: 'x' } })).status).toBe(400);
    expect((await call('PUT', '', { corpId: NEW, body: '{not json' })).status).toBe(400);
    expect((await call('PUT', '', { body: { name: 'Acme\u202Egpj.exe' } })).body.error.details.map((d: { field: string }) => d.field)).toEqual(['name']);
    expect((await call('GET', '', { corpId: NEW })).status).toBe(404);
    expect(f.wecom.credentialChecks).toEqual([]);
  });

  it('refuses a secret WeCom refuses (400 naming secret) and a corp it does not know (400 naming corpId), storing nothing', async () => {
    const { f, call } = await world();
    f.wecom.refuseSecret('a-wrong-secret', 40001).refuseSecret('unknown-corp-secret', 40013);
    const wrong = await call('PUT', '', { corpId: NEW, body: tenantBody({ secret: 'a-wrong-secret' }) });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'wecom_rejected', details: { errcode: 40001, field: 'secret' } } } });
    expect(JSON.stringify(wrong.body)).not.toContain('a-wrong-secret');
    expect(await f.tenants.get(NEW)).toBeUndefined();
    const unknown = await call('PUT', '', { corpId: NEW, body: tenantBody({ secret: 'unknown-corp-secret' }) });
    expect(unknown).toMatchObject({ status: 400, body: { error: { code: 'wecom_rejected', details: { errcode: 40013, field: 'corpId' } } } });
    expect(f.due.all().filter((m) => m.corpId === NEW)).toEqual([]);
  });

  it('keeps the stored secret when a new one is refused, takes one WeCom accepts; a busy WeCom is a 503 that stores nothing', async () => {
    const { f, call } = await world();
    expect((await call('PUT', '', { corpId: NEW, body: tenantBody() })).status).toBe(201);
    const before = await f.tenants.get(NEW);
    f.wecom.refuseSecret('secret-two', 40001);
    expect(await call('PUT', '', { corpId: NEW, body: { name: 'renamed', secret: 'secret-two' } })).toMatchObject({
      status: 400,
      body: { error: { details: { field: 'secret' } } },
    });
    expect(await f.tenants.get(NEW)).toEqual(before);
    expect((await call('PUT', '', { corpId: NEW, body: { secret: 'secret-three' } })).status).toBe(200);
    expect(await f.secrets.decrypt((await f.tenants.get(NEW))!.secretEnc, { tenantId: NEW })).toBe('secret-three');
    f.wecom.refuseSecret('busy-secret', -1);
    expect(await call('PUT', '', { corpId: 'wwbusytenant0001', body: tenantBody({ secret: 'busy-secret' }) })).toMatchObject({
      status: 503,
      body: { error: { code: 'unavailable' } },
    });
    expect(await f.tenants.get('wwbusytenant0001')).toBeUndefined();
  });

  it('is written by the super-admin only; a tenant admin key reads its own tenant', async () => {
    const { call } = await world();
    const admin = (await call('POST', '/api-keys', { body: { role: 'admin' } })).body.key;
    expect((await call('PUT', '', { key: admin, body: { name: 'x' } })).status).toBe(403);
    expect((await call('GET', '', { key: admin })).status).toBe(200);
  });
});

describe('keyword rules', () => {
  it('creates, lists, patches and deletes rules; every write bumps the rule-set version; a deleted rule stays stored', async () => {
    const { f, call } = await world();
    const created = (await call('POST', '/keyword-rules', { body: { keywords: ['价格'], reply: { text: '请看价格表' } } })).body;
    expect(created).toMatchObject({ keywords: ['价格'], match: 'contains', scope: 'both', enabled: true, status: 'active', actions: {} });
    const patched = await call('PATCH', `/keyword-rules/${created.id}`, { body: { keywords: ['^价格$'], match: 'regex', scope: 'kf' } });
    expect(patched.body).toMatchObject({ keywords: ['^价格$'], match: 'regex', scope: 'kf', reply: { text: '请看价格表' } });
    expect((await call('GET', '/keyword-rules')).body.items.map((r: { id: string }) => r.id)).toEqual([created.id]);
    await call('DELETE', `/keyword-rules/${created.id}`);
    expect((await call('GET', '/keyword-rules')).body.items).toEqual([]);
    expect(await f.keywordRules.version(f.corpId)).toBe(3);
    expect((await f.keywordRules.get(f.corpId, created.id))?.status).toBe('deleted');
    expect((await call('PATCH', '/keyword-rules/nope', { body: { enabled: false } })).status).toBe(404);
  });

  it('refuses bad input with the failing field, and changes nothing', async () => {
    const { f, call } = await world();
    for (const body of [
      { keywords: [], reply: { text: 'x' } },
      { keywords: ['(unclosed'], match: 'regex', reply: { text: 'x' } },
      { keywords: ['价格(?!表)'], match: 'regex', reply: { text: 'x' } },
      { keywords: ['价格'] },
      { keywords: ['价格'], reply: { text: 'x' }, scope: 'everywhere' },
    ]) {
      expect({ body, status: (await call('POST', '/keyword-rules', { body })).status }).toEqual({ body, status: 400 });
    }
    const rule = (await call('POST', '/keyword-rules', { body: { keywords: ['a+b'], reply: { text: 'x' } } })).body;
    const r = await call('PATCH', `/keyword-rules/${rule.id}`, { body: { keywords: ['(a'], match: 'regex' } });
    expect(r.body.error.details).toEqual([{ field: 'keywords.0', message: expect.stringMatching(/^正则表达式无法编译（语法错误）: missing closing \)/) }]);
    expect((await f.keywordRules.get(f.corpId, rule.id))?.match).toBe('contains');
    expect(await f.keywordRules.version(f.corpId)).toBe(1);
  });
});
