// The relationship consumer on DynamoDB Local and the WeCom simulator (over HTTP): follow projection
// (order-safe by CreateTime), customer profile and timeline, staff registry and corp tag mirror.
import { systemClock } from '../../shared/clock';
import { randomBytes, randomUUID } from 'node:crypto';
import { makeDocumentClient } from '../../shared/aws/clients';
import { tableStores } from '../../shared/aws/table-stores';
import { DynamoTenantStore } from '../../shared/db/tenant-repository';
import { LocalSecretBox } from '../../shared/secrets/local-secret-box';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { applyContactChange, type ApplyContactChangeDeps } from './apply-contact-change';
import { simulatorClient } from '../../test/support/wecom';

const doc = makeDocumentClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const stores = tableStores(doc, process.env.TABLE_NAME!);
const { follows, customerRecords, staffRegistry, tagMirror } = stores;
const secrets = new LocalSecretBox(randomBytes(32).toString('base64'));
const tenants = new DynamoTenantStore(doc, process.env.TABLE_NAME!);
let sim: RunningSimulator;
let deps: ApplyContactChangeDeps;

/** A corp that is no tenant: only the projection runs, no WeCom call. */
const corpId = `wwrel${randomUUID().slice(0, 8)}`;
/** A tenant backed by the simulator (a copy of the demo corp under its own id). */
const tenantCorp = `wwrelt${randomUUID().replace(/-/g, '').slice(0, 10)}`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  sim.state.registerCorp({ ...DEMO_CORP, corpId: tenantCorp, customers: [], groupChats: [] });
  await upsertTenant({ tenants, secrets, clock: { now: () => Date.now() } }, tenantCorp, {
    name: 'rel',
    token: DEMO_CORP.token,
    encodingAesKey: DEMO_CORP.encodingAesKey,
    secret: DEMO_CORP.secret,
  });
  deps = {
    ...stores,
    tenants,
    secrets,
    wecom: simulatorClient(sim.url),
    clock: systemClock,
  };
});
afterAll(async () => {
  await sim.stop();
  doc.destroy();
});

const msg = (type: string, at: number, ext: string, extra: Record<string, unknown> = {}, corp = corpId) =>
  messageFor('relationship', queueMessage({
    corpId: corp,
    type: `change_external_contact.${type}`,
    occurredAt: at,
    event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra },
  }));
const statusOf = async (ext: string) => (await follows.followsOfCustomer(corpId, ext))[0];
const newExt = () => `wm${randomUUID().replace(/-/g, '')}`;

describe('follow projection', () => {
  it('a delete that arrives before its add leaves the customer deleted, and keeps when/how they were added', async () => {
    const ext = newExt();
    expect(await applyContactChange(deps, msg('del_follow_user', 1_700_000_100, ext))).toBe('applied');
    expect(await applyContactChange(deps, msg('add_external_contact', 1_700_000_000, ext, { State: 'c1' }))).toBe('stale');
    expect(await statusOf(ext)).toMatchObject({ status: 'deleted_by_customer', addedAt: 1_700_000_000, state: 'c1' });
    // Both events are history, in time order.
    expect((await customerRecords.timeline(corpId, ext, 10)).map((t) => t.kind)).toEqual(['deleted_by_customer', 'added']);
  });

  it('same second: the delete wins in either order', async () => {
    for (const order of [
      ['add_external_contact', 'del_external_contact'],
      ['del_external_contact', 'add_external_contact'],
    ]) {
      const ext = newExt();
      for (const t of order) await applyContactChange(deps, msg(t!, 1_700_000_500, ext));
      expect((await statusOf(ext))?.status).toBe('deleted_by_staff');
    }
  });

  it('a later re-add makes the relationship active again; half then full add keeps it active', async () => {
    const ext = newExt();
    await applyContactChange(deps, msg('add_half_external_contact', 1_700_000_000, ext, { State: 'ch' }));
    await applyContactChange(deps, msg('add_external_contact', 1_700_000_000, ext, { State: 'ch' }));
    expect((await statusOf(ext))?.status).toBe('active');
    await applyContactChange(deps, msg('del_external_contact', 1_700_000_010, ext));
    await applyContactChange(deps, msg('add_external_contact', 1_700_000_020, ext));
    expect(await statusOf(ext)).toMatchObject({ status: 'active', addedAt: 1_700_000_020 });
  });

  it('edits of a non-tenant are ignored; a transfer failure is history only', async () => {
    const ext = newExt();
    expect(await applyContactChange(deps, msg('edit_external_contact', 1_700_000_000, ext))).toBe('ignored');
    const fail = msg('transfer_fail', 1_700_000_000, ext, { FailReason: 'customer_refused' });
    expect(await applyContactChange(deps, fail)).toBe('applied');
    expect(await applyContactChange(deps, fail)).toBe('stale');
    expect(await follows.followsOfCustomer(corpId, ext)).toEqual([]);
    expect(await customerRecords.timeline(corpId, ext, 10)).toEqual([
      expect.objectContaining({ kind: 'transfer_failed', userId: 'zhangsan', detail: { failReason: 'customer_refused' } }),
    ]);
  });

  it('addTags before the follow exists neither creates a visible follow nor blocks the add', async () => {
    const ext = newExt();
    await follows.addTags(corpId, ext, 'zhangsan', ['t1', 't2']);
    await follows.addTags(corpId, ext, 'zhangsan', ['t2', 't3']);
    expect(await follows.followsOfCustomer(corpId, ext)).toEqual([]);
    expect(await applyContactChange(deps, msg('add_external_contact', 1_700_000_000, ext))).toBe('applied');
    expect(await statusOf(ext)).toMatchObject({ status: 'active', addedAt: 1_700_000_000, tags: ['t1', 't2', 't3'] });
    await follows.addTags(corpId, ext, 'zhangsan', ['t4']);
    expect(await statusOf(ext)).toMatchObject({ status: 'active', changedAt: 1_700_000_000, tags: ['t1', 't2', 't3', 't4'] });
  });
});

