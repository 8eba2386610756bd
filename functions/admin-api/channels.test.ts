// Channels (contact ways) through the admin API on in-memory stores and a recording fake WeCom: create
// with a compact state, read back with stats, PATCH rewriting the whole way, a deleted channel kept
// readable, bad input refused before WeCom is called, and WeCom's refusals mapped for a person
// (shared/wecom/refusal.ts): a refused create stores nothing, a refused PATCH changes nothing.
import { adminCall, adminFakes, type AdminFakes } from '../../test/support/fakes/admin';

const KNOWN = new Set(['zhangsan', 'lisi', 'wangwu']);

async function world() {
  const f = await adminFakes();
  let n = 0;
  // WeCom refuses a user list naming someone it does not know (40003 invalid userid), as the simulator does.
  const refuseUnknown = (b: { user?: string[] | undefined }) =>
    (b.user ?? []).every((u) => KNOWN.has(u)) ? undefined : { errcode: 40003, errmsg: 'invalid userid' };
  f.wecom
    .on('externalcontact/add_contact_way', (b) => refuseUnknown(b) ?? { config_id: `cfg${++n}`, qr_code: `https://wecom.example/qr/${n}` })
    .on('externalcontact/update_contact_way', (b) => refuseUnknown(b) ?? {})
    .on('externalcontact/del_contact_way', () => ({}));
  return { f, call: adminCall(f) };
}

const channelsOf = (f: AdminFakes) => f.channels.list(f.corpId);

describe('channels', () => {
  it('creates a channel as a WeCom contact way with a compact state, and reads it back', async () => {
    const { f, call } = await world();
    const created = await call('POST', '/channels', {
      body: { name: '展会 2026', staff: ['zhangsan', 'lisi'], backupStaff: ['wangwu'], tags: ['et1'], welcome: { text: '您好 {{name}}' } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: '展会 2026',
      status: 'active',
      skipVerify: true,
      autoAccept: { mode: 'always' },
      configId: 'cfg1',
      qrCode: 'https://wecom.example/qr/1',
    });
    expect(created.body.state).toMatch(/^c_[A-Za-z0-9]{10}$/);
    expect(f.wecom.callsTo('externalcontact/add_contact_way')).toEqual([
      expect.objectContaining({ type: 2, scene: 2, state: created.body.state, user: ['zhangsan', 'lisi'], skip_verify: true }),
    ]);
    const read = await call('GET', `/channels/${created.body.id}`);
    expect(read.body).toEqual({ ...created.body, stats: { total: { adds: 0, deletions: 0, deletedByStaff: 0, deletedByCustomer: 0, net: 0 }, days: [] } });
    expect((await call('GET', '/channels')).body.items).toEqual([
      expect.objectContaining({ id: created.body.id, stats: { total: expect.objectContaining({ adds: 0 }) } }),
    ]);
  });

  it('rewrites the whole contact way on PATCH, and keeps a deleted channel readable', async () => {
    const { f, call } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: 'A', staff: ['zhangsan'] } });
    const patched = await call('PATCH', `/channels/${ch.id}`, { body: { staff: ['lisi', 'wangwu'], autoAccept: { mode: 'never' } } });
    expect(patched).toMatchObject({ status: 200, body: { staff: ['lisi', 'wangwu'], autoAccept: { mode: 'never' } } });
    expect(f.wecom.callsTo('externalcontact/update_contact_way').at(-1)).toMatchObject({
      config_id: ch.configId,
      user: ['lisi', 'wangwu'],
      skip_verify: false,
      state: ch.state,
    });
    const del = await call('DELETE', `/channels/${ch.id}`);
    expect(del).toMatchObject({ status: 200, body: { status: 'deleted' } });
    expect(f.wecom.callsTo('externalcontact/del_contact_way')).toEqual([{ config_id: ch.configId }]);
    expect((await call('GET', `/channels/${ch.id}`)).body.status).toBe('deleted');
    // A second DELETE answers the deleted channel without calling WeCom again; a PATCH of it is a 404.
    expect((await call('DELETE', `/channels/${ch.id}`)).body.status).toBe('deleted');
    expect(f.wecom.callsTo('externalcontact/del_contact_way')).toHaveLength(1);
    expect((await call('PATCH', `/channels/${ch.id}`, { body: { name: 'B' } })).status).toBe(404);
    expect(f.leases.acquired.map((l) => l.name)).toEqual(expect.arrayContaining([expect.stringContaining(ch.id)]));
  });

  it('rejects invalid channels with their fields, and creates nothing in WeCom', async () => {
    const { f, call } = await world();
    const bad = await call('POST', '/channels', {
      body: { name: '', staff: [], autoAccept: { mode: 'schedule', windows: [{ days: [8], from: '9:00', to: '18:00' }] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['autoAccept.windows.0.days.0', 'autoAccept.windows.0.from', 'name', 'staff'].sort(),
    );
    expect((await call('POST', '/channels', { body: { name: 'a\u0000b', staff: ['zhangsan'] } })).status).toBe(400);
    expect(f.wecom.calls).toEqual([]);
    expect(await channelsOf(f)).toEqual([]);
  });

  it('answers 404 for a channel that does not exist and 400 for a stats range that ends before it starts', async () => {
    const { call } = await world();
    expect((await call('GET', '/channels/nope')).status).toBe(404);
    expect((await call('PATCH', '/channels/nope', { body: { name: 'x' } })).status).toBe(404);
    const { body: ch } = await call('POST', '/channels', { body: { name: 'A', staff: ['zhangsan'] } });
    expect(await call('GET', `/channels/${ch.id}`, { query: { from: '2026-11-10', to: '2026-11-01' } })).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'from' }] } },
    });
    expect(await call('GET', `/channels/${ch.id}`, { query: { from: '2026-02-30' } })).toMatchObject({
      status: 400,
      body: { error: { details: [{ field: 'from' }] } },
    });
  });

  it('reads the stats of a range: the days with activity and the range totals', async () => {
    const { f, call } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: 'A', staff: ['zhangsan'] } });
    await f.activity.recordAdd({ corpId: f.corpId, channelId: ch.id, day: '2026-11-20', userId: 'zhangsan', externalUserId: 'wm1' });
    await f.activity.recordAdd({ corpId: f.corpId, channelId: ch.id, day: '2026-11-22', userId: 'zhangsan', externalUserId: 'wm2' });
    const stats = (await call('GET', `/channels/${ch.id}`, { query: { from: '2026-11-19', to: '2026-11-21' } })).body.stats;
    expect(stats.days).toEqual([expect.objectContaining({ day: '2026-11-20', adds: 1 })]);
    // Without a range: the last 30 days up to the clock's day (2026-11-23).
    expect((await call('GET', `/channels/${ch.id}`)).body.stats.days.map((d: { day: string }) => d.day)).toEqual(['2026-11-20', '2026-11-22']);
  });
});

