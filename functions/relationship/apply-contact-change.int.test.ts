// The relationship consumer on DynamoDB Local and the WeCom simulator (over HTTP): the follow projection's
// conditional writes (order-safe by CreateTime), the staff registry and the corp tag mirror.
// Profiles, timeline items and edits are unit tests (apply-contact-change.test.ts).
import { randomUUID } from 'node:crypto';
import { integrationWorld } from '../../test/support/integration-world';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { DEMO_CORP } from '../../simulator/demo-tenant';
import { applyContactChange, type ApplyContactChangeDeps } from './apply-contact-change';

const world = integrationWorld({ simulator: true });
const { follows, customerRecords, staffRegistry, tagMirror } = world.stores;
let deps: ApplyContactChangeDeps;

/** A corp that is no tenant: only the projection runs, no WeCom call. */
const corpId = `wwrel${randomUUID().slice(0, 8)}`;
/** A tenant backed by the simulator (a copy of the demo corp under its own id). */
let tenantCorp: string;

beforeAll(async () => {
  await world.start();
  tenantCorp = await world.newTenant('relt', { secret: DEMO_CORP.secret, corp: { ...DEMO_CORP, customers: [], groupChats: [] }, settings: { name: 'rel' } });
  deps = { ...world.stores, secrets: world.secrets, wecom: world.wecom, clock: world.clock };
});
afterAll(() => world.close());

const msg = (type: string, at: number, ext: string, extra: Record<string, unknown> = {}, corp = corpId) =>
  messageFor(
    'relationship',
    queueMessage({
      corpId: corp,
      type: `change_external_contact.${type}`,
      occurredAt: at,
      event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra },
    }),
  );
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
    const tagEvent = (type: string) =>
      messageFor(
        'relationship',
        queueMessage({ corpId: tenantCorp, type: `change_external_tag.${type}`, occurredAt: 1_700_000_000, event: { Id: 'x', TagType: 'tag' } }),
      );
    expect(await applyContactChange(deps, tagEvent('create'))).toBe('applied');
    const first = await tagMirror.list(tenantCorp);
    expect(first.map((t) => t.id).sort()).toEqual(expect.arrayContaining(['etsiyudemotag0001', 'etsiyudemotag0002']));
    expect(first.every((t) => !t.deleted)).toBe(true);
    const corp = world.sim.state.corp(tenantCorp);
    corp.findTag('etsiyudemotag0002')!.group.tags.delete('etsiyudemotag0002');
    corp.findTag('etsiyudemotag0001')!.tag.name = '超级重要';
    expect(await applyContactChange(deps, tagEvent('delete'))).toBe('applied');
    const after = await tagMirror.list(tenantCorp);
    expect(after.find((t) => t.id === 'etsiyudemotag0002')).toMatchObject({ deleted: true, name: '普通客户' });
    expect(after.find((t) => t.id === 'etsiyudemotag0001')).toMatchObject({ deleted: false, name: '超级重要' });
  });
});

describe('the profile item: one write per event', () => {
  it('keeps the earliest first-seen time and the newest WeCom read, also when what it read before writing was out of date', async () => {
    const ext = newExt();
    const read = (name: string) => ({ externalUserId: ext, name, type: 1 });
    await customerRecords.recordSeen(corpId, ext, 200, { read: read('新'), fetchedAtMs: 2_000 });
    // It believed there was no item: the condition refuses the older read, it reads again and only lowers first-seen.
    await customerRecords.recordSeen(corpId, ext, 100, { read: read('旧'), fetchedAtMs: 1_000 }, { item: undefined });
    expect(await customerRecords.get(corpId, ext)).toMatchObject({ firstSeenAt: 100, name: '新', profileAt: 2_000 });
    await customerRecords.recordSeen(corpId, ext, 300);
    expect(await customerRecords.get(corpId, ext)).toMatchObject({ firstSeenAt: 100, name: '新' });
    expect((await customerRecords.page(corpId, 1000)).items).toContain(ext);
  });
});
