// The relationship use case with fakes: which events change the follow, the timeline (once per event),
// the customer's profile and follow tags/remark from externalcontact/get, the staff registry from
// change_contact and the corp tag mirror from change_external_tag.
import { manualClock } from '../../test/support/clock';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryCustomerStore, InMemoryStaffStore, InMemoryTagMirror } from '../../test/support/fakes/customers';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { InMemoryDueStore } from '../../test/support/fakes/due';
import { InMemoryTransferStore } from '../../test/support/fakes/transfers';
import type { TransferRecord } from '../../shared/domain/transfer';
import { applyContactChange, type ApplyContactChangeDeps } from './apply-contact-change';

const CORP = 'wwrelation';
const AT = 1_700_000_000;

interface Follow {
  userid: string;
  remark?: string;
  tags?: Array<{ tag_id: string; type?: number }>;
}

async function world(o: { tenant?: boolean } = {}) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  if (o.tenant !== false) await tenants.put(await fakeTenant(secrets, CORP));
  /** The customers WeCom knows: external user id → name and follows. */
  const customers = new Map<string, { name: string; follows: Follow[] }>();
  const wecom = new FakeWecom()
    .on('externalcontact/get', (body) => {
      const c = customers.get(body.external_userid);
      if (!c) return { errcode: 84061, errmsg: 'not external contact' };
      return {
        external_contact: { external_userid: body.external_userid, name: c.name, type: 1 },
        follow_user: c.follows.map((f) => ({ createtime: AT, ...f })),
      };
    })
    .on('user/get', (body) =>
      body.userid === 'lisi' ? { userid: 'lisi', name: '李四', department: [2], status: 1 } : { errcode: 60111, errmsg: 'userid not found' },
    )
    .on('externalcontact/get_corp_tag_list', { tag_group: [] });
  const clock = manualClock(AT * 1000);
  const follows = new InMemoryFollowStore();
  const customerRecords = new InMemoryCustomerStore();
  const staffRegistry = new InMemoryStaffStore();
  const tagMirror = new InMemoryTagMirror();
  const deps: ApplyContactChangeDeps = { tenants, secrets, wecom, follows, customerRecords, staffRegistry, tagMirror, clock };
  return { deps, wecom, customers, follows, customerRecords, staffRegistry, tagMirror, clock };
}

const msg = (change: string, at: number, ext: string, extra: Record<string, unknown> = {}) =>
  messageFor(
    'relationship',
    queueMessage({ corpId: CORP, type: `change_external_contact.${change}`, occurredAt: at, event: { UserID: 'zhangsan', ExternalUserID: ext, ...extra } }),
  );

