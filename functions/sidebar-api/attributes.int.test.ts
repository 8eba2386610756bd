// The sidebar's stage, custom fields and materials on DynamoDB Local, S3 (s3rver) and the WeCom simulator over
// HTTP: a staff session sets the stage and field values of a customer it follows (the history names the
// member, the operation log holds both writes), bad values are a 400 naming the field with nothing stored,
// another member's customer is a 404 with nothing stored; the material list, and a material turned into
// sendChatMessage arguments with a media_id the simulator issued (uploaded once, then reused while valid).
import { csrfTokenOf, newSessionToken, sessionTimes } from '../../shared/auth/session';
import { languageOf, toHttpError } from '../../shared/http/error-handler';
import { objectKeyOf } from '../../shared/materials/material';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { apiEvent } from '../../test/support/api-events';
import { integrationWorld } from '../../test/support/integration-world';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { applyContactChange } from '../relationship/apply-contact-change';
import { makeSidebarApi, type SidebarApiDeps } from './api';

const world = integrationWorld({ simulator: true, clockAt: Date.UTC(2026, 10, 23, 2, 0, 0) });
beforeAll(() => world.start());
afterAll(() => world.close());

const SESSION_KEY = 'sidebar-int-session-key-0123456789abcdef';
const MINE = 'wmsiyudemocust0000000000000002';
const THEIRS = 'wmsiyudemocust0000000000000001';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);