describe('WeCom refusing a channel', () => {
  it('answers 400 wecom_rejected for a staff member WeCom does not know (40003, field staff), and stores no channel', async () => {
    const { f, call } = await world();
    const r = await call('POST', '/channels', { body: { name: '无此人', staff: ['nobody-here'] } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'wecom_rejected', details: { errcode: 40003, api: 'externalcontact/add_contact_way', field: 'staff' } });
    expect(r.body.error.message).toMatch(/^企业微信拒绝了此请求/);
    expect(await channelsOf(f)).toEqual([]);
  });

  it('a refused PATCH changes nothing', async () => {
    const { call } = await world();
    const { body: ch } = await call('POST', '/channels', { body: { name: 'ok', staff: ['zhangsan'] } });
    const r = await call('PATCH', `/channels/${ch.id}`, { body: { name: 'changed', staff: ['zhangsan', 'nobody-here'] } });
    expect(r).toMatchObject({ status: 400, body: { error: { code: 'wecom_rejected', details: { errcode: 40003, field: 'staff' } } } });
    expect((await call('GET', `/channels/${ch.id}`)).body).toMatchObject({ name: 'ok', staff: ['zhangsan'] });
  });

  it('a WeCom outage (busy after the retries) stays a 503 and stores no channel', async () => {
    const { f, call } = await world();
    f.wecom.fail('externalcontact/add_contact_way', -1, 1);
    const r = await call('POST', '/channels', { body: { name: '忙', staff: ['zhangsan'] } });
    expect(r).toMatchObject({ status: 503, body: { error: { code: 'unavailable' } } });
    expect(await channelsOf(f)).toEqual([]);
  });

  it("answers 422 wecom_credentials_rejected when the tenant's secret no longer works", async () => {
    const { f, call } = await world();
    f.wecom.fail('externalcontact/add_contact_way', 40001, 1);
    const r = await call('POST', '/channels', { body: { name: 'x', staff: ['zhangsan'] } });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'wecom_credentials_rejected', details: { errcode: 40001 } });
    expect(r.body.error.message).toContain('secret');
    expect(await channelsOf(f)).toEqual([]);
  });
});