describe('applyContactChange: follows and timeline', () => {
  it('an add makes an active follow, stores the profile and the follow tags/remark, and goes on the timeline once with its channel', async () => {
    const w = await world();
    w.customers.set('wmA', { name: '陈小姐', follows: [{ userid: 'zhangsan', remark: '展会', tags: [{ tag_id: 'et1' }, { tag_id: 'etpersonal', type: 2 }] }] });
    await w.follows.addTags(CORP, 'wmA', 'zhangsan', ['etgreeting']);
    const m = msg('add_external_contact', AT, 'wmA', { State: 'c_abcdefghij' });
    expect(await applyContactChange(w.deps, m)).toBe('applied');
    expect(await applyContactChange(w.deps, m)).toBe('stale');
    expect(await w.customerRecords.get(CORP, 'wmA')).toMatchObject({ name: '陈小姐', type: 1, firstSeenAt: AT, profileAt: AT * 1000 });
    expect(await w.follows.followsOfCustomer(CORP, 'wmA')).toEqual([
      expect.objectContaining({ status: 'active', state: 'c_abcdefghij', addedAt: AT, remark: '展会', tags: ['et1', 'etgreeting'] }),
    ]);
    expect(await w.customerRecords.timeline(CORP, 'wmA', 10)).toEqual([
      expect.objectContaining({ kind: 'added', userId: 'zhangsan', channelId: 'abcdefghij', state: 'c_abcdefghij', at: AT }),
    ]);
  });

  it('a delete that arrives before its add leaves the follow deleted; both are history, newest first', async () => {
    const w = await world();
    expect(await applyContactChange(w.deps, msg('del_follow_user', AT + 100, 'wmB'))).toBe('applied');
    expect(await applyContactChange(w.deps, msg('add_external_contact', AT, 'wmB', { State: 'c1' }))).toBe('stale');
    expect((await w.follows.followsOfCustomer(CORP, 'wmB'))[0]).toMatchObject({ status: 'deleted_by_customer', addedAt: AT, state: 'c1' });
    expect((await w.customerRecords.timeline(CORP, 'wmB', 10)).map((t) => t.kind)).toEqual(['deleted_by_customer', 'added']);
    expect(await w.customerRecords.get(CORP, 'wmB')).toMatchObject({ firstSeenAt: AT });
  });

  it("84061 right after an add is rethrown while the follow is active (SQS retries); a deleted follow's late add is not", async () => {
    const w = await world();
    const m = msg('add_external_contact', AT, 'wmC');
    await expect(applyContactChange(w.deps, m)).rejects.toMatchObject({ errcode: 84061 });
    w.customers.set('wmC', { name: '李先生', follows: [{ userid: 'zhangsan' }] });
    await applyContactChange(w.deps, m);
    expect(await w.customerRecords.get(CORP, 'wmC')).toMatchObject({ name: '李先生' });

    await applyContactChange(w.deps, msg('del_follow_user', AT + 10, 'wmGone'));
    expect(await applyContactChange(w.deps, msg('add_external_contact', AT + 5, 'wmGone'))).toBe('stale');
  });

  it('an edit replaces the follow tags and remark and records what changed, once', async () => {
    const w = await world();
    w.customers.set('wmD', { name: '王女士', follows: [{ userid: 'zhangsan', tags: [{ tag_id: 'et1' }] }] });
    await applyContactChange(w.deps, msg('add_external_contact', AT, 'wmD'));
    w.customers.set('wmD', { name: '王女士', follows: [{ userid: 'zhangsan', remark: 'VIP', tags: [{ tag_id: 'et2' }] }] });
    const edit = msg('edit_external_contact', AT + 1, 'wmD');
    expect(await applyContactChange(w.deps, edit)).toBe('applied');
    expect(await applyContactChange(w.deps, edit)).toBe('applied');
    expect((await w.follows.followsOfCustomer(CORP, 'wmD'))[0]).toMatchObject({ tags: ['et2'], remark: 'VIP', status: 'active' });
    const timeline = await w.customerRecords.timeline(CORP, 'wmD', 10);
    expect(timeline.map((t) => t.kind)).toEqual(['tags_changed', 'added']);
    expect(timeline[0]).toMatchObject({ detail: { added: ['et2'], removed: ['et1'], remark: 'VIP' } });
  });

  it('an edit of only the remark is a remark_changed item; an edit that changes nothing adds none', async () => {
    const w = await world();
    w.customers.set('wmE', { name: '赵', follows: [{ userid: 'zhangsan', tags: [{ tag_id: 'et1' }] }] });
    await applyContactChange(w.deps, msg('add_external_contact', AT, 'wmE'));
    await applyContactChange(w.deps, msg('edit_external_contact', AT + 1, 'wmE'));
    w.customers.set('wmE', { name: '赵', follows: [{ userid: 'zhangsan', remark: '老客户', tags: [{ tag_id: 'et1' }] }] });
    await applyContactChange(w.deps, msg('edit_external_contact', AT + 2, 'wmE'));
    expect((await w.customerRecords.timeline(CORP, 'wmE', 10)).map((t) => [t.kind, t.detail])).toEqual([
      ['remark_changed', { remark: '老客户' }],
      ['added', undefined],
    ]);
  });

  it('edits for a non-tenant are ignored; a transfer failure is history only; events without ids are ignored', async () => {
    const w = await world({ tenant: false });
    expect(await applyContactChange(w.deps, msg('edit_external_contact', AT, 'wmF'))).toBe('ignored');
    const fail = msg('transfer_fail', AT, 'wmF', { FailReason: 'customer_refused' });
    expect(await applyContactChange(w.deps, fail)).toBe('applied');
    expect(await applyContactChange(w.deps, fail)).toBe('stale');
    expect(await w.follows.followsOfCustomer(CORP, 'wmF')).toEqual([]);
    expect(await w.customerRecords.timeline(CORP, 'wmF', 10)).toEqual([
      expect.objectContaining({ kind: 'transfer_failed', userId: 'zhangsan', detail: { failReason: 'customer_refused' } }),
    ]);
    // An event without ids never reaches the use case: the queue boundary refuses it.
    expect(() => msg('add_external_contact', AT, '')).toThrow(/schema/);
    expect(w.wecom.calls).toEqual([]);
  });

  it('a transfer_fail makes the running transfer waiting for that customer and takeover member due now (the job reads the result)', async () => {
    const w = await world();
    const transfers = new InMemoryTransferStore();
    const due = new InMemoryDueStore(w.clock);
    const transfer = (id: string, to: string, status: TransferRecord['status'] = 'running'): TransferRecord => ({
      corpId: CORP,
      id,
      kind: 'onjob',
      from: 'wangwu',
      to: [to],
      status,
      items: [{ target: 'customer', id: 'wmT', to, status: status === 'done' ? 'done' : 'waiting' }],
      createdAt: '',
      updatedAt: '',
      version: 1,
    });
    await transfers.create(transfer('t1', 'zhangsan'));
    await transfers.create(transfer('t2', 'lisi'));
    await transfers.create(transfer('t3', 'zhangsan', 'done'));
    for (const id of ['t1', 't2']) await due.schedule({ corpId: CORP, job: 'transfers', id, dueAt: AT + 3600 });
    // UserID is the takeover member (zhangsan in msg()).
    await applyContactChange({ ...w.deps, transfers, due }, msg('transfer_fail', AT, 'wmT', { FailReason: 'customer_refused' }));
    expect(await due.get(CORP, 'transfers', 't1')).toMatchObject({ dueAt: AT });
    expect(await due.get(CORP, 'transfers', 't2')).toMatchObject({ dueAt: AT + 3600 });
    expect(await due.get(CORP, 'transfers', 't3')).toBeUndefined();
  });

  it('an add for a customer WeCom no longer knows (40096) or whose follow is gone keeps the follow, without a profile', async () => {
    const w = await world();
    w.wecom.fail('externalcontact/get', 40096, 1);
    expect(await applyContactChange(w.deps, msg('add_external_contact', AT, 'wmG'))).toBe('applied');
    w.customers.set('wmH', { name: '无跟进', follows: [] });
    expect(await applyContactChange(w.deps, msg('add_external_contact', AT, 'wmH'))).toBe('applied');
    expect((await w.follows.followsOfCustomer(CORP, 'wmH'))[0]).toMatchObject({ status: 'active', tags: [], remark: null });
  });
});