async function setup(prefix: string) {
  const corpId = await world.newTenant(prefix, { secret: DEMO_CORP.secret, corp: DEMO_CORP });
  const relDeps = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
  for (const userId of ['zhangsan', 'lisi']) {
    await world.stores.staffRegistry.apply({ corpId, userId, name: userId, department: [2], status: 'active', changedAt: 1, rank: 0 });
  }
  for (const [userId, ext] of [
    ['zhangsan', MINE],
    ['lisi', THEIRS],
  ] as const) {
    await applyContactChange(
      relDeps,
      messageFor(
        'relationship',
        queueMessage({
          corpId,
          type: 'change_external_contact.add_external_contact',
          occurredAt: 1_700_000_100,
          event: { UserID: userId, ExternalUserID: ext },
        }),
      ),
    );
  }
  const api = makeSidebarApi({
    ...world.stores,
    secrets: world.secrets,
    wecom: world.wecom,
    blobs: world.blobs,
    clock: world.clock,
    tickets: { corpTicket: async () => 'unused', agentTicket: async () => 'unused' },
    trustedDomain: undefined,
    superAdminKeyHash: undefined,
    sessionKey: SESSION_KEY,
  } as SidebarApiDeps);
  const token = newSessionToken(SESSION_KEY, corpId);
  await world.stores.sessions.put({ corpId, idHash: token.idHash, userId: 'zhangsan', ...sessionTimes(world.clock.now()) });
  const call = async (method: string, pathAndQuery: string, body?: unknown) => {
    const [path, qs] = pathAndQuery.split('?');
    const event = apiEvent({
      method,
      path: `/sidebar/v1${path}`,
      ...(qs ? { query: Object.fromEntries(new URLSearchParams(qs)) } : {}),
      headers: { cookie: `siyu_session=${token.cookie}`, 'x-csrf-token': csrfTokenOf(SESSION_KEY, token.id), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const r = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
    return { status: r.statusCode, body: JSON.parse(String(r.body)) as any };
  };
  return { corpId, call };
}

describe('sidebar stage and custom fields on DynamoDB Local', () => {
  it('the member sets the stage and fields of their customer; bad input is a 400 naming the field; not theirs is a 404; nothing changes on refusal', async () => {
    const { corpId, call } = await setup('sbattr');
    const fields = world.stores.customerFields;
    const at = Math.floor(world.clock.now() / 1000);
    await fields.putStages(corpId, ['线索', '意向', '成交'], at);
    await fields.putDefinition({ corpId, id: 'f_budget', name: '预算', type: 'number', status: 'active', createdAt: at, updatedAt: at });
    await fields.putDefinition({
      corpId,
      id: 'f_src',
      name: '来源',
      type: 'single',
      options: ['展会', '转介绍'],
      status: 'active',
      createdAt: at + 1,
      updatedAt: at + 1,
    });
    await fields.putDefinition({ corpId, id: 'f_old', name: '旧字段', type: 'text', maxLength: 10, status: 'deleted', createdAt: at + 2, updatedAt: at + 2 });

    const first = await call('GET', `/customers/${MINE}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stage: null, pipeline: ['线索', '意向', '成交'], fields: {} });
    expect(first.body.fieldDefinitions.map((d: { id: string; name: string }) => [d.id, d.name])).toEqual([
      ['f_budget', '预算'],
      ['f_src', '来源'],
    ]);

    // Bad input: 400 naming the field, nothing stored.
    const bad = await call('PUT', `/customers/${MINE}/fields`, { values: { f_budget: 5000, f_src: '广告' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'f_src', reason: 'option_not_allowed' })]);
    const badStage = await call('PUT', `/customers/${MINE}/stage`, { stage: '流失' });
    expect(badStage.status).toBe(400);
    expect(badStage.body.error.details).toEqual([expect.objectContaining({ field: 'stage' })]);
    expect(await fields.attributes(corpId, MINE)).toBeUndefined();

    // Someone else's customer (and an unknown one): the same 404, nothing stored.
    const theirs = await call('PUT', `/customers/${THEIRS}/stage`, { stage: '意向' });
    expect(theirs.status).toBe(404);
    expect(await call('PUT', '/customers/wmnobody/stage', { stage: '意向' })).toEqual(theirs);
    expect((await call('PUT', `/customers/${THEIRS}/fields`, { values: { f_budget: 1 } })).status).toBe(404);
    expect(await fields.attributes(corpId, THEIRS)).toBeUndefined();
    expect(await fields.history(corpId, THEIRS, 10)).toEqual([]);

    // The member's writes.
    expect(await call('PUT', `/customers/${MINE}/fields`, { values: { f_budget: 5000, f_src: '展会' } })).toEqual({
      status: 200,
      body: { fields: { f_budget: 5000, f_src: '展会' }, stage: null },
    });
    const moved = await call('PUT', `/customers/${MINE}/stage`, { stage: '意向', note: '问了价格' });
    expect(moved).toMatchObject({ status: 200, body: { from: null, to: '意向', by: { userId: 'zhangsan', role: 'staff' }, note: '问了价格' } });
    expect(await fields.history(corpId, MINE, 10)).toMatchObject([{ from: null, to: '意向', by: { userId: 'zhangsan', role: 'staff' } }]);
    const after = await call('GET', `/customers/${MINE}`);
    expect(after.body).toMatchObject({ stage: '意向', fields: { f_budget: 5000, f_src: '展会' } });
    expect(after.body.timeline.filter((t: { kind: string }) => t.kind === 'stage_changed')).toHaveLength(1);
    const log = (await world.stores.operationLog.list(corpId, { limit: 10 })).items;
    expect(log.map((e) => [e.route, e.actor.userId])).toEqual(
      expect.arrayContaining([
        ['PUT /sidebar/v1/customers/{externalUserId}/fields', 'zhangsan'],
        ['PUT /sidebar/v1/customers/{externalUserId}/stage', 'zhangsan'],
      ]),
    );
    expect(log).toHaveLength(2);
  }, 60_000);
});

describe('sidebar materials on DynamoDB Local, S3 and the simulator', () => {
  it('lists the library and answers sendChatMessage arguments with a media_id WeCom issued, uploaded once', async () => {
    const { corpId, call } = await setup('sbmat');
    const createdAt = new Date(world.clock.now()).toISOString();
    await world.blobs.put(objectKeyOf(corpId, 'm_img'), PNG, 'image/png');
    await world.stores.materials.put({
      corpId,
      id: 'm_img',
      kind: 'image',
      title: '产品图',
      file: { filename: 'p.png', contentType: 'image/png', bytes: PNG.length, objectKey: objectKeyOf(corpId, 'm_img') },
      createdAt,
    });
    await world.stores.materials.put({ corpId, id: 'm_link', kind: 'link', title: '活动页', url: 'https://example.com/a', desc: '双十二', createdAt });

    const list = await call('GET', '/materials');
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { id: string; kind: string }) => [m.id, m.kind]).sort()).toEqual([
      ['m_img', 'image'],
      ['m_link', 'link'],
    ]);
    expect((await call('GET', '/materials?kind=link')).body.items).toMatchObject([{ id: 'm_link', url: 'https://example.com/a' }]);
    expect((await call('GET', '/materials?kind=sticker')).status).toBe(400);

    const image = await call('POST', '/materials/m_img/chat-message');
    expect(image).toMatchObject({ status: 200, body: { msgtype: 'image', enterChat: false, image: { mediaid: expect.any(String) } } });
    const uploads = world.sim.state.calls({ path: '/cgi-bin/media/upload', corpId });
    expect(uploads).toHaveLength(1);
    // The simulator knows the media_id (messaging.ts checks it when a message carries it).
    expect((await world.stores.materials.get(corpId, 'm_img'))?.media?.mediaId).toBe(image.body.image.mediaid);
    expect((await call('POST', '/materials/m_img/chat-message')).body).toEqual(image.body);
    expect(world.sim.state.calls({ path: '/cgi-bin/media/upload', corpId })).toHaveLength(1);

    expect((await call('POST', '/materials/m_link/chat-message')).body).toEqual({
      msgtype: 'news',
      enterChat: false,
      news: { link: 'https://example.com/a', title: '活动页', desc: '双十二', imgUrl: '' },
    });
    expect((await call('POST', '/materials/m_nope/chat-message')).status).toBe(404);
  }, 60_000);
});
