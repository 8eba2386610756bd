// Names and texts of the admin API: the characters they refuse, and fuzzing that nothing else is refused.
import fc from 'fast-check';
import { displayName, safeText } from './text.schema';
import { forbiddenCharacter, isWellFormed } from './text';
import * as z from 'zod';

const text = z.string().superRefine(safeText);
const ok = (schema: z.ZodType, v: string) => schema.safeParse(v).success;

const FORBIDDEN_EVERYWHERE = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ud800',
  '\udfff',
];
const BREAKS = ['\n', '\r', '\t'];
const codeOf = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
const named = (chars: string[]) => chars.map((c) => [codeOf(c), c] as const);

describe('displayName', () => {
  const name = displayName(100);

  it('keeps Chinese, emoji (pairs and ZWJ sequences), punctuation and inner spaces', () => {
    for (const v of ['展会 2026', '👨‍👩‍👧 家庭', 'Acme 私域（华东）', 'a-b_c.d@e', '\u200f右到左标记']) expect({ v, ok: ok(name, v) }).toEqual({ v, ok: true });
    expect(name.parse('  展会  ')).toBe('展会');
  });

  it.each(named([...FORBIDDEN_EVERYWHERE, ...BREAKS, '\u2028', '\u2029']))('refuses %s inside a name, naming the character', (code, c) => {
    const r = name.safeParse(`展会${c}2026`);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain(code);
  });

  it('still refuses empty and overlong names', () => {
    expect(ok(name, '   ')).toBe(false);
    expect(ok(name, 'x'.repeat(101))).toBe(false);
  });
});

describe('texts (safeText)', () => {
  it('keep line breaks and tabs', () => {
    expect(ok(text, '您好 {{name}}\r\n\t欢迎！\n😀')).toBe(true);
  });
  it.each(named(FORBIDDEN_EVERYWHERE))('refuse %s', (_code, c) => {
    expect(ok(text, `您好${c}欢迎`)).toBe(false);
  });
});

describe('fuzzing', () => {
  const forbidden = fc.constantFrom(...FORBIDDEN_EVERYWHERE);
  /** The rule, written out over UTF-16 code units (independently of the regexes). */
  function oracle(s: string, lines: boolean): boolean {
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdbff) {
        const next = s.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
        else return true;
      } else if (u >= 0xdc00 && u <= 0xdfff) return true;
      else if (u < 0x20 && !(lines && (u === 9 || u === 10 || u === 13))) return true;
      else if (u >= 0x7f && u <= 0x9f) return true;
      else if ((u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069)) return true;
      else if ((u === 0x2028 || u === 0x2029) && !lines) return true;
    }
    return false;
  }
  it('refuses exactly the strings holding a forbidden character', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('a', '中', '\n', '\t', '\r', '\u2028', '\ud83d', '\ude00', ...FORBIDDEN_EVERYWHERE) }),
    );
    fc.assert(
      fc.property(unit, (s) => {
        expect(forbiddenCharacter(s, { lines: true }) !== undefined).toBe(oracle(s, true));
        expect(forbiddenCharacter(s, { lines: false }) !== undefined).toBe(oracle(s, false));
        expect(isWellFormed(s)).toBe(Buffer.from(s, 'utf8').toString('utf8') === s);
      }),
      { numRuns: 1000 },
    );
  });
  it('a forbidden character anywhere in a valid name makes it invalid', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => ok(displayName(100), s)),
        fc.nat(),
        forbidden,
        (s, at, c) => {
          const i = at % (s.length + 1);
          expect(ok(displayName(100), `${s.slice(0, i)}${c}${s.slice(i)}x`)).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
