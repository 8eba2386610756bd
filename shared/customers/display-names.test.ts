// Names for alerts from the staff registry, the customer records and the customer's channel; ids stay
// where a name is unknown or a lookup fails (the alert still goes out).
import { fakeChannel, InMemoryChannelStore } from '../../test/support/fakes/channels';
import { InMemoryCustomerStore, InMemoryStaffStore } from '../../test/support/fakes/customers';
import { InMemoryFollowStore } from '../../test/support/fakes/follows';
import { alertNames, type DisplayNameDeps } from './display-names';

const CORP = 'wwnames';
const channel = (id: string, name: string) => fakeChannel(CORP, id, name);

async function world() {
  const deps = {
    staffRegistry: new InMemoryStaffStore(),
    customerRecords: new InMemoryCustomerStore(),
    follows: new InMemoryFollowStore(),
    channels: new InMemoryChannelStore(),
  };
  await deps.staffRegistry.apply({ corpId: CORP, userId: 'lisi', name: '李四', changedAt: 1, rank: 0 });
  await deps.customerRecords.setProfile(CORP, { externalUserId: 'wmcust01', name: '王女士', type: 1 }, 1);
  await deps.channels.put(channel('ch00000001', '双十一海报'));
  await deps.channels.put(channel('ch00000002', '门店二维码'));
  const add = (userId: string, state?: string) =>
    deps.follows.apply({
      corpId: CORP,
      externalUserId: 'wmcust01',
      userId,
      status: 'active',
      changedAt: 10,
      rank: 2,
      eventKey: `e-${userId}`,
      added: { at: 10, state },
    });
  return { deps, add };
}

describe('alertNames', () => {
  it("names the staff member, the customer and the channel of that staff member's own follow", async () => {
    const { deps, add } = await world();
    await add('wangwu', 'c_ch00000002');
    await add('lisi', 'c_ch00000001');
    expect(await alertNames(deps, CORP, { staff: 'lisi', customer: 'wmcust01' })).toEqual({ staff: '李四', customer: '王女士', channel: '双十一海报' });
    expect(await alertNames(deps, CORP, { staff: 'wangwu', customer: 'wmcust01' })).toMatchObject({ channel: '门店二维码' });
  });

  it('leaves unknown names and channels out (the text keeps the ids), and asks nothing for an absent party', async () => {
    const { deps, add } = await world();
    await add('lisi', 'not-a-channel-state');
    expect(await alertNames(deps, CORP, { staff: 'ghost', customer: 'wmghost' })).toEqual({ staff: undefined, customer: undefined, channel: undefined });
    expect(await alertNames(deps, CORP, { staff: 'lisi', customer: 'wmcust01' })).toEqual({ staff: '李四', customer: '王女士', channel: undefined });
    expect(await alertNames(deps, CORP, { staff: 'lisi' })).toEqual({ staff: '李四', customer: undefined, channel: undefined });
  });

  it('a failing lookup leaves that name out instead of failing the alert', async () => {
    const { deps } = await world();
    const broken: DisplayNameDeps = { ...deps, customerRecords: { get: () => Promise.reject(new Error('throttled')) } };
    expect(await alertNames(broken, CORP, { staff: 'lisi', customer: 'wmcust01' })).toEqual({ staff: '李四', customer: undefined, channel: undefined });
  });
});
