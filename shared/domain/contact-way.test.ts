import fc from 'fast-check';
import { nextReviewAt, nextShanghaiMidnight, projectContactWay, returningOwner, sameContactWay, type ChannelPolicy } from './contact-way';

// 2026-11-23 is a Monday. Shanghai = UTC+8.
const at = (iso: string) => Math.floor(Date.parse(`${iso}+08:00`) / 1000);
const policy = (p: Partial<ChannelPolicy> = {}): ChannelPolicy => ({
  staff: ['a', 'b'],
  backupStaff: [],
  dailyCapPerStaff: 0,
  autoAccept: { mode: 'always', windows: [] },
  ...p,
});
const workHours = { mode: 'schedule' as const, windows: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }] };

describe('projectContactWay', () => {
  it('routes to staff with room, then backup, then everyone with verification forced', () => {
    const p = policy({ dailyCapPerStaff: 2, backupStaff: ['z'] });
    const now = at('2026-11-23T10:00:00');
    expect(projectContactWay(p, { unixSeconds: now, addsToday: { a: 2, b: 1 } })).toEqual({
      user: ['b'],
      skipVerify: true,
      capped: ['a'],
      usingBackup: false,
      forceVerify: false,
    });
    expect(projectContactWay(p, { unixSeconds: now, addsToday: { a: 2, b: 2 } })).toMatchObject({ user: ['z'], skipVerify: true, usingBackup: true });
    expect(projectContactWay({ ...p, backupStaff: [] }, { unixSeconds: now, addsToday: { a: 3, b: 2 } })).toMatchObject({
      user: ['a', 'b'],
      skipVerify: false,
      forceVerify: true,
    });
  });

  it('follows the auto-accept windows in Asia/Shanghai', () => {
    const p = policy({ autoAccept: workHours });
    expect(projectContactWay(p, { unixSeconds: at('2026-11-23T08:59:59'), addsToday: {} }).skipVerify).toBe(false);
    expect(projectContactWay(p, { unixSeconds: at('2026-11-23T09:00:00'), addsToday: {} }).skipVerify).toBe(true);
    expect(projectContactWay(p, { unixSeconds: at('2026-11-23T18:00:00'), addsToday: {} }).skipVerify).toBe(false);
    expect(projectContactWay(p, { unixSeconds: at('2026-11-22T12:00:00'), addsToday: {} }).skipVerify).toBe(false); // Sunday
    expect(projectContactWay(policy({ autoAccept: { mode: 'never', windows: [] } }), { unixSeconds: 0, addsToday: {} }).skipVerify).toBe(false);
  });
});

describe('nextReviewAt', () => {
  it('is the next window edge for a scheduled channel', () => {
    const p = policy({ autoAccept: workHours });
    const now = at('2026-11-23T08:00:00');
    expect(nextReviewAt(p, projectContactWay(p, { unixSeconds: now, addsToday: {} }), now)).toBe(at('2026-11-23T09:00:00'));
    const evening = at('2026-11-27T18:30:00'); // Friday after hours → Monday 09:00
    expect(nextReviewAt(p, projectContactWay(p, { unixSeconds: evening, addsToday: {} }), evening)).toBe(at('2026-11-30T09:00:00'));
  });

  it('is the next midnight when caps changed the contact way, and nothing when nothing can change', () => {
    const p = policy({ dailyCapPerStaff: 1 });
    const now = at('2026-11-23T15:00:00');
    expect(nextReviewAt(p, projectContactWay(p, { unixSeconds: now, addsToday: { a: 1 } }), now)).toBe(at('2026-11-24T00:00:00'));
    expect(nextReviewAt(p, projectContactWay(p, { unixSeconds: now, addsToday: {} }), now)).toBeUndefined();
  });
});

describe('nextShanghaiMidnight', () => {
  it('is the first Shanghai midnight strictly after the instant', () => {
    expect(nextShanghaiMidnight(at('2026-11-23T00:00:00'))).toBe(at('2026-11-24T00:00:00'));
    expect(nextShanghaiMidnight(at('2026-11-23T23:59:59'))).toBe(at('2026-11-24T00:00:00'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (t) => {
        const m = nextShanghaiMidnight(t);
        return m > t && m - t <= 86_400 && (m + 8 * 3600) % 86_400 === 0;
      }),
    );
  });
});

describe('sameContactWay', () => {
  it('ignores the order of staff', () => {
    expect(sameContactWay({ user: ['a', 'b'], skipVerify: true }, { user: ['b', 'a'], skipVerify: true })).toBe(true);
    expect(sameContactWay({ user: ['a'], skipVerify: true }, { user: ['a'], skipVerify: false })).toBe(false);
    expect(sameContactWay({ user: ['a'], skipVerify: true }, { user: ['a', 'b'], skipVerify: true })).toBe(false);
  });
});

describe('returningOwner', () => {
  const p = policy({ dailyCapPerStaff: 2, backupStaff: ['z'] });
  const left = (userId: string, changedAt = 1) => ({ userId, status: 'deleted_by_customer' as const, changedAt });

  it('hands a customer who left a member back to that member when they are on the channel with room', () => {
    expect(returningOwner({ policy: p, addedTo: 'b', previous: [left('a')], addsToday: {} })).toBe('a');
    expect(returningOwner({ policy: p, addedTo: 'a', previous: [left('z')], addsToday: {} })).toBe('z');
  });

  it('leaves the customer where they landed otherwise', () => {
    expect(returningOwner({ policy: p, addedTo: 'b', previous: [], addsToday: {} })).toBeUndefined();
    expect(returningOwner({ policy: p, addedTo: 'a', previous: [left('a')], addsToday: {} })).toBeUndefined();
    expect(returningOwner({ policy: p, addedTo: 'b', previous: [left('a')], addsToday: { a: 2 } })).toBeUndefined();
    expect(returningOwner({ policy: p, addedTo: 'b', previous: [left('gone')], addsToday: {} })).toBeUndefined();
    expect(returningOwner({ policy: p, addedTo: 'b', previous: [{ userId: 'a', status: 'deleted_by_staff', changedAt: 1 }], addsToday: {} })).toBeUndefined();
    // The most recent other follow decides: here a member removed the customer after they left another.
    expect(
      returningOwner({ policy: p, addedTo: 'b', previous: [left('a', 1), { userId: 'z', status: 'deleted_by_staff', changedAt: 5 }], addsToday: {} }),
    ).toBeUndefined();
  });
});
