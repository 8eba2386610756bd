// The sidebar's tag edit on DynamoDB Local and the WeCom simulator over HTTP: a staff session (as the
// in-WeCom login opens it) adds a tag to a customer it follows; the simulator records exactly one mark_tag
// with the member as userid, and after WeCom's edit_external_contact callback is replayed through the
// relationship consumer (twice, as SQS may deliver it) the customer has one timeline entry for the edit and
// the same tags. A customer the member does not follow is the same 403 as an unknown one.
import { csrfTokenOf, newSessionToken, sessionTimes } from '../../shared/auth/session';
import { apiEvent } from '../../test/support/api-events';
import type { WebhookPublisher } from '../../shared/webhooks/webhook';
import { integrationWorld } from '../../test/support/integration-world';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { languageOf, toHttpError } from '../../shared/http/error-handler';
import { applyContactChange } from '../relationship/apply-contact-change';
import { invoke } from '../admin-api/dispatch';
import { materialRoutes } from '../admin-api/routes/materials';
import { quickReplyRoutes } from '../admin-api/routes/quick-replies';
import { makeSidebarApi, type SidebarApiDeps } from './api';

const world = integrationWorld({ simulator: true, clockAt: Date.UTC(2026, 10, 23, 2, 0, 0) });
beforeAll(() => world.start());
afterAll(() => world.close());

const SESSION_KEY = 'sidebar-int-session-key-0123456789abcdef';
const CUSTOMER = 'wmsiyudemocust0000000000000002';
const TAG = 'etsiyudemotag0001';