describe('customer profile and timeline (simulator)', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('an add stores the profile and the follow tags/remark, and goes on the timeline once with its channel', async () => {
    const ext = newExt();
    sim.state.addCustomers(tenantCorp, [
      { externalUserId: ext, name: '陈小姐', avatar: 'https://example.test/a.png', follows: [{ userId: 'zhangsan', remark: '展会', tags: ['etsiyudemotag0001'], state: 'c_abcdefghij' }] },
    ]);
    // The greeting tagged the follow meanwhile (mark_tag raises no callback): the add keeps that tag.
    await follows.addTags(tenantCorp, ext, 'zhangsan', ['etgreeting']);
    const m = msg('add_external_contact', now(), ext, { State: 'c_abcdefghij' }, tenantCorp);
    expect(await applyContactChange(deps, m)).toBe('applied');
    expect(await applyContactChange(deps, m)).toBe('stale');
    expect(await customerRecords.get(tenantCorp, ext)).toMatchObject({ name: '陈小姐', avatar: 'https://example.test/a.png', type: 1 });
    expect((await follows.followsOfCustomer(tenantCorp, ext))[0]).toMatchObject({
      status: 'active',
      state: 'c_abcdefghij',
      remark: '展会',
      tags: ['etgreeting', 'etsiyudemotag0001'],
    });
    expect(await customerRecords.timeline(tenantCorp, ext, 10)).toEqual([
      expect.objectContaining({ kind: 'added', userId: 'zhangsan', channelId: 'abcdefghij', state: 'c_abcdefghij', at: m.occurredAt }),
    ]);
  });

  it('84061 right after an add fails the message (SQS retries); the retry stores the profile', async () => {
    const ext = newExt();
    sim.state.addCustomers(tenantCorp, [{ externalUserId: ext, name: '李先生', follows: [{ userId: 'zhangsan' }] }]);
    sim.state.addFaults([{ path: 'externalcontact/get', errcode: 84061, times: 1, corpId: tenantCorp }]);
    const m = msg('add_external_contact', now(), ext, {}, tenantCorp);
    await expect(applyContactChange(deps, m)).rejects.toMatchObject({ errcode: 84061 });
    expect(await customerRecords.get(tenantCorp, ext)).toMatchObject({ name: null });
    await applyContactChange(deps, m);
    expect(await customerRecords.get(tenantCorp, ext)).toMatchObject({ name: '李先生' });
    // A late add of a follow that is gone in WeCom and deleted here is not retried forever.
    const gone = newExt();
    sim.state.addCustomers(tenantCorp, [{ externalUserId: gone, name: '走了', follows: [] }]);
    await applyContactChange(deps, msg('del_follow_user', now(), gone, {}, tenantCorp));
    expect(await applyContactChange(deps, msg('add_external_contact', now() - 5, gone, {}, tenantCorp))).toBe('stale');
  });

  it('an edit replaces the follow tags and remark and records what changed', async () => {
    const ext = newExt();
    sim.state.addCustomers(tenantCorp, [{ externalUserId: ext, name: '王女士', follows: [{ userId: 'zhangsan', tags: ['etsiyudemotag0001'] }] }]);
    const t0 = now();
    await applyContactChange(deps, msg('add_external_contact', t0, ext, {}, tenantCorp));
    const f = sim.state.corp(tenantCorp).follow(ext, 'zhangsan')!;
    f.tags = new Set(['etsiyudemotag0002']);
    f.remark = 'VIP';
    const edit = msg('edit_external_contact', t0 + 1, ext, {}, tenantCorp);
    expect(await applyContactChange(deps, edit)).toBe('applied');
    expect(await applyContactChange(deps, edit)).toBe('applied');
    expect((await follows.followsOfCustomer(tenantCorp, ext))[0]).toMatchObject({ tags: ['etsiyudemotag0002'], remark: 'VIP', status: 'active' });
    const timeline = await customerRecords.timeline(tenantCorp, ext, 10);
    expect(timeline.map((t) => t.kind)).toEqual(['tags_changed', 'added']);
    expect(timeline[0]).toMatchObject({ detail: { added: ['etsiyudemotag0002'], removed: ['etsiyudemotag0001'], remark: 'VIP' } });
  });
});

