import { addDays, daysBetween, isCalendarDay, mondayOf, shanghaiDay, shanghaiMidnight } from './time';

describe('Shanghai days', () => {
  it('starts a day at 00:00 UTC+8', () => {
    expect(shanghaiMidnight('2026-11-23')).toBe(Date.parse('2026-11-22T16:00:00Z') / 1000);
    expect(shanghaiDay(shanghaiMidnight('2026-11-23'))).toBe('2026-11-23');
    expect(shanghaiDay(shanghaiMidnight('2026-11-23') - 1)).toBe('2026-11-22');
  });

  it('adds and counts days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-10-31', -30)).toBe('2026-10-01');
    expect(daysBetween('2026-10-01', '2026-10-31')).toBe(30);
    expect(daysBetween('2026-10-31', '2026-10-01')).toBe(-30);
  });

  it('finds the Monday of an ISO week', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // its Sunday
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });

  it('accepts only real calendar days', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', 'yesterday'].map(isCalendarDay)).toEqual([false, false, false, false]);
  });
});
