// The page-cursor codec: round trips, the malformed cursors that used to reach DynamoDB (and answered 500),
// and fuzzing per list — a cursor either decodes to exactly its list's position or is an InvalidCursorError.
import fc from 'fast-check';
import { InvalidCursorError } from '../errors';
import { cursorOutsideQuery, decodeCursor, encodeCursor, eventsStart, MAX_CURSOR_CHARS, PAGE_POSITIONS, type PageList } from './cursor';

const enc = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
const hex = 'a'.repeat(64);
const at = 1_790_000_000; // 2026-09-21 (Shanghai)
const LISTS = Object.keys(PAGE_POSITIONS) as PageList[];

const samples: { [L in PageList]: Array<Parameters<typeof encodeCursor<L>>[1]> } = {
  events: [{ day: '2026-09-21', sk: `${at}#${hex}` }],
  audit: [{ sk: `${at}#${hex}` }],
  archive: [{ day: '2026-09-21' }, { day: '2026-09-21', sk: `${at}000#msg-1` }, { sk: `${at}000#消息1` }],
  rfm: [{ a: 'wmCustomer01' }],
  customers: [{ a: 'wmCustomer01' }],
  staff: [{ a: 'zhang.san@x' }],
  moments: [{ a: '0mfx3k2a1b2c3d4e5f6' }],
  transfers: [{ a: '0mfx3k2a1b2c3d4e5f6' }],
  sopRuns: [{ a: 'wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA' }],
  broadcasts: [{ a: 'mi4x2k9z0a1b2c3d4e5f6' }],
  materials: [{ a: 'mat0123456789ab' }],
  operationLog: [{ sk: `E#${at}000#0000000042` }],
};

/** Decodes, and reports how: the position, or 'invalid' for an InvalidCursorError (anything else throws). */
function outcome(list: PageList, cursor: string): unknown {
  try {
    return decodeCursor(list, cursor);
  } catch (e) {
    if (e instanceof InvalidCursorError) return 'invalid';
    throw e;
  }
}

describe('page cursors', () => {
  it.each(LISTS)('%s: every position it hands out decodes to itself', (list) => {
    for (const p of samples[list]) expect(decodeCursor(list, encodeCursor(list, p as never))).toEqual(p);
  });

  it('refuses, as invalid_cursor (400), the tampered cursors that used to answer 500', () => {
    const cases: Array<[PageList, unknown]> = [
      ['events', { day: '2026-09-21', sk: 'zzz' }],
      ['events', { day: '2026-09-21', sk: 5 }],
      ['events', { day: '2026-09-21', sk: `${at}#${hex}`, extra: 1 }],
      ['audit', {}],
      ['audit', { pk: 'T#wwcorp#AUDIT' }],
      ['audit', { pk: 'T#wwcorp#AUDIT', sk: `${at}#${hex}` }],
      ['audit', { sk: 5 }],
      ['archive', { day: '2026-09-21', key: {} }],
      ['archive', { day: '2026-09-21', key: { pk: 'T#other#ARCHDAY#2026-09-21', sk: 'x' } }],
      ['archive', {}],
      ['rfm', {}],
      ['rfm', { pk: 'T#other#CUST#x', sk: 'ORDERS', gsi1pk: 'T#other#RFM#A', gsi1sk: 'x' }],
      ['rfm', []],
      ['customers', { a: '' }],
      ['customers', { a: 'x', b: 1 }],
      ['staff', { a: 'x'.repeat(1400) }],
      ['moments', { a: '\ud800' }],
      ['sopRuns', { a: null }],
    ];
    for (const [list, v] of cases) expect({ list, v, out: outcome(list, enc(v)) }).toEqual({ list, v, out: 'invalid' });
    const error = (() => {
      try {
        decodeCursor('audit', enc({}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'invalid_cursor', httpStatus: 400 });
    expect([(error as InvalidCursorError).messageIn('zh-CN'), (error as InvalidCursorError).messageIn('en')]).toEqual(['分页游标无效', 'invalid cursor']);
  });

  it('refuses what is not canonical base64url of UTF-8 JSON, and overlong cursors', () => {
    const good = encodeCursor('rfm', { a: 'wm1' });
    for (const c of [
      '',
      '!!!!',
      `${good}=`,
      `${good}x`,
      good.slice(0, -1),
      Buffer.from([0xff, 0xfe]).toString('base64url'),
      enc('x').slice(0, 3),
      'bm90LWEtY3Vyc29y',
    ]) {
      expect({ c, out: outcome('rfm', c) }).toEqual({ c, out: 'invalid' });
    }
    expect(outcome('rfm', enc({ a: 'x'.repeat(150) }) + 'A'.repeat(MAX_CURSOR_CHARS))).toBe('invalid');
  });

  it.each(LISTS)('%s: arbitrary strings and arbitrary JSON decode to exactly its position, or are invalid_cursor', (list) => {
    const schema = PAGE_POSITIONS[list];
    const keysOf = (v: object) => Object.keys(v).sort();
    // Near misses: the keys cursors use, with any JSON (or a plausible string) as values, any subset.
    const value = fc.oneof(fc.jsonValue(), fc.string(), fc.constantFrom(`${at}#${hex}`, '2026-09-21', `${at}000#m`, 'wm1', `T#other#AUDIT`));
    const nearMiss = fc.record({ day: value, sk: value, a: value, pk: value, key: value, gsi1pk: value }, { requiredKeys: [] });
    const cursor = fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[A-Za-z0-9_-]{0,400}$/), fc.jsonValue().map(enc), nearMiss.map(enc));
    fc.assert(
      fc.property(cursor, (c) => {
        const out = outcome(list, c);
        if (out === 'invalid') return;
        // Decoded: it is exactly a position of this list, with no key the schema does not declare.
        expect(schema.safeParse(out).success).toBe(true);
        expect(keysOf(out as object)).toEqual(keysOf(JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as object));
      }),
      { numRuns: 400 },
    );
  });
});

describe('eventsStart', () => {
  const sk = `${at}#${hex}`;
  it('continues inside the range, on the day of the sort key', () => {
    expect(eventsStart(undefined, at - 10, at + 10)).toBeUndefined();
    expect(eventsStart(enc({ day: '2026-09-21', sk }), at - 10, at + 10)).toEqual({ day: '2026-09-21', sk });
  });
  it('refuses a position of another range or day', () => {
    for (const [c, from, to] of [
      [enc({ day: '2026-09-21', sk }), at + 1, at + 10],
      [enc({ day: '2026-09-21', sk }), at - 10, at - 1],
      [enc({ day: '2026-09-20', sk }), at - 10, at + 10],
    ] as const) {
      expect(() => eventsStart(c, from, to)).toThrow(cursorOutsideQuery());
    }
  });
});