describe('staff registry', () => {
  const contact = (type: string, at: number, event: Record<string, unknown>) =>
    messageFor('relationship', queueMessage({ corpId: tenantCorp, type: `change_contact.${type}`, occurredAt: at, event }));

  it('create/update fill name and department from user/get; delete marks resigned; older events are stale', async () => {
    expect(await applyContactChange(deps, contact('create_user', 1_700_000_000, { UserID: 'lisi' }))).toBe('applied');
    expect(await staffRegistry.get(tenantCorp, 'lisi')).toMatchObject({ name: '李四', department: [2], status: 'active' });
    expect(await applyContactChange(deps, contact('delete_user', 1_700_000_100, { UserID: 'lisi' }))).toBe('applied');
    expect(await applyContactChange(deps, contact('update_user', 1_700_000_050, { UserID: 'lisi', Name: 'old' }))).toBe('stale');
    expect(await applyContactChange(deps, contact('update_user', 1_700_000_100, { UserID: 'lisi' }))).toBe('stale');
    expect(await staffRegistry.get(tenantCorp, 'lisi')).toMatchObject({ name: '李四', status: 'resigned' });
  });

  it('falls back to what the event carries when user/get refuses', async () => {
    const userId = `u${randomUUID().slice(0, 8)}`;
    expect(await applyContactChange(deps, contact('create_user', 1_700_000_000, { UserID: userId, Name: '新人', Department: '3,4' }))).toBe('applied');
    expect(await staffRegistry.get(tenantCorp, userId)).toMatchObject({ name: '新人', department: [3, 4], status: 'active' });
  });
});

describe('corp tag mirror', () => {
  it('any change_external_tag event resyncs the mirror; deleted tags stay, marked deleted', async () => {
    const tagEvent = (type: string) => messageFor('relationship', queueMessage({ corpId: tenantCorp, type: `change_external_tag.${type}`, occurredAt: 1_700_000_000, event: { Id: 'x', TagType: 'tag' } }));
    expect(await applyContactChange(deps, tagEvent('create'))).toBe('applied');
    const first = await tagMirror.list(tenantCorp);
    expect(first.map((t) => t.id).sort()).toEqual(expect.arrayContaining(['etsiyudemotag0001', 'etsiyudemotag0002']));
    expect(first.every((t) => !t.deleted)).toBe(true);
    const corp = sim.state.corp(tenantCorp);
    corp.findTag('etsiyudemotag0002')!.group.tags.delete('etsiyudemotag0002');
    corp.findTag('etsiyudemotag0001')!.tag.name = '超级重要';
    expect(await applyContactChange(deps, tagEvent('delete'))).toBe('applied');
    const after = await tagMirror.list(tenantCorp);
    expect(after.find((t) => t.id === 'etsiyudemotag0002')).toMatchObject({ deleted: true, name: '普通客户' });
    expect(after.find((t) => t.id === 'etsiyudemotag0001')).toMatchObject({ deleted: false, name: '超级重要' });
  });
});
