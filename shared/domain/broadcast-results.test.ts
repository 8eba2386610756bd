// Delivery state, member completion and the reminder limit of broadcast results (群发结果).
import { countRecipient, deliveryStatus, emptyCounts, mergeTasks, remindWindow, RESULT_WINDOW_SECONDS } from './broadcast-results';

const T = 1_795_000_000;

describe('broadcast results', () => {
  it('counts recipients by WeCom status; an unknown status counts as unsent', () => {
    const c = emptyCounts();
    for (const s of [0, 1, 1, 2, 3, 9]) countRecipient(c, s);
    expect(c).toEqual({ unsent: 2, sent: 2, notFriend: 1, alreadyReceived: 1 });
  });

  it('a member is done only when done in every msgid they had, at their last confirmation', () => {
    expect(
      mergeTasks([
        { userid: 'zhangsan', status: 2, send_time: T + 5 },
        { userid: 'lisi', status: 2, send_time: T + 1 },
        { userid: 'zhangsan', status: 2, send_time: T + 9 },
        { userid: 'lisi', status: 0 },
        { userid: 'wangwu', status: 0 },
      ]),
    ).toEqual([
      { userid: 'lisi', sent: false },
      { userid: 'wangwu', sent: false },
      { userid: 'zhangsan', sent: true, sendTime: T + 9 },
    ]);
  });

  it('accepted → sending → finished; cancelled wins; expired once the window closed unfinished', () => {
    const base = { cancelled: false, acceptedAt: T, nowSec: T + 60 };
    const none = mergeTasks([{ userid: 'a', status: 0 }]);
    const half = mergeTasks([
      { userid: 'a', status: 2 },
      { userid: 'b', status: 0 },
    ]);
    const all = mergeTasks([{ userid: 'a', status: 2 }]);
    expect(deliveryStatus({ ...base, staff: [] })).toBe('accepted');
    expect(deliveryStatus({ ...base, staff: none })).toBe('accepted');
    expect(deliveryStatus({ ...base, staff: half })).toBe('sending');
    expect(deliveryStatus({ ...base, staff: all })).toBe('finished');
    expect(deliveryStatus({ ...base, staff: half, cancelled: true })).toBe('cancelled');
    expect(deliveryStatus({ ...base, staff: half, nowSec: T + RESULT_WINDOW_SECONDS })).toBe('sending');
    expect(deliveryStatus({ ...base, staff: half, nowSec: T + RESULT_WINDOW_SECONDS + 1 })).toBe('expired');
    expect(deliveryStatus({ ...base, staff: all, nowSec: T + RESULT_WINDOW_SECONDS + 1 })).toBe('finished');
  });

  it('allows 3 reminders per rolling 24 h and says when the next one is allowed', () => {
    expect(remindWindow([], T)).toEqual({ recent: [] });
    expect(remindWindow([T - 100, T - 50], T)).toEqual({ recent: [T - 100, T - 50] });
    expect(remindWindow([T - 50, T - 100, T - 10], T)).toEqual({ recent: [T - 100, T - 50, T - 10], nextAt: T - 100 + 86_400 });
    // One older than 24 h no longer counts.
    expect(remindWindow([T - 86_400, T - 50, T - 10], T)).toEqual({ recent: [T - 50, T - 10] });
  });
});
