// Tag edits through the real admin API handler on DynamoDB Local and the WeCom simulator (over HTTP): a
// customer's tags added/removed (mark_tag on each active follow) without double counting when WeCom's
// edit_external_contact callback follows; tags and groups renamed and deleted (edit/del_corp_tag) with the
// mirror kept in step; each bad input a clear 4xx that changes nothing.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { lambdaContext } from '../../test/support/lambda-context';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { readWebhookMessage } from '../../shared/webhooks/webhook-message';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { applyContactChange } from '../relationship/apply-contact-change';

const SUPER = `super-${randomUUID()}`;
const corp = `wwtag${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const world = integrationWorld({ simulator: true, queues: 'tagedit' });
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
  const res = await handler(
    apiEvent({
      method,
      path: `/admin/v1/tenants/${corp}${path}`,
      headers: { authorization: `Bearer ${SUPER}` },
      ...(query ? { query } : {}),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext('adminApi'),
  );
  return { status: res.statusCode, body: JSON.parse(String(res.body)) as Record<string, any> };
}

const customer = `wmtag${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const t0 = Math.floor(Date.now() / 1000) - 100;
const contact = (type: string, at: number, event: Record<string, unknown>) =>
  queueMessage({ corpId: corp, type: `change_external_contact.${type}`, occurredAt: at, event });
// customer.tags_changed the relationship consumer publishes (WeCom's callbacks); the admin API's go to the webhook queue.
const fromCallbacks: Array<{ type: string; data: Record<string, unknown> }> = [];
const webhookEvents: WebhookPublisher = { publish: async (_c, type, data) => void fromCallbacks.push({ type, data }) };
const consumer = () => ({ ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock, webhookEvents });
const queuedTagEvents = async () =>
  (await world.drain(world.queues.webhook))
    .map((m) => readWebhookMessage(JSON.stringify(m)))
    .flatMap((m) => (m.kind === 'event' && m.event.type === 'customer.tags_changed' ? [m.event.data] : []));
const simFollow = (userId: string) => [...world.sim.state.corp(corp).follow(customer, userId)!.tags].sort();
const tagTimeline = async () => (await world.stores.customerRecords.timeline(corp, customer, 100)).filter((t) => t.kind === 'tags_changed');
const storedTags = async () => Object.fromEntries((await world.stores.follows.followsOfCustomer(corp, customer)).map((f) => [f.userId, f.tags]));
let tagId = '';
let groupId = '';

beforeAll(async () => {
  await world.start();
  world.sim.state.registerCorp({ ...DEMO_CORP, corpId: corp, customers: [], groupChats: [] });
  Object.assign(process.env, world.adminEnv(SUPER));
  jest.isolateModules(() => {
    handler = jest.requireActual<{ handler: typeof handler }>('./handler').handler;
  });
  const put = await call('PUT', '', { name: 'tags', token: DEMO_CORP.token, encodingAesKey: DEMO_CORP.encodingAesKey, secret: DEMO_CORP.secret });
  expect(put.status).toBe(201);
  world.sim.state.addCustomers(corp, [{ externalUserId: customer, name: '陈小姐', follows: [{ userId: 'zhangsan' }, { userId: 'lisi' }] }]);
  await applyContactChange(consumer(), messageFor('relationship', contact('add_external_contact', t0, { UserID: 'zhangsan', ExternalUserID: customer })));
  await applyContactChange(consumer(), messageFor('relationship', contact('add_external_contact', t0 + 1, { UserID: 'lisi', ExternalUserID: customer })));
  const created = await call('POST', '/tags', { groupName: '意向等级', name: '高意向' });
  expect(created.status).toBe(201);
  tagId = created.body.id;
  groupId = created.body.groupId;
}, 60_000);
afterAll(() => world.close());

describe('a customer’s tags', () => {
  it('adds a tag on every active follow; the edit_external_contact callbacks that follow add no second timeline entry', async () => {
    const r = await call('PATCH', `/customers/${customer}/tags`, { add: [tagId] });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([
      { userId: 'lisi', tags: [tagId] },
      { userId: 'zhangsan', tags: [tagId] },
    ]);
    expect([simFollow('zhangsan'), simFollow('lisi')]).toEqual([[tagId], [tagId]]);
    expect(await tagTimeline()).toHaveLength(2);
    // One customer.tags_changed per follow whose tags changed, published by the edit itself.
    expect(await queuedTagEvents()).toEqual([
      { externalUserId: customer, userId: 'lisi', added: [tagId], removed: [], tags: [tagId] },
      { externalUserId: customer, userId: 'zhangsan', added: [tagId], removed: [], tags: [tagId] },
    ]);
    fromCallbacks.length = 0;
    // WeCom's callbacks for our own mark_tag arrive afterwards: nothing is applied, counted or published twice.
    for (const [i, userId] of ['zhangsan', 'lisi'].entries()) {
      await applyContactChange(
        consumer(),
        messageFor('relationship', contact('edit_external_contact', t0 + 10 + i, { UserID: userId, ExternalUserID: customer })),
      );
    }
    expect(await tagTimeline()).toHaveLength(2);
    expect(await storedTags()).toEqual({ zhangsan: [tagId], lisi: [tagId] });
    expect(fromCallbacks.filter((e) => e.type === 'customer.tags_changed')).toEqual([]);
  });

  it('removes a tag from one member’s follow only', async () => {
    const r = await call('PATCH', `/customers/${customer}/tags`, { remove: [tagId], userId: 'lisi' });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{ userId: 'lisi', tags: [] }]);
    expect([simFollow('zhangsan'), simFollow('lisi')]).toEqual([[tagId], []]);
    expect(await storedTags()).toEqual({ zhangsan: [tagId], lisi: [] });
  });

  it.each([
    ['an unknown tag', () => ({ add: ['etnosuchtag000000000'] }), 400, 'validation_failed'],
    ['an empty edit', () => ({}), 400, 'validation_failed'],
    ['too many tags', () => ({ add: Array.from({ length: 101 }, (_x, i) => `et${i}`) }), 400, 'validation_failed'],
    ['a member who does not follow', () => ({ add: [tagId], userId: 'wangwu' }), 404, 'not_found'],
  ])('refuses %s with a clear 4xx and changes nothing', async (_name, body, status, code) => {
    const before = [simFollow('zhangsan'), simFollow('lisi'), await storedTags(), (await tagTimeline()).length];
    const r = await call('PATCH', `/customers/${customer}/tags`, body());
    expect([r.status, r.body.error.code]).toEqual([status, code]);
    expect(r.body.error.message).toBeTruthy();
    expect([simFollow('zhangsan'), simFollow('lisi'), await storedTags(), (await tagTimeline()).length]).toEqual(before);
  });

  it('answers 404 for an unknown customer', async () => {
    const r = await call('PATCH', `/customers/wmnobody${randomUUID().slice(0, 8)}/tags`, { add: [tagId] });
    expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
  });
});

