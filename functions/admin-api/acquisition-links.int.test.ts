// 获客链接 end to end on DynamoDB Local and the WeCom simulator over HTTP: a link created through the real
// admin handler, a WeChat user adding through it (the simulator's add_external_contact callback carries the
// link's customer_channel as State) attributed to the channel by the auto-accept consumer like a QR code's;
// quota and statistics read from WeCom; a customer_acquisition callback becomes an audit row and an alert.
// Bad input (too many members, a name too long, an unknown link, a statistics range WeCom refuses) is a 4xx
// naming the limit, and nothing is created in WeCom or here.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { followChangeOf } from '../../shared/domain/relationship';
import { parseEvent } from '../../shared/wecom/event';
import { parseXmlDocument } from '../../shared/wecom/xml';
import { DEMO_TENANT } from '../../simulator/demo-tenant';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { queueMessage } from '../../test/support/queue-messages';
import { recordAudit, type RecordAuditDeps } from '../audit/record-audit';
import { applyAutoAccept, type AutoAcceptDeps } from '../auto-accept/apply-auto-accept';

const SUPER = `super-${randomUUID()}`;
const world = integrationWorld({ simulator: true });
let corpId: string;
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
let autoAccept: AutoAcceptDeps;
let audit: RecordAuditDeps;

beforeAll(async () => {
  await world.start();
  corpId = await world.demoTenant({ notify: ['zhaoliu'] });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  autoAccept = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
  const { auditLog, tenants, staffRegistry, customerRecords, follows, channels } = world.stores;
  audit = { audit: auditLog, tenants, secrets: world.secrets, wecom: world.wecom, staffRegistry, customerRecords, follows, channels };
});
afterAll(() => world.close());

async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${corpId}${path}`,
      headers: { authorization: `Bearer ${SUPER}` },
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode ?? 0, body: JSON.parse(String(res.body)) as Record<string, any> };
}
const sim = (path: string, body: Record<string, unknown>) =>
  fetch(`${world.sim.url}/__sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId, ...body }) }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }),
  );
