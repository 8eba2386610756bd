// The audit use case with fakes: which events become rows, which alert, to whom, and that a
// redelivered event neither adds a row nor (when it does not alert) changes the outcome.
import { handOver } from '../../shared/sqs/consume';
import { FakeWecom } from '../../test/support/fake-wecom';
import { InMemoryAuditLog } from '../../test/support/fakes/audit';
import { fakeChannel, InMemoryChannelStore } from '../../test/support/fakes/channels';
import { InMemoryCustomerStore, InMemoryStaffStore } from '../../test/support/fakes/customers';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';
import { messageFor, queueMessage } from '../../test/support/queue-messages';
import { recordAudit, type RecordAuditDeps } from './record-audit';

const CORP = 'wwaudit';
const AT = 1_763_100_000;

async function world(tenant: { notify?: string[]; agentId?: string } = { notify: ['zhaoliu', 'qianqi'], agentId: '1000002' }) {
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, CORP, tenant));
  const wecom = new FakeWecom().on('message/send', {});
  const audit = new InMemoryAuditLog();
  const staffRegistry = new InMemoryStaffStore();
  const customerRecords = new InMemoryCustomerStore();
  const follows = new InMemoryFollowStore();
  const channels = new InMemoryChannelStore();
  const deps: RecordAuditDeps = { audit, tenants, secrets, wecom, staffRegistry, customerRecords, follows, channels };
  return { deps, wecom, audit, tenants, staffRegistry, customerRecords, follows, channels };
}

const contact = (change: string, extra: Record<string, unknown> = {}, t = AT) =>
  messageFor(
    'audit',
    queueMessage({ corpId: CORP, type: `change_external_contact.${change}`, occurredAt: t, event: { UserID: 'zhangsan', ExternalUserID: 'wmcust', ...extra } }),
  );

