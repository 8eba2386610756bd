import { channelIdOfState } from '../channels/channel';
import { matchesFilter, tagDiff, timelineItemOf, visibleFollows, type CustomerScope } from './customers';
import type { FollowView } from './relationship';
import { departmentsOf, inDepartment, staffEventOf, staffStatusOf } from './staff';
import { sortTags, tagsOfGroups } from './tags';

const follow = (over: Partial<FollowView>): FollowView => ({
  userId: 'zhangsan',
  externalUserId: 'wm1',
  status: 'active',
  state: null,
  addedAt: 1,
  changedAt: 1,
  tags: [],
  remark: null,
  ...over,
});
const all: CustomerScope = { kind: 'all' };

describe('customer filters and scope', () => {
  const follows = [
    follow({ userId: 'zhangsan', state: 'c_abcdefghij', tags: ['t1'] }),
    follow({ userId: 'lisi', status: 'deleted_by_customer', tags: ['t2'] }),
  ];

  it('matches when one follow satisfies every filter', () => {
    expect(matchesFilter(follows, { staff: 'zhangsan', tag: 't1', channel: 'abcdefghij' }, all, channelIdOfState)).toBe(true);
    expect(matchesFilter(follows, { staff: 'zhangsan', tag: 't2' }, all, channelIdOfState)).toBe(false);
    expect(matchesFilter(follows, { status: 'deleted_by_customer', tag: 't2' }, all, channelIdOfState)).toBe(true);
    expect(matchesFilter(follows, {}, all, channelIdOfState)).toBe(true);
  });

  it('only follows inside the scope count and show', () => {
    const lisi: CustomerScope = { kind: 'staff', userIds: new Set(['lisi']) };
    expect(matchesFilter(follows, { tag: 't1' }, lisi, channelIdOfState)).toBe(false);
    expect(visibleFollows(follows, lisi).map((f) => f.userId)).toEqual(['lisi']);
    expect(matchesFilter(follows, {}, { kind: 'staff', userIds: new Set() }, channelIdOfState)).toBe(false);
  });

  it('diffs tags and derives timeline items with their channel', () => {
    expect(tagDiff(['a', 'b'], ['b', 'c'])).toEqual({ added: ['c'], removed: ['a'] });
    const base = { corpId: 'ww1', occurredAt: 5, eventKey: 'k' };
    expect(
      timelineItemOf(
        { ...base, type: 'change_external_contact.add_external_contact', event: { UserID: 'u', ExternalUserID: 'e', State: 'c_abcdefghij' } },
        channelIdOfState,
      ),
    ).toMatchObject({ kind: 'added', userId: 'u', externalUserId: 'e', channelId: 'abcdefghij', at: 5 });
    expect(
      timelineItemOf({ ...base, type: 'change_external_contact.edit_external_contact', event: { UserID: 'u', ExternalUserID: 'e' } }, channelIdOfState),
    ).toBeUndefined();
  });
});

describe('staff', () => {
  it('maps WeCom statuses, departments and change_contact events', () => {
    expect([1, 2, 4, 5, undefined].map(staffStatusOf)).toEqual(['active', 'disabled', 'inactive', 'resigned', 'active']);
    expect(departmentsOf('1, 2,x')).toEqual([1, 2]);
    expect(departmentsOf([3])).toEqual([3]);
    expect(staffEventOf('change_contact.delete_user', { UserID: 'u' })).toEqual({ kind: 'delete', userId: 'u', rank: 3 });
    expect(staffEventOf('change_contact.update_user', { UserID: 'u', Name: 'N', Department: '2', Status: '5' })).toEqual({
      kind: 'upsert',
      userId: 'u',
      rank: 2,
      name: 'N',
      department: [2],
      status: 'resigned',
    });
    expect(staffEventOf('change_contact.create_party', { UserID: 'u' })).toBeUndefined();
    expect(inDepartment({ department: [2, 3] }, '3')).toBe(true);
    expect(inDepartment({ department: [2] }, 'x')).toBe(false);
  });
});

describe('tags', () => {
  it('flattens get_corp_tag_list and sorts groups by name, tags by order', () => {
    const tags = tagsOfGroups([
      { group_id: 'g2', group_name: 'B', tag: [{ id: 't3', name: 'z' }] },
      {
        group_id: 'g1',
        group_name: 'A',
        deleted: true,
        tag: [
          { id: 't1', name: 'x', order: 1 },
          { id: 't2', name: 'y', order: 5 },
        ],
      },
    ]);
    expect(sortTags(tags).map((t) => [t.id, t.deleted])).toEqual([
      ['t2', true],
      ['t1', true],
      ['t3', false],
    ]);
  });
});