describe('applyContactChange: staff registry and tag mirror', () => {
  const contact = (type: string, at: number, event: Record<string, unknown>) =>
    messageFor('relationship', queueMessage({ corpId: CORP, type: `change_contact.${type}`, occurredAt: at, event }));

  it('create/update fill name and department from user/get; delete marks resigned; older events are stale', async () => {
    const w = await world();
    expect(await applyContactChange(w.deps, contact('create_user', AT, { UserID: 'lisi' }))).toBe('applied');
    expect(await w.staffRegistry.get(CORP, 'lisi')).toMatchObject({ name: '李四', department: [2], status: 'active' });
    expect(await applyContactChange(w.deps, contact('delete_user', AT + 100, { UserID: 'lisi' }))).toBe('applied');
    expect(await applyContactChange(w.deps, contact('update_user', AT + 50, { UserID: 'lisi', Name: 'old' }))).toBe('stale');
    expect(await applyContactChange(w.deps, contact('update_user', AT + 100, { UserID: 'lisi' }))).toBe('stale');
    expect(await w.staffRegistry.get(CORP, 'lisi')).toMatchObject({ name: '李四', status: 'resigned' });
    expect(w.wecom.callsTo('user/get').map((b) => b.userid)).toEqual(['lisi', 'lisi', 'lisi']);
  });

  it('falls back to what the event carries when user/get refuses; a delete asks WeCom nothing', async () => {
    const w = await world();
    expect(await applyContactChange(w.deps, contact('create_user', AT, { UserID: 'xinren', Name: '新人', Department: '3,4' }))).toBe('applied');
    expect(await w.staffRegistry.get(CORP, 'xinren')).toMatchObject({ name: '新人', department: [3, 4], status: 'active' });
    const before = w.wecom.calls.length;
    await applyContactChange(w.deps, contact('delete_user', AT + 1, { UserID: 'xinren' }));
    expect(w.wecom.calls.length).toBe(before);
    expect(() => contact('create_user', AT, {})).toThrow(/schema/);
  });

  it('any change_external_tag event resyncs the mirror; tags WeCom no longer lists stay, marked deleted', async () => {
    const w = await world();
    const tag = (id: string, name: string) => ({ id, name });
    w.wecom.on('externalcontact/get_corp_tag_list', {
      tag_group: [{ group_id: 'g1', group_name: '客户等级', tag: [tag('et1', '重要'), tag('et2', '普通客户')] }],
    });
    const tagEvent = (type: string) =>
      messageFor('relationship', queueMessage({ corpId: CORP, type: `change_external_tag.${type}`, occurredAt: AT, event: { Id: 'x', TagType: 'tag' } }));
    expect(await applyContactChange(w.deps, tagEvent('create'))).toBe('applied');
    expect((await w.tagMirror.list(CORP)).map((t) => [t.id, t.deleted])).toEqual([
      ['et1', false],
      ['et2', false],
    ]);
    w.clock.advance(1000);
    w.wecom.on('externalcontact/get_corp_tag_list', { tag_group: [{ group_id: 'g1', group_name: '客户等级', tag: [tag('et1', '超级重要')] }] });
    expect(await applyContactChange(w.deps, tagEvent('delete'))).toBe('applied');
    expect(await w.tagMirror.list(CORP)).toEqual([
      expect.objectContaining({ id: 'et1', name: '超级重要', deleted: false }),
      expect.objectContaining({ id: 'et2', name: '普通客户', deleted: true }),
    ]);
  });
});