/** A callback's XML as the callback path reads it, as the queue message a consumer receives. */
function message(xml: string) {
  const parsed = parseEvent(parseXmlDocument(xml));
  if (!parsed.ok) throw new Error(parsed.issues.join('; '));
  return queueMessage({ corpId, type: parsed.event.type, occurredAt: parsed.event.createTime, event: parsed.event.data });
}
const wecomApi = () => world.wecom.forTenant({ corpId, secret: DEMO_TENANT.secret });
const simLinks = () => world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/customer_acquisition/create_link' }).length;
const detailsText = (r: { body: Record<string, any> }) => JSON.stringify(r.body.error?.details ?? []);
const shanghaiToday = () => new Date(world.clock.now() + 8 * 3600_000).toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(world.clock.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

describe('获客链接: a link is a channel, its adds are attributed like a QR code’s', () => {
  it('create → a WeChat user adds through the published URL → the add counts for the channel; quota and statistics from WeCom', async () => {
    const created = await call('POST', '/acquisition-links', { name: '抖音投放', staff: ['zhangsan', 'lisi'], tags: [] });
    expect(created.status).toBe(201);
    const ch = created.body;
    expect(ch).toMatchObject({ kind: 'acquisition_link', name: '抖音投放', staff: ['zhangsan', 'lisi'], skipVerify: true, status: 'active', contactWay: null });
    expect(ch.link.url).toMatch(/^https:\/\/work\.weixin\.qq\.com\/ca\/\w+$/);
    const published = new URL(ch.link.customerUrl);
    expect(published.searchParams.get('customer_channel')).toBe(ch.state);

    // WeCom has the link with our members and name.
    const inWecom = await wecomApi().call('externalcontact/customer_acquisition/get', { link_id: ch.link.id });
    expect(inWecom).toMatchObject({ link: { link_name: '抖音投放', url: ch.link.url, skip_verify: true }, range: { user_list: ['zhangsan', 'lisi'] } });

    // The channel is listed with the others.
    expect((await call('GET', '/channels')).body.items.map((c: { id: string }) => c.id)).toContain(ch.id);

    // A WeChat user opens the published URL and adds zhangsan: WeCom's callback carries customer_channel as State.
    const ext = `wm${randomUUID().replace(/-/g, '')}`;
    const add = await sim('acquisition-adds', {
      linkId: ch.link.id,
      externalUserId: ext,
      customerChannel: published.searchParams.get('customer_channel'),
      userId: 'zhangsan',
    });
    expect(add.status).toBe(200);
    const m = message(add.body.callback);
    expect(m.type).toBe('change_external_contact.add_external_contact');
    expect(m.event).toMatchObject({ UserID: 'zhangsan', ExternalUserID: ext, State: ch.state });
    await world.stores.follows.apply(followChangeOf(m)!);
    expect(await applyAutoAccept(autoAccept, m as Parameters<typeof applyAutoAccept>[1])).toBe('applied');

    const read = await call('GET', `/channels/${ch.id}`);
    expect(read.status).toBe(200);
    expect(read.body.stats.total).toMatchObject({ adds: 1, net: 1 });
    // No contact way was written for it.
    expect(world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/update_contact_way' })).toHaveLength(0);

    // WeCom's customer list for the link carries the same state.
    const customers = await wecomApi().call('externalcontact/customer_acquisition/customer', { link_id: ch.link.id });
    expect(customers.customer_list).toEqual([expect.objectContaining({ external_userid: ext, userid: 'zhangsan', state: ch.state })]);

    const quota = await call('GET', '/acquisition-links/quota');
    expect(quota.status).toBe(200);
    expect(quota.body).toMatchObject({ used: 1, balance: 99 });
    expect(quota.body.batches).toEqual([{ expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), balance: 99 }]);

    const stats = await call('GET', `/acquisition-links/${ch.id}/statistics`);
    expect(stats.status).toBe(200);
    expect(stats.body).toEqual({ channelId: ch.id, linkId: ch.link.id, from: daysAgo(29), to: shanghaiToday(), clicks: 1, newCustomers: 1, adds: 1 });
  });

  it('update rewrites the WeCom link (range overwritten); DELETE …/channels/{id} deletes it in WeCom and keeps the channel readable', async () => {
    const ch = (await call('POST', '/acquisition-links', { name: '小红书', staff: ['zhangsan'] })).body;
    const patched = await call('PATCH', `/acquisition-links/${ch.id}`, { staff: ['lisi', 'wangwu'], skipVerify: false });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ staff: ['lisi', 'wangwu'], skipVerify: false, name: '小红书' });
    const api = wecomApi();
    expect(await api.call('externalcontact/customer_acquisition/get', { link_id: ch.link.id })).toMatchObject({
      link: { skip_verify: false },
      range: { user_list: ['lisi', 'wangwu'] },
    });
    // The contact-way PATCH does not apply to a link.
    const wrongRoute = await call('PATCH', `/channels/${ch.id}`, { name: 'x' });
    expect(wrongRoute.status).toBe(409);

    const deleted = await call('DELETE', `/channels/${ch.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.status).toBe('deleted');
    const list = await api.call('externalcontact/customer_acquisition/list_link', {});
    expect(list.link_id_list).not.toContain(ch.link.id);
    expect((await call('GET', `/channels/${ch.id}`)).body.status).toBe('deleted');
  });
});

describe('获客链接: bad input is a 4xx naming the limit, nothing created in WeCom or here', () => {
  it('more members than WeCom allows on a link (500)', async () => {
    const before = (await call('GET', '/channels')).body.items.length;
    const linksBefore = simLinks();
    const staff = Array.from({ length: 501 }, (_, i) => `member${i}`);
    const r = await call('POST', '/acquisition-links', { name: '超员', staff });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    expect(detailsText(r)).toContain('staff');
    expect(detailsText(r)).toContain('500');
    expect(simLinks()).toBe(linksBefore);
    expect((await call('GET', '/channels')).body.items.length).toBe(before);
  });

  it('a name longer than 30 characters', async () => {
    const before = (await call('GET', '/channels')).body.items.length;
    const linksBefore = simLinks();
    const r = await call('POST', '/acquisition-links', { name: '名'.repeat(31), staff: ['zhangsan'] });
    expect(r.status).toBe(400);
    expect(detailsText(r)).toContain('name');
    expect(detailsText(r)).toContain('30');
    expect(simLinks()).toBe(linksBefore);
    expect((await call('GET', '/channels')).body.items.length).toBe(before);
  });

  it('WeCom refusing a member (unknown userid) is about staff, and nothing is stored', async () => {
    const before = (await call('GET', '/channels')).body.items.length;
    const r = await call('POST', '/acquisition-links', { name: '未知成员', staff: ['nobody-here'] });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(JSON.stringify(r.body)).toContain('staff');
    expect((await call('GET', '/channels')).body.items.length).toBe(before);
  });

  it('an update of an unknown link, or of a QR-code channel, is a 404 and calls WeCom for nothing', async () => {
    const updates = () => world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/customer_acquisition/update_link' }).length;
    const n = updates();
    const unknown = await call('PATCH', '/acquisition-links/nosuchlink', { name: '改名' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('获客链接不存在');
    const qr = (await call('POST', '/channels', { name: '门店码', staff: ['zhangsan'] })).body;
    expect((await call('PATCH', `/acquisition-links/${qr.id}`, { name: '改名' })).status).toBe(404);
    expect(updates()).toBe(n);
    expect((await call('GET', `/channels/${qr.id}`)).body.name).toBe('门店码');
  });

  it('statistics over more than 30 days or from more than 180 days ago', async () => {
    const ch = (await call('POST', '/acquisition-links', { name: '统计', staff: ['zhangsan'] })).body;
    const stats = () => world.sim.state.calls({ corpId, path: '/cgi-bin/externalcontact/customer_acquisition/statistic' }).length;
    const n = stats();
    const long = await call('GET', `/acquisition-links/${ch.id}/statistics`, undefined, { from: daysAgo(30), to: shanghaiToday() });
    expect(long.status).toBe(400);
    expect(detailsText(long)).toContain('30 days');
    const old = await call('GET', `/acquisition-links/${ch.id}/statistics`, undefined, { from: daysAgo(181), to: daysAgo(170) });
    expect(old.status).toBe(400);
    expect(detailsText(old)).toContain('180 days');
    expect(stats()).toBe(n);
  });
});

describe('获客助手 callbacks', () => {
  it('link_unavailable and balance_low each become an audit row and an alert to the notify list', async () => {
    const ch = (await call('POST', '/acquisition-links', { name: '告警', staff: ['zhangsan'] })).body;
    const alertsBefore = world.sim.state.sent(corpId).appMessages.length;
    for (const [changeType, extra] of [
      ['link_unavailable', { linkId: ch.link.id }],
      ['balance_low', {}],
    ] as const) {
      const cb = await sim('acquisition-events', { changeType, ...extra });
      expect(cb.status).toBe(200);
      const m = message(cb.body.callback);
      expect(m.type).toBe(`customer_acquisition.${changeType}`);
      expect(await recordAudit(audit, m as Parameters<typeof recordAudit>[1])).toBe('applied');
    }
    const from = Math.floor(world.clock.now() / 1000) - 60;
    const rows = await call('GET', '/audit', undefined, { type: 'acquisition', from: String(from), to: String(from + 120) });
    expect(rows.status).toBe(200);
    expect(rows.body.items.map((r: { type: string; detail: unknown }) => [r.type, r.detail])).toEqual(
      expect.arrayContaining([
        ['acquisition', { change: 'link_unavailable', linkId: ch.link.id }],
        ['acquisition', { change: 'balance_low' }],
      ]),
    );
    const alerts = world.sim.state
      .sent(corpId)
      .appMessages.slice(alertsBefore)
      .map((a) => JSON.stringify(a));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toContain('zhaoliu');
    expect(alerts[0]).toContain('获客链接异常');
    expect(alerts[1]).toContain('获客额度不足');
  });
});
