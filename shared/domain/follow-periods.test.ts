import { customerPeriods, decodeFollowEvent, encodeFollowEvent, followEventOf, historyOf, onAt, periodsOf, type FollowEvent } from './follow-periods';
import { followChangeOf } from './relationship';

const ev = (at: number, rank: 1 | 2 | 3 | 4, state?: string, key = `k${at}${rank}`): FollowEvent => ({ at, rank, key, ...(state ? { state } : {}) });

describe('follow periods', () => {
  it('a half add and its confirmation are one period (one new customer), confirmed at the add', () => {
    expect(periodsOf('u', 'c', [ev(100, 1, 'st-a'), ev(500, 2, 'st-a')])).toEqual([
      { userId: 'u', externalUserId: 'c', start: 100, half: true, confirmedAt: 500, state: 'st-a', end: null, endedBy: null },
    ]);
  });

  it('replays by (time, rank) whatever the delivery order; a deletion in the same second outranks the add', () => {
    const delivered = [ev(200, 4), ev(100, 2, 'st-a'), ev(200, 2)];
    expect(periodsOf('u', 'c', delivered)).toEqual([
      { userId: 'u', externalUserId: 'c', start: 100, half: false, confirmedAt: 100, state: 'st-a', end: 200, endedBy: 'staff' },
    ]);
    // add and deletion in the same second: the period starts and ends at that second
    expect(periodsOf('u', 'c', [ev(300, 3), ev(300, 2)])).toMatchObject([{ start: 300, end: 300, endedBy: 'customer' }]);
  });

  it('a re-add after a deletion is a second period; repeated deliveries and stray deletions change nothing', () => {
    const p = periodsOf('u', 'c', [ev(50, 3), ev(100, 2), ev(100, 2), ev(150, 3), ev(160, 4), ev(200, 1, 'st-b'), ev(200, 1, 'st-b')]);
    expect(p.map((x) => [x.start, x.end, x.half])).toEqual([
      [100, 150, false],
      [200, null, true],
    ]);
  });

  it('keeps the starting event’s channel: a confirmation days later cannot move a period into another row', () => {
    expect(periodsOf('u', 'c', [ev(1, 1), ev(2, 2, 'st-x')])[0]!.state).toBeNull();
  });

  it('stores events compactly and reads them back (states may hold any character)', () => {
    const e = { at: 1_763_000_000, rank: 2 as const, key: 'abcdef0123456789', state: 'c_AbC|d' };
    expect(decodeFollowEvent(encodeFollowEvent({ ...e, key: `${e.key}ffff` }))).toEqual(e);
    expect(decodeFollowEvent('nonsense')).toBeUndefined();
  });

  it('stands in an add and a deletion for follows stored before histories', () => {
    const legacy = { addedAt: 10, state: 'st-a', status: 'deleted_by_customer' as const, changedAt: 20 };
    expect(periodsOf('u', 'c', historyOf(legacy))).toMatchObject([{ start: 10, end: 20, endedBy: 'customer', state: 'st-a' }]);
  });

  it('customer periods are ordered by start; onAt is true from the start to before the end', () => {
    const follows = [
      { userId: 'b', externalUserId: 'c', status: 'active' as const, state: null, addedAt: 30, changedAt: 30, tags: [], remark: null, history: [ev(30, 2)] },
      {
        userId: 'a',
        externalUserId: 'c',
        status: 'active' as const,
        state: null,
        addedAt: 10,
        changedAt: 10,
        tags: [],
        remark: null,
        history: [ev(10, 2), ev(20, 4)],
      },
    ];
    const ps = customerPeriods(follows);
    expect(ps.map((p) => p.userId)).toEqual(['a', 'b']);
    expect([onAt(ps[0]!, 10), onAt(ps[0]!, 19), onAt(ps[0]!, 20), onAt(ps[0]!, 9)]).toEqual([true, true, false, false]);
  });

  it('a deletion by a transfer (DELETE_BY_TRANSFER) keeps its mark through the stored entry and ends the period as a transfer', () => {
    const gone = followEventOf(
      followChangeOf({
        corpId: 'w',
        type: 'change_external_contact.del_external_contact',
        occurredAt: 300,
        eventKey: 'kdel',
        event: { UserID: 'u', ExternalUserID: 'c', Source: 'DELETE_BY_TRANSFER' },
      })!,
    );
    const stored = decodeFollowEvent(encodeFollowEvent(gone))!;
    expect(stored).toEqual({ at: 300, rank: 4, key: 'kdel', transfer: true });
    expect(periodsOf('u', 'c', [ev(100, 2, 'st-a'), stored])).toMatchObject([{ start: 100, end: 300, endedBy: 'transfer' }]);
    // A deletion without the source, and entries stored before the mark existed, stay a staff deletion.
    expect(decodeFollowEvent('0000000300|4|kdel|')).toEqual({ at: 300, rank: 4, key: 'kdel' });
    expect(periodsOf('u', 'c', [ev(100, 2), ev(300, 4)])).toMatchObject([{ endedBy: 'staff' }]);
    // An add's state is still read as its state.
    expect(decodeFollowEvent(encodeFollowEvent(ev(100, 2, 'transfer')))).toEqual(ev(100, 2, 'transfer'));
  });
});
