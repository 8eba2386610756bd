// The simulator's inheritance APIs (apis/transfers.ts) on an injected clock: takeover after transferTakeoverSeconds,
// forced refusal, the 90-day and per-call limits, unassigned customers of resigned members, group owner transfers.
import { forceTransferOutcome, resignStaff, transferBookOf } from './apis/transfers';
import { DEMO_TENANT } from './demo-tenant';
import { SimState } from './state';

const T0 = Date.UTC(2026, 10, 2, 2, 0, 0);
const C1 = 'wmsiyudemocust0000000000000001';
const C2 = 'wmsiyudemocust0000000000000002';
const CHAT = 'wrsiyudemochat0000000000000001';

function setup() {
  let now = T0;
  const state = new SimState({ clock: () => now, config: { transferTakeoverSeconds: 60 } });
  const api = async (path: string, body: unknown) => {
    const t = await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret } });
    return state.dispatch({ method: 'POST', path: `/cgi-bin/externalcontact/${path}`, query: { access_token: String(t.access_token) }, body });
  };
  const corp = () => state.corp(DEMO_TENANT.corpId);
  return { state, api, corp, advance: (ms: number) => (now += ms) };
}

describe('simulator: on-job customer transfer', () => {
  it('waits (status 2), then moves the follow (status 1) and records add + del DELETE_BY_TRANSFER', async () => {
    const { api, corp, advance } = setup();
    const started = await api('transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1] });
    expect(started).toMatchObject({ errcode: 0, customer: [{ external_userid: C1, errcode: 0 }] });
    const waiting = await api('transfer_result', { handover_userid: 'zhangsan', takeover_userid: 'wangwu' });
    expect(waiting.customer).toEqual([{ external_userid: C1, status: 2, takeover_time: Math.floor(T0 / 1000) + 60 }]);
    expect(corp().follow(C1, 'zhangsan')).toBeDefined();
    advance(60_000);
    const done = await api('transfer_result', { handover_userid: 'zhangsan', takeover_userid: 'wangwu' });
    expect(done.customer).toEqual([expect.objectContaining({ external_userid: C1, status: 1 })]);
    expect(corp().follow(C1, 'zhangsan')).toBeUndefined();
    expect(corp().follow(C1, 'wangwu')?.remark).toBe('陈小姐-展会');
    expect(transferBookOf(corp()).events.map((e) => [e.changeType, e.userId, e.source])).toEqual([
      ['add_external_contact', 'wangwu', undefined],
      ['del_external_contact', 'zhangsan', 'DELETE_BY_TRANSFER'],
    ]);
  });

  it('a forced refusal ends in status 3 with transfer_fail customer_refused, the follow unchanged', async () => {
    const { api, corp, advance } = setup();
    await api('transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1] });
    expect(forceTransferOutcome(corp(), [C1], 3)).toBe(1);
    advance(60_000);
    const r = await api('transfer_result', { handover_userid: 'zhangsan', takeover_userid: 'wangwu' });
    expect(r.customer).toEqual([expect.objectContaining({ status: 3 })]);
    expect(corp().follow(C1, 'zhangsan')).toBeDefined();
    expect(transferBookOf(corp()).events).toEqual([expect.objectContaining({ changeType: 'transfer_fail', userId: 'wangwu', failReason: 'customer_refused' })]);
  });

  it('refuses per customer: not followed (84061), a third on-job transfer in 90 days; per call: >100 ids, same member', async () => {
    const { api, advance } = setup();
    const notFollowed = await api('transfer_customer', { handover_userid: 'wangwu', takeover_userid: 'lisi', external_userid: [C1] });
    expect(notFollowed.customer).toEqual([{ external_userid: C1, errcode: 84061 }]);
    await api('transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1] });
    advance(60_000);
    await api('transfer_customer', { handover_userid: 'wangwu', takeover_userid: 'zhangsan', external_userid: [C1] });
    advance(60_000);
    const third = await api('transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1] });
    expect(third.customer).toEqual([{ external_userid: C1, errcode: 40128 }]);
    const many = await api('transfer_customer', {
      handover_userid: 'zhangsan',
      takeover_userid: 'wangwu',
      external_userid: Array.from({ length: 101 }, (_, i) => `wm${i}`),
    });
    expect(many.errcode).toBe(40058);
    const same = await api('transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'zhangsan', external_userid: [C1] });
    expect(same.errcode).toBe(40058);
  });
});

describe('simulator: resigned members', () => {
  it('lists the unassigned customers of resigned members, transfers them, and only for resigned members', async () => {
    const { api, corp, advance } = setup();
    const onJob = await api('resigned/transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1] });
    expect(onJob.errcode).toBe(40003);
    resignStaff(corp(), 'zhangsan', T0);
    const list = await api('get_unassigned_list', { page_size: 1 });
    expect(list).toMatchObject({ errcode: 0, is_last: false, info: [{ handover_userid: 'zhangsan', dimission_time: Math.floor(T0 / 1000) }] });
    const rest = await api('get_unassigned_list', { page_size: 1, cursor: list.next_cursor });
    expect(rest).toMatchObject({ is_last: true, next_cursor: '' });
    expect([list, rest].flatMap((p) => (p.info as Array<{ external_userid: string }>).map((i) => i.external_userid)).sort()).toEqual([C1, C2]);
    const started = await api('resigned/transfer_customer', { handover_userid: 'zhangsan', takeover_userid: 'wangwu', external_userid: [C1, C2] });
    expect(started.customer).toEqual([
      { external_userid: C1, errcode: 0 },
      { external_userid: C2, errcode: 0 },
    ]);
    expect((await api('get_unassigned_list', {})).info).toEqual([]);
    advance(60_000);
    const r = await api('resigned/transfer_result', { handover_userid: 'zhangsan', takeover_userid: 'wangwu' });
    expect((r.customer as Array<{ status: number }>).map((c) => c.status)).toEqual([1, 1]);
    expect(corp().follow(C2, 'wangwu')).toBeDefined();
    // No del_external_contact for a resigned handover.
    expect(transferBookOf(corp()).events.map((e) => e.changeType)).toEqual(['add_external_contact', 'add_external_contact']);
  });
});

describe('simulator: group owner transfers', () => {
  it('groupchat/transfer only for a resigned owner (90500); onjob_transfer moves the owner, ≤2 per 90 days', async () => {
    const { api, corp } = setup();
    const notResigned = await api('groupchat/transfer', { chat_id_list: [CHAT], new_owner: 'lisi' });
    expect(notResigned).toMatchObject({ errcode: 0, failed_chat_list: [{ chat_id: CHAT, errcode: 90500 }] });
    const unknown = await api('groupchat/onjob_transfer', { chat_id_list: ['wrnope'], new_owner: 'lisi' });
    expect(unknown.failed_chat_list).toEqual([expect.objectContaining({ chat_id: 'wrnope', errcode: 90501 })]);
    expect((await api('groupchat/onjob_transfer', { chat_id_list: [CHAT], new_owner: 'lisi' })).failed_chat_list).toEqual([]);
    expect(corp().groupChats.get(CHAT)?.owner).toBe('lisi');
    expect((await api('groupchat/onjob_transfer', { chat_id_list: [CHAT], new_owner: 'zhangsan' })).failed_chat_list).toEqual([]);
    const third = await api('groupchat/onjob_transfer', { chat_id_list: [CHAT], new_owner: 'lisi' });
    expect(third.failed_chat_list).toEqual([expect.objectContaining({ errcode: 90507 })]);
    expect(corp().groupChats.get(CHAT)?.owner).toBe('zhangsan');
    resignStaff(corp(), 'zhangsan', Date.now());
    expect((await api('groupchat/transfer', { chat_id_list: [CHAT], new_owner: 'wangwu' })).failed_chat_list).toEqual([]);
    expect((await api('groupchat/transfer', { chat_id_list: Array.from({ length: 101 }, () => CHAT), new_owner: 'wangwu' })).errcode).toBe(40058);
  });
});