describe('sidebar tag edit on DynamoDB Local and the simulator', () => {
  it('one mark_tag in the simulator, and one timeline entry after the callback replay', async () => {
    const corpId = await world.newTenant('sbapi', { secret: DEMO_CORP.secret, corp: DEMO_CORP });
    // Outbound webhooks both paths publish (the sidebar's edit and WeCom's callback for it).
    const published: Array<{ type: string; data: Record<string, unknown> }> = [];
    const webhookEvents: WebhookPublisher = { publish: async (_c, type, data) => void published.push({ type, data }) };
    const relDeps = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock, webhookEvents };
    const relationship = (type: string, occurredAt: number, event: Record<string, unknown>) =>
      applyContactChange(relDeps, messageFor('relationship', queueMessage({ corpId, type, occurredAt, event })));
    // What the consumers would have projected: the directory, the tag library and the customer's adds.
    const now = Math.floor(world.clock.now() / 1000);
    for (const userId of ['zhangsan', 'lisi']) {
      await world.stores.staffRegistry.apply({ corpId, userId, name: userId, department: [2], status: 'active', changedAt: now, rank: 0 });
    }
    await relationship('change_external_tag.create', now, { Id: TAG, TagType: 'tag' });
    await relationship('change_external_contact.add_external_contact', 1_700_000_100, { UserID: 'zhangsan', ExternalUserID: CUSTOMER });

    const api = makeSidebarApi({
      ...world.stores,
      secrets: world.secrets,
      wecom: world.wecom,
      blobs: world.blobs,
      clock: world.clock,
      webhookEvents,
      tickets: { corpTicket: async () => 'unused', agentTicket: async () => 'unused' },
      trustedDomain: undefined,
      superAdminKeyHash: undefined,
      sessionKey: SESSION_KEY,
    } as SidebarApiDeps);
    const token = newSessionToken(SESSION_KEY, corpId);
    await world.stores.sessions.put({ corpId, idHash: token.idHash, userId: 'zhangsan', ...sessionTimes(world.clock.now()) });
    const call = async (method: string, path: string, body?: unknown) => {
      const event = apiEvent({
        method,
        path: `/sidebar/v1${path}`,
        headers: { cookie: `siyu_session=${token.cookie}`, 'x-csrf-token': csrfTokenOf(SESSION_KEY, token.id), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const r = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
      return { status: r.statusCode, body: JSON.parse(String(r.body)) as unknown };
    };

    const before = await call('GET', `/customers/${CUSTOMER}`);
    expect(before).toMatchObject({ status: 200, body: { name: '刘先生', tags: [] } });
    const edited = await call('POST', `/customers/${CUSTOMER}/tags`, { add: [TAG] });
    expect(edited).toEqual({ status: 200, body: [{ groupId: 'etsiyudemogroup01', groupName: '客户等级', tags: [{ id: TAG, name: '重要客户' }] }] });
    const markTags = world.sim.state.calls({ path: '/cgi-bin/externalcontact/mark_tag', corpId });
    expect(markTags).toHaveLength(1);

    // WeCom's callback for the edit, delivered twice.
    for (let i = 0; i < 2; i++) {
      await relationship('change_external_contact.edit_external_contact', now + 1, { UserID: 'zhangsan', ExternalUserID: CUSTOMER });
    }
    const timeline = await world.stores.customerRecords.timeline(corpId, CUSTOMER, 50);
    expect(timeline.filter((t) => t.kind === 'tags_changed')).toMatchObject([{ userId: 'zhangsan', detail: { added: [TAG], removed: [] } }]);
    // One customer.tags_changed webhook: the sidebar's edit established the change, the callbacks found nothing new.
    expect(published.filter((p) => p.type === 'customer.tags_changed')).toEqual([
      { type: 'customer.tags_changed', data: { externalUserId: CUSTOMER, userId: 'zhangsan', added: [TAG], removed: [], tags: [TAG] } },
    ]);
    const after = await call('GET', `/customers/${CUSTOMER}`);
    expect(after).toMatchObject({ status: 200, body: { tags: [{ tags: [{ id: TAG }] }] } });
    expect((after.body as { timeline: Array<{ kind: string }> }).timeline.filter((t) => t.kind === 'tags_changed')).toHaveLength(1);
    expect((await world.stores.operationLog.list(corpId, { limit: 10 })).items).toMatchObject([
      { actor: { userId: 'zhangsan', role: 'staff' }, route: 'POST /sidebar/v1/customers/{externalUserId}/tags' },
    ]);

    // A customer our projection has no follow of zhangsan for, and an unknown id: the same 403.
    const other = await call('GET', '/customers/wmsiyudemocust0000000000000001');
    expect(other.status).toBe(403);
    expect(await call('GET', '/customers/wmnobody')).toEqual(other);
  }, 60_000);

  it('remark and description through externalcontact/remark, stored on the follow; quick-reply use counts per member', async () => {
    const corpId = await world.newTenant('sbapr', { secret: DEMO_CORP.secret, corp: DEMO_CORP });
    // Outbound webhooks both paths publish (the sidebar's edit and WeCom's callback for it).
    const published: Array<{ type: string; data: Record<string, unknown> }> = [];
    const webhookEvents: WebhookPublisher = { publish: async (_c, type, data) => void published.push({ type, data }) };
    const relDeps = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock, webhookEvents };
    await world.stores.staffRegistry.apply({ corpId, userId: 'zhangsan', name: '张三', department: [2], status: 'active', changedAt: 1, rank: 0 });
    await applyContactChange(
      relDeps,
      messageFor(
        'relationship',
        queueMessage({
          corpId,
          type: 'change_external_contact.add_external_contact',
          occurredAt: 1_700_000_100,
          event: { UserID: 'zhangsan', ExternalUserID: CUSTOMER },
        }),
      ),
    );
    for (const [id, title] of [
      ['qra', '问候'],
      ['qrb', '价格'],
    ]) {
      await world.stores.quickReplies.put({
        corpId,
        id: id!,
        group: '默认',
        title: title!,
        content: `${title}内容`,
        attachments: [],
        createdAt: '2026-11-01T00:00:00.000Z',
      });
    }
    const api = makeSidebarApi({
      ...world.stores,
      secrets: world.secrets,
      wecom: world.wecom,
      blobs: world.blobs,
      clock: world.clock,
      webhookEvents,
      tickets: { corpTicket: async () => 'unused', agentTicket: async () => 'unused' },
      trustedDomain: undefined,
      superAdminKeyHash: undefined,
      sessionKey: SESSION_KEY,
    } as SidebarApiDeps);
    const token = newSessionToken(SESSION_KEY, corpId);
    await world.stores.sessions.put({ corpId, idHash: token.idHash, userId: 'zhangsan', ...sessionTimes(world.clock.now()) });
    const call = async (method: string, path: string, body?: unknown) => {
      const event = apiEvent({
        method,
        path: `/sidebar/v1${path}`,
        headers: { cookie: `siyu_session=${token.cookie}`, 'x-csrf-token': csrfTokenOf(SESSION_KEY, token.id), 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const r = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
      return { status: r.statusCode, body: JSON.parse(String(r.body)) as any };
    };
    expect(await call('PATCH', `/customers/${CUSTOMER}`, { remark: '刘总', description: '老客户' })).toEqual({
      status: 200,
      body: { remark: '刘总', description: '老客户' },
    });
    expect(world.sim.state.calls({ path: '/cgi-bin/externalcontact/remark', corpId })).toHaveLength(1);
    expect((await call('GET', `/customers/${CUSTOMER}`)).body).toMatchObject({ remark: '刘总', description: '老客户' });
    expect((await call('GET', '/quick-replies')).body.items.map((i: { id: string }) => i.id)).toEqual(['qrb', 'qra']);
    expect((await call('POST', '/quick-replies/qra/sent')).body).toEqual({ id: 'qra', uses: 1 });
    expect((await call('POST', '/quick-replies/qra/sent')).body).toEqual({ id: 'qra', uses: 2 });
    expect((await call('GET', '/quick-replies')).body.items.map((i: { id: string; uses: number }) => [i.id, i.uses])).toEqual([
      ['qra', 2],
      ['qrb', 0],
    ]);
  }, 60_000);

  it('a quick reply with a material: saved by id, and the sidebar gets a media_id the simulator issued when it sends', async () => {
    const corpId = await world.newTenant('sbmat', { secret: DEMO_CORP.secret, corp: DEMO_CORP });
    await world.stores.staffRegistry.apply({ corpId, userId: 'zhangsan', name: '张三', department: [2], status: 'active', changedAt: 1, rank: 0 });
    const adminDeps = { ...world.stores, blobs: world.blobs, secrets: world.secrets, wecom: world.wecom, clock: world.clock } as never;
    const admin = async (r: unknown, body: unknown) => {
      const reply = await invoke(r as never, adminDeps, corpId, { body });
      if (reply.kind !== 'json') throw new Error('expected JSON');
      return reply.body as any;
    };
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(2000, 7)]);
    const m = await admin(materialRoutes.create, { kind: 'image', filename: 'menu.png', contentType: 'image/png', data: png.toString('base64') });
    // A missing material is refused when the reply is saved, and nothing is stored.
    await expect(
      admin(quickReplyRoutes.create, { title: '菜单', content: '请看菜单', attachments: [{ materialId: 'mat000000000009' }] }),
    ).rejects.toMatchObject({
      httpStatus: 400,
    });
    expect(await world.stores.quickReplies.list(corpId)).toEqual([]);
    const qr = await admin(quickReplyRoutes.create, { title: '菜单', content: '请看菜单', attachments: [{ materialId: m.id }] });
    expect(qr.attachments).toEqual([{ materialId: m.id }]);

    const api = makeSidebarApi({
      ...world.stores,
      secrets: world.secrets,
      wecom: world.wecom,
      clock: world.clock,
      blobs: world.blobs,
      tickets: { corpTicket: async () => 'unused', agentTicket: async () => 'unused' },
      trustedDomain: undefined,
      superAdminKeyHash: undefined,
      sessionKey: SESSION_KEY,
    } as SidebarApiDeps);
    const token = newSessionToken(SESSION_KEY, corpId);
    await world.stores.sessions.put({ corpId, idHash: token.idHash, userId: 'zhangsan', ...sessionTimes(world.clock.now()) });
    const call = async (method: string, path: string) => {
      const event = apiEvent({
        method,
        path: `/sidebar/v1${path}`,
        headers: { cookie: `siyu_session=${token.cookie}`, 'x-csrf-token': csrfTokenOf(SESSION_KEY, token.id), 'content-type': 'application/json' },
      });
      const r = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
      return { status: r.statusCode, body: JSON.parse(String(r.body)) as any };
    };
    const uploads = () => world.sim.state.calls({ corpId, path: '/cgi-bin/media/upload' }).filter((c) => c.errcode === 0);

    const first = await call('POST', `/quick-replies/${qr.id}/message`);
    expect(first.status).toBe(200);
    expect(first.body.text).toBe('请看菜单');
    const mediaId = first.body.attachments[0].image.media_id as string;
    expect(first.body.attachments[0].msgtype).toBe('image');
    expect(world.sim.state.corp(corpId).media.get(mediaId)?.bytes).toBe(png.length);
    // Sent again the same day: the cached media_id, no second upload.
    expect((await call('POST', `/quick-replies/${qr.id}/message`)).body.attachments[0].image.media_id).toBe(mediaId);
    expect(uploads()).toHaveLength(1);

    // The material deleted after the reply was saved: a 422 naming it, nothing uploaded.
    await invoke(materialRoutes.delete as never, adminDeps, corpId, { params: { id: m.id } });
    const gone = await call('POST', `/quick-replies/${qr.id}/message`);
    expect(gone.status).toBe(422);
    expect(JSON.stringify(gone.body)).toContain(m.id);
    expect((await call('POST', '/quick-replies/qrnone/message')).status).toBe(404);
  }, 60_000);
});
