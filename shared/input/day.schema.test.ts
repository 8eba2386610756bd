// Days and instants of the admin API: real calendar dates in 2000–2099, nothing else.
import fc from 'fast-check';
import { daySchema, FIRST_INSTANT, instantSchema, LAST_INSTANT } from './day.schema';

const day = (v: unknown) => daySchema.safeParse(v).success;
const instant = (v: unknown) => instantSchema.safeParse(v);

describe('daySchema', () => {
  it('takes real calendar days of 2000–2099', () => {
    for (const d of ['2000-01-01', '2024-02-29', '2026-12-31', '2099-12-31']) expect({ d, ok: day(d) }).toEqual({ d, ok: true });
  });
  it('refuses impossible dates, other spellings and years outside 2000–2099', () => {
    for (const d of [
      '2026-13-45',
      '2026-02-30',
      '2025-02-29',
      '2026-00-10',
      '2026-1-1',
      '20260101',
      '2026-01-01T00:00:00Z',
      '0001-01-01',
      '1969-12-31',
      '1999-12-31',
      '2100-01-01',
      '9999-12-31',
      '+02026-01-01',
      '',
    ]) {
      expect({ d, ok: day(d) }).toEqual({ d, ok: false });
    }
    expect(daySchema.safeParse('0001-01-01').error?.issues[0]?.message).toMatch(/^须为 YYYY-MM-DD/);
  });
  it('agrees with the calendar on every day of its range (fuzz)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const d = new Date(ms).toISOString().slice(0, 10);
        expect(day(d)).toBe(d >= '2000-01-01' && d <= '2099-12-31');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('instantSchema', () => {
  it('takes ISO 8601 with an offset or unix seconds, as unix seconds', () => {
    expect(instant('2026-09-21T22:13:20+08:00').data).toBe(1_790_000_000);
    expect(instant(1_790_000_000).data).toBe(1_790_000_000);
    expect(instant(FIRST_INSTANT).success).toBe(true);
    expect(instant(LAST_INSTANT).success).toBe(true);
  });
  it('refuses instants outside 2000–2099 (year 0001 used to become negative seconds)', () => {
    for (const v of [
      '0001-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '9999-12-31T00:00:00Z',
      1,
      0,
      -1,
      FIRST_INSTANT - 1,
      LAST_INSTANT + 1,
      1.5,
      '1790000000',
    ]) {
      expect({ v, ok: instant(v).success }).toEqual({ v, ok: false });
    }
  });
});