describe('applyContactChange: webhook events', () => {
  const recorder = () => {
    const sent: Array<{ type: string; data: Record<string, unknown>; occurredAt: number; sourceKey?: string | undefined }> = [];
    return {
      sent,
      publisher: {
        publish: async (_corpId: string, type: string, data: Record<string, unknown>, o: { occurredAt: number; sourceKey?: string }) => {
          sent.push({ type, data, ...o });
        },
      },
    };
  };

  it('publishes customer.added and customer.deleted (by whom) when the follow changes, keyed by the callback', async () => {
    const w = await world();
    const r = recorder();
    const deps = { ...w.deps, webhookEvents: r.publisher };
    w.customers.set('wmW', { name: '王先生', follows: [{ userid: 'zhangsan' }] });
    const add = msg('add_external_contact', AT, 'wmW', { State: 'c_abcdefghij' });
    await applyContactChange(deps, add);
    await applyContactChange(deps, msg('del_follow_user', AT + 60, 'wmW'));
    // A late add (older than the deletion) changes nothing and publishes nothing.
    await applyContactChange(deps, msg('add_half_external_contact', AT + 30, 'wmW'));
    expect(r.sent).toEqual([
      {
        type: 'customer.added',
        data: { externalUserId: 'wmW', userId: 'zhangsan', halfAdd: false, state: 'c_abcdefghij' },
        occurredAt: AT * 1000,
        sourceKey: add.eventKey,
      },
      {
        type: 'customer.deleted',
        data: { externalUserId: 'wmW', userId: 'zhangsan', by: 'customer' },
        occurredAt: (AT + 60) * 1000,
        sourceKey: expect.any(String),
      },
    ]);
  });

  it('publishes customer.tags_changed when an edit changed the follow’s tags', async () => {
    const w = await world();
    const r = recorder();
    const deps = { ...w.deps, webhookEvents: r.publisher };
    w.customers.set('wmT', { name: '赵女士', follows: [{ userid: 'zhangsan', tags: [{ tag_id: 'et1' }] }] });
    await applyContactChange(deps, msg('add_external_contact', AT, 'wmT'));
    w.customers.set('wmT', { name: '赵女士', follows: [{ userid: 'zhangsan', tags: [{ tag_id: 'et2' }] }] });
    await applyContactChange(deps, msg('edit_external_contact', AT + 5, 'wmT'));
    expect(r.sent.map((s) => s.type)).toEqual(['customer.added', 'customer.tags_changed']);
    expect(r.sent[1]!.data).toEqual({ externalUserId: 'wmT', userId: 'zhangsan', added: ['et2'], removed: ['et1'], tags: ['et2'] });
  });
});
