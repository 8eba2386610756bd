import { routeStaff } from './capacity';
import { renderTemplate, truncateUtf8 } from './template';
import { isWithin, nextEdge, weekMinute } from './weekly-window';

// 2026-11-23 is a Monday. 09:00 Shanghai = 01:00 UTC.
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('renderTemplate', () => {
  it('fills {{name}} and leaves unknown placeholders as written', () => {
    expect(renderTemplate('您好 {{name}}，欢迎！{{ name }} {{coupon}}', { name: '张三' })).toBe('您好 张三，欢迎！张三 {{coupon}}');
  });
  it('inserts values as text, not as templates', () => {
    expect(renderTemplate('{{name}}', { name: '{{name}}$&' })).toBe('{{name}}$&');
  });
  it('cuts to a UTF-8 byte budget without splitting characters', () => {
    expect(truncateUtf8('中文abc', 7)).toBe('中文a');
    expect(truncateUtf8('中文', 5)).toBe('中');
    expect(truncateUtf8('ok', 4000)).toBe('ok');
  });
});

describe('weekly windows (Asia/Shanghai)', () => {
  const office = [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }];
  it('knows the week minute of an instant', () => {
    expect(weekMinute(at('2026-11-23T01:00:00Z'))).toBe(9 * 60); // Monday 09:00 local
    expect(weekMinute(at('2026-11-22T16:00:00Z'))).toBe(0); // Monday 00:00 local
  });
  it('is inside on a weekday during office hours only', () => {
    expect(isWithin(office, at('2026-11-23T01:00:00Z'))).toBe(true); // Mon 09:00
    expect(isWithin(office, at('2026-11-23T00:59:00Z'))).toBe(false); // Mon 08:59
    expect(isWithin(office, at('2026-11-23T10:00:00Z'))).toBe(false); // Mon 18:00 (exclusive)
    expect(isWithin(office, at('2026-11-28T03:00:00Z'))).toBe(false); // Sat 11:00
  });
  it('handles windows past midnight, including Sunday night into Monday', () => {
    const night = [{ days: [7], from: '22:00', to: '02:00' }];
    expect(isWithin(night, at('2026-11-29T15:00:00Z'))).toBe(true); // Sun 23:00
    expect(isWithin(night, at('2026-11-29T17:30:00Z'))).toBe(true); // Mon 01:30
    expect(isWithin(night, at('2026-11-29T18:00:00Z'))).toBe(false); // Mon 02:00
  });
  it('finds the next edge, skipping edges where nothing changes', () => {
    expect(nextEdge(office, at('2026-11-23T00:30:00Z'))).toBe(at('2026-11-23T01:00:00Z'));
    expect(nextEdge(office, at('2026-11-23T01:00:00Z'))).toBe(at('2026-11-23T10:00:00Z'));
    expect(nextEdge(office, at('2026-11-27T11:00:00Z'))).toBe(at('2026-11-30T01:00:00Z')); // Fri 19:00 → Mon 09:00
    const joined = [
      { days: [1], from: '09:00', to: '12:00' },
      { days: [1], from: '12:00', to: '18:00' },
    ];
    expect(nextEdge(joined, at('2026-11-23T02:00:00Z'))).toBe(at('2026-11-23T10:00:00Z'));
    expect(nextEdge([], at('2026-11-23T02:00:00Z'))).toBeUndefined();
  });
});

describe('routeStaff', () => {
  it('removes staff who reached the cap', () => {
    expect(routeStaff({ staff: ['a', 'b'], backupStaff: ['z'], dailyCapPerStaff: 2, addsToday: { a: 2, b: 1 } })).toEqual({
      users: ['b'],
      forceVerify: false,
      capped: ['a'],
      usingBackup: false,
    });
  });
  it('switches to backup staff when everyone is capped, or requires verification without backup', () => {
    const full = { a: 5, b: 5 };
    expect(routeStaff({ staff: ['a', 'b'], backupStaff: ['z'], dailyCapPerStaff: 5, addsToday: full })).toMatchObject({
      users: ['z'],
      usingBackup: true,
      forceVerify: false,
    });
    expect(routeStaff({ staff: ['a', 'b'], backupStaff: [], dailyCapPerStaff: 5, addsToday: full })).toMatchObject({
      users: ['a', 'b'],
      forceVerify: true,
    });
  });
  it('has no cap when the cap is 0 or unset', () => {
    expect(routeStaff({ staff: ['a'], backupStaff: [], addsToday: { a: 999 } }).users).toEqual(['a']);
  });
});
