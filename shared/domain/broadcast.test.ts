import { channelIdOfState } from '../channels/channel';
import { countByReason, customerMatch, finalStatus } from './broadcast';
import type { FollowView } from './relationship';

const f = (o: Partial<FollowView>): FollowView => ({
  userId: 'u1',
  externalUserId: 'wm1',
  status: 'active',
  state: 'c_AbCdEfGh12',
  addedAt: 1000,
  changedAt: 1000,
  tags: [],
  remark: null,
  ...o,
});

describe('broadcast audience', () => {
  it('one active follow must match every filter; tags are any-of; excluded tags on any active follow exclude', () => {
    const follows = [f({ userId: 'u1', tags: ['a'] }), f({ userId: 'u2', tags: ['b'], state: null, addedAt: 2000 })];
    expect(customerMatch(follows, {}, channelIdOfState)).toEqual({ sender: undefined });
    expect(customerMatch(follows, { tags: ['b', 'z'] }, channelIdOfState)).toEqual({ sender: undefined });
    expect(customerMatch(follows, { tags: ['b'], channel: ['AbCdEfGh12'] }, channelIdOfState)).toBeUndefined();
    expect(customerMatch(follows, { excludeTags: ['b'] }, channelIdOfState)).toBeUndefined();
    expect(customerMatch(follows, { addedFrom: 1500, addedTo: 2001 }, channelIdOfState)).toEqual({ sender: undefined });
    expect(customerMatch(follows, { addedTo: 1000 }, channelIdOfState)).toBeUndefined();
    expect(customerMatch([f({ status: 'deleted_by_staff' })], {}, channelIdOfState)).toBeUndefined();
  });

  it('with a staff filter, the first listed member who follows the customer sends', () => {
    const follows = [f({ userId: 'u1' }), f({ userId: 'u2' })];
    expect(customerMatch(follows, { staff: ['u2', 'u1'] }, channelIdOfState)).toEqual({ sender: 'u2' });
    expect(customerMatch(follows, { staff: ['u3'] }, channelIdOfState)).toBeUndefined();
  });

  it('final status and block reasons', () => {
    expect(finalStatus({ sent: 5, blocked: 0, failed: 0, fatal: false })).toBe('sent');
    expect(finalStatus({ sent: 5, blocked: 1, failed: 0, fatal: false })).toBe('partially_blocked');
    expect(finalStatus({ sent: 0, blocked: 0, failed: 3, fatal: true })).toBe('failed');
    expect(countByReason([{ reason: 'monthly_cap' }, { reason: 'daily_cap' }, { reason: 'monthly_cap' }])).toEqual({ monthly_cap: 2, daily_cap: 1 });
  });
});
