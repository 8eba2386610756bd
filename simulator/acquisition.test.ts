// The simulator's 获客助手 (apis/acquisition.ts) without HTTP, on an injected clock: WeCom's limits on a
// link's range and name, the quota spent by adds and refusing once empty, the statistic's window, and
// customer_channel reported as the follow's state (truncated at 64 bytes).
import { addThroughLink } from './apis/acquisition';
import { DEMO_TENANT } from './demo-tenant';
import { SimState } from './state';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0); // 10:00 in Shanghai
const BIG = 'wwbigcorp';

function setup() {
  const now = T0;
  const state = new SimState({ clock: () => now });
  state.registerCorp({
    corpId: BIG,
    secret: 'big-secret',
    departments: [{ id: 5, name: '销售', parentId: 1 }],
    staff: Array.from({ length: 501 }, (_, i) => ({ userId: `m${i}`, name: `成员${i}`, department: [5] })),
  });
  const api = async (corpid: string, corpsecret: string, path: string, body: unknown = {}) => {
    const t = await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid, corpsecret } });
    return state.dispatch({ method: 'POST', path: `/cgi-bin/externalcontact/${path}`, query: { access_token: String(t.access_token) }, body });
  };
  return {
    state,
    demo: (path: string, body?: unknown) => api(DEMO_TENANT.corpId, DEMO_TENANT.secret, path, body),
    big: (path: string, body?: unknown) => api(BIG, 'big-secret', path, body),
  };
}

describe('获客助手 in the simulator', () => {
  it('refuses a range covering more than 500 members (users plus departments), an empty range and a name over 30 characters', async () => {
    const { big, demo } = setup();
    const over = await big('customer_acquisition/create_link', { link_name: '大链接', range: { department_list: [5] } });
    expect(over.errcode).toBe(40058);
    expect(String(over.errmsg)).toContain('500');
    const users500 = Array.from({ length: 500 }, (_, i) => `m${i}`);
    expect((await big('customer_acquisition/create_link', { link_name: '刚好', range: { user_list: users500 } })).errcode).toBe(0);
    expect((await demo('customer_acquisition/create_link', { link_name: 'x', range: {} })).errcode).toBe(40058);
    expect((await demo('customer_acquisition/create_link', { link_name: '名'.repeat(31), range: { user_list: ['zhangsan'] } })).errcode).toBe(40058);
    expect((await demo('customer_acquisition/create_link', { link_name: 'x', range: { user_list: ['ghost'] } })).errcode).toBe(40003);
    expect((await demo('customer_acquisition/list_link', {})).link_id_list).toEqual([]);
  });

  it('an add through a link reports customer_channel as state (≤ 64 bytes), spends one use, and stops when the quota is empty', async () => {
    const { state, demo } = setup();
    const link = (await demo('customer_acquisition/create_link', { link_name: '投放', range: { user_list: ['zhangsan'] } })).link as { link_id: string };
    const corp = state.corp(DEMO_TENANT.corpId);
    const long = 'c'.repeat(70);
    const add = addThroughLink(corp, T0, { linkId: link.link_id, externalUserId: 'wmA', name: '甲', customerChannel: long });
    expect(add).toMatchObject({ userId: 'zhangsan', state: 'c'.repeat(64) });
    expect(corp.follows.get('wmA')?.get('zhangsan')?.state).toBe('c'.repeat(64));
    expect(await demo('customer_acquisition/customer', { link_id: link.link_id })).toMatchObject({
      customer_list: [{ external_userid: 'wmA', userid: 'zhangsan', chat_status: 0, state: 'c'.repeat(64) }],
    });
    const t = await state.dispatch({ method: 'GET', path: '/cgi-bin/gettoken', query: { corpid: DEMO_TENANT.corpId, corpsecret: DEMO_TENANT.secret } });
    const quota = await state.dispatch({
      method: 'GET',
      path: '/cgi-bin/externalcontact/customer_acquisition_quota',
      query: { access_token: String(t.access_token) },
    });
    expect(quota).toMatchObject({ errcode: 0, total: 1, balance: 99 });
    for (let i = 0; i < 99; i++) addThroughLink(corp, T0, { linkId: link.link_id, externalUserId: `wm${i}`, name: 'x' });
    expect(() => addThroughLink(corp, T0, { linkId: link.link_id, externalUserId: 'wmZ', name: 'x' })).toThrow(/quota exhausted/);
  });

  it('statistic: day granularity, at most 30 days, within the last 180 days; an unknown or deleted link is refused', async () => {
    const { state, demo } = setup();
    const link = (await demo('customer_acquisition/create_link', { link_name: '统计', range: { user_list: ['lisi'] } })).link as { link_id: string };
    addThroughLink(state.corp(DEMO_TENANT.corpId), T0, { linkId: link.link_id, externalUserId: 'wmS', name: 'x' });
    const day = Date.parse('2026-11-23T00:00:00+08:00') / 1000;
    expect(await demo('customer_acquisition/statistic', { link_id: link.link_id, start_time: day, end_time: day })).toMatchObject({
      errcode: 0,
      click_link_customer_cnt: 1,
      new_customer_cnt: 1,
    });
    expect((await demo('customer_acquisition/statistic', { link_id: link.link_id, start_time: day - 30 * 86_400, end_time: day })).errcode).toBe(40058);
    expect(
      (await demo('customer_acquisition/statistic', { link_id: link.link_id, start_time: day - 181 * 86_400, end_time: day - 170 * 86_400 })).errcode,
    ).toBe(40058);
    expect((await demo('customer_acquisition/delete_link', { link_id: link.link_id })).errcode).toBe(0);
    expect((await demo('customer_acquisition/get', { link_id: link.link_id })).errcode).toBe(40058);
  });
});