describe('recordAudit', () => {
  it('a customer deleting staff: one row and one de-duplicated alert to the notify list', async () => {
    const w = await world();
    expect(await recordAudit(w.deps, contact('del_follow_user'))).toBe('applied');
    expect(w.audit.of(CORP)).toEqual([expect.objectContaining({ type: 'customer_deleted_staff', staff: 'zhangsan', customer: 'wmcust', at: AT, alert: true })]);
    const sent = w.wecom.callsTo('message/send');
    expect(sent).toEqual([
      expect.objectContaining({ touser: 'zhaoliu|qianqi', msgtype: 'text', agentid: 1000002, enable_duplicate_check: 1, duplicate_check_interval: 1800 }),
    ]);
    expect(JSON.stringify(sent[0])).toContain('客户删除了员工');
  });

  it('the alert names the staff member, the customer and their channel; unknown ones stay ids', async () => {
    const w = await world();
    await w.staffRegistry.apply({ corpId: CORP, userId: 'zhangsan', name: '张三', changedAt: 1, rank: 0 });
    await w.customerRecords.setProfile(CORP, { externalUserId: 'wmcust', name: '王女士', type: 1 }, 1);
    await w.channels.put(fakeChannel(CORP, 'ch00000001', '双十一海报'));
    await w.follows.apply({
      corpId: CORP,
      externalUserId: 'wmcust',
      userId: 'zhangsan',
      status: 'active',
      changedAt: 1,
      rank: 2,
      eventKey: 'e1',
      added: { at: 1, state: 'c_ch00000001' },
    });
    await recordAudit(w.deps, contact('del_external_contact', { Source: 'DELETE_BY_CUSTOMER' }));
    await recordAudit(w.deps, contact('transfer_fail', { UserID: 'lisi', ExternalUserID: 'wmother', FailReason: 'customer_refused' }, AT + 1));
    const texts = w.wecom.callsTo('message/send').map((b) => (b.text as { content: string }).content);
    expect(texts).toEqual([
      ['【Siyu 审计】员工删除了客户', '时间：2025-11-14 14:00', '员工：张三', '客户：王女士', '渠道：双十一海报', '来源：DELETE_BY_CUSTOMER'].join('\n'),
      ['【Siyu 审计】客户继承失败', '时间：2025-11-14 14:00', '员工：lisi', '客户：wmother', '原因：客户拒绝'].join('\n'),
    ]);
  });

  it('types deletions both ways, failed transfers (with the reason) and resignations', async () => {
    const w = await world();
    await recordAudit(w.deps, contact('del_external_contact', {}, AT + 1));
    await recordAudit(w.deps, contact('del_external_contact', { Source: 'DELETE_BY_CUSTOMER' }, AT + 2));
    await recordAudit(w.deps, contact('transfer_fail', { FailReason: 'customer_refused' }, AT + 3));
    await recordAudit(w.deps, queueMessage({ corpId: CORP, type: 'change_contact.delete_user', occurredAt: AT + 4, event: { UserID: 'wangwu' } }));
    expect(w.audit.of(CORP).map((r) => [r.type, r.staff, r.customer, r.detail])).toEqual([
      ['staff_deleted_customer', 'zhangsan', 'wmcust', {}],
      ['staff_deleted_customer', 'zhangsan', 'wmcust', { source: 'DELETE_BY_CUSTOMER' }],
      ['transfer_fail', 'zhangsan', 'wmcust', { reason: 'customer_refused' }],
      ['staff_resigned', 'wangwu', undefined, {}],
    ]);
  });

  it('leaves out removals done by a successful transfer and events that are not lifecycle ones', async () => {
    const w = await world();
    expect(await recordAudit(w.deps, contact('del_external_contact', { Source: 'DELETE_BY_TRANSFER' }))).toBe('ignored');
    expect(
      await handOver(
        'audit',
        (m) => recordAudit(w.deps, m),
        queueMessage({
          corpId: CORP,
          type: 'change_external_contact.add_external_contact',
          occurredAt: AT,
          event: { UserID: 'zhangsan', ExternalUserID: 'wmcust' },
        }),
      ),
    ).toBe('ignored');
    expect(w.audit.of(CORP)).toEqual([]);
    expect(w.wecom.calls).toEqual([]);
  });

  it('an alerting row is recorded without an alert when the tenant is gone, has no notify list or no agent', async () => {
    for (const tenant of [{ notify: [], agentId: '1000002' }, { notify: ['zhaoliu'] }]) {
      const w = await world(tenant);
      expect(await recordAudit(w.deps, contact('del_follow_user'))).toBe('applied');
      expect(w.audit.of(CORP)).toHaveLength(1);
      expect(w.wecom.calls).toEqual([]);
    }
    const w = await world();
    expect(await recordAudit({ ...w.deps, tenants: new InMemoryTenantStore() }, contact('del_follow_user'))).toBe('applied');
    expect(w.audit.of(CORP)).toHaveLength(1);
  });

  it('a redelivered event adds no second row; the alert is sent again for WeCom to drop as a duplicate', async () => {
    const w = await world();
    const m = contact('del_follow_user');
    expect(await recordAudit(w.deps, m)).toBe('applied');
    expect(await recordAudit(w.deps, m)).toBe('applied');
    expect(w.audit.of(CORP)).toHaveLength(1);
    expect(w.wecom.callsTo('message/send')).toHaveLength(2);
  });

  it('a refused alert is an error (the consumer retries the record)', async () => {
    const w = await world();
    w.wecom.fail('message/send', 81013);
    await expect(recordAudit(w.deps, contact('del_follow_user'))).rejects.toMatchObject({ errcode: 81013 });
    expect(w.audit.of(CORP)).toHaveLength(1);
  });
  it('获客助手 events: a row per event with the change, the link and the expiring quota; an alert, except when the balance is back', async () => {
    const w = await world();
    const acq = (change: string, event: Record<string, unknown> = {}, t = AT) =>
      messageFor('audit', queueMessage({ corpId: CORP, type: `customer_acquisition.${change}`, occurredAt: t, event }));
    expect(await recordAudit(w.deps, acq('balance_low'))).toBe('applied');
    expect(await recordAudit(w.deps, acq('link_unavailable', { LinkId: 'cawcdeLINK' }, AT + 1))).toBe('applied');
    expect(await recordAudit(w.deps, acq('quota_expire_soon', { ExpireTime: '1764000000', ExpireQuotaNum: '20' }, AT + 2))).toBe('applied');
    expect(await recordAudit(w.deps, acq('balance_increased', {}, AT + 3))).toBe('applied');
    expect(w.audit.of(CORP).map((r) => [r.type, r.staff, r.customer, r.detail, r.alert])).toEqual([
      ['acquisition', undefined, undefined, { change: 'balance_low' }, true],
      ['acquisition', undefined, undefined, { change: 'link_unavailable', linkId: 'cawcdeLINK' }, true],
      ['acquisition', undefined, undefined, { change: 'quota_expire_soon', expireTime: 1764000000, expireQuotaNum: 20 }, true],
      ['acquisition', undefined, undefined, { change: 'balance_increased' }, false],
    ]);
    const texts = w.wecom.callsTo('message/send').map((b) => (b.text as { content: string }).content);
    expect(texts).toEqual([
      ['【Siyu 审计】获客助手', '时间：2025-11-14 14:00', '事件：获客额度不足（剩余少于 20 次）'].join('\n'),
      ['【Siyu 审计】获客助手', '时间：2025-11-14 14:00', '事件：获客链接异常，无法使用', '获客链接：cawcdeLINK'].join('\n'),
      ['【Siyu 审计】获客助手', '时间：2025-11-14 14:00', '事件：获客额度即将过期', '过期时间：2025-11-25', '即将过期的额度：20'].join('\n'),
    ]);
  });
});