describe('tags and tag groups', () => {
  it('renames a tag and a group in WeCom and in the mirror', async () => {
    expect((await call('PATCH', `/tags/${tagId}`, { name: '强意向' })).status).toBe(200);
    expect((await call('PATCH', `/tag-groups/${groupId}`, { name: '意向' })).status).toBe(200);
    const list = await call('GET', '/tags');
    expect(list.body.items.find((t: any) => t.id === tagId)).toMatchObject({ name: '强意向', groupName: '意向', deleted: false });
  });

  it.each([
    ['a name over 30 characters', () => `/tags/${tagId}`, { name: '长'.repeat(31) }, 400, 'validation_failed'],
    ['an empty edit', () => `/tags/${tagId}`, {}, 400, 'validation_failed'],
    ['an unknown tag (WeCom 40068)', () => '/tags/etnosuchtag000000000', { name: 'x' }, 404, 'not_found'],
  ])('refuses %s and changes nothing', async (_name, path, body, status, code) => {
    const before = (await call('GET', '/tags')).body;
    const r = await call('PATCH', path(), body);
    expect([r.status, r.body.error.code]).toEqual([status, code]);
    expect((await call('GET', '/tags')).body).toEqual(before);
  });

  it('refuses a name another tag of the group has (WeCom 40071) with 409', async () => {
    const other = await call('POST', '/tags', { groupName: '意向', name: '低意向' });
    const r = await call('PATCH', `/tags/${other.body.id}`, { name: '强意向' });
    expect([r.status, r.body.error.code]).toEqual([409, 'conflict']);
  });

  it('deletes a tag: followers lose it in WeCom, the mirror lists it as deleted; a second delete is 404', async () => {
    const r = await call('DELETE', `/tags/${tagId}`);
    expect(r).toEqual({ status: 200, body: { id: tagId, deleted: true } });
    expect(simFollow('zhangsan')).toEqual([]);
    const list = await call('GET', '/tags', undefined, { includeDeleted: 'true' });
    expect(list.body.items.find((t: any) => t.id === tagId)).toMatchObject({ deleted: true });
    expect((await call('GET', '/tags')).body.items.some((t: any) => t.id === tagId)).toBe(false);
    expect((await call('DELETE', `/tags/${tagId}`)).status).toBe(404);
  });

  it('deletes a group with its tags', async () => {
    expect((await call('DELETE', `/tag-groups/${groupId}`)).status).toBe(200);
    expect((await call('GET', '/tags')).body.items.some((t: any) => t.groupId === groupId)).toBe(false);
    expect((await call('DELETE', `/tag-groups/${groupId}`)).status).toBe(404);
  });
});
