import fc from 'fast-check';
import { compileTenantRegex, toRe2Syntax } from './tenant-regex';

const test = (pattern: string, text: string) => {
  const c = compileTenantRegex(pattern);
  if (!c.ok) throw new Error(c.reason);
  return c.re.test(text);
};
const reason = (pattern: string) => {
  const c = compileTenantRegex(pattern);
  return c.ok ? undefined : c.reason;
};

describe('compileTenantRegex', () => {
  it('matches case-insensitively, Unicode case folding included, anywhere in the text', () => {
    expect(test('vip\\d+', '我是VIP88会员')).toBe(true);
    expect(test('σοφία', 'ΣΟΦΊΑ')).toBe(true);
    expect(test('^订单\\s*\\d{6,}$', '订单 20261123')).toBe(true);
    expect(test('^订单\\s*\\d{6,}$', '我的订单 20261123')).toBe(false);
  });

  it('keeps the JavaScript spellings rules were written in: \\u escapes, \\s with the full-width space, .', () => {
    expect(test('^[\\u4e00-\\u9fa5]{2}$', '价格')).toBe(true);
    expect(test('^[\\u4e00-\\u9fa5]{2}$', 'ab')).toBe(false);
    expect(test('\\u{1F600}', 'hi 😀')).toBe(true);
    expect(test('\\uD83D\\uDE00', 'hi 😀')).toBe(true); // a surrogate pair written as two escapes
    expect(test('^订单\\s*\\d{6,}$', '订单\u300020261123')).toBe(true); // full-width space
    expect(test('^a[\\s,]b$', 'a\u00a0b')).toBe(true);
    expect(test('^a\\Sb$', 'a\u3000b')).toBe(false);
    expect(test('^a[^\\s]b$', 'a\u3000b')).toBe(false);
    expect(test('^a.b$', 'a\u2028b')).toBe(false);
    expect(test('^a.b$', 'a价b')).toBe(true);
    // Escaped backslashes and quoted text are left alone.
    expect(toRe2Syntax('\\\\s\\Q\\s.\\E')).toBe('\\\\s\\Q\\s.\\E');
    expect(toRe2Syntax('[]s.]')).toBe('[]s.]');
  });

  it('refuses backreferences and lookaround, saying why in Chinese first', () => {
    for (const p of ['(a)\\1', '(?<n>a)\\k<n>']) expect(reason(p)).toMatch(/^正则表达式无法编译（不支持反向引用）: .*backreferences/);
    for (const p of ['(?=x)', 'a(?!x)', '(?<=x)y', '(?<!x)y']) expect(reason(p)).toMatch(/^正则表达式无法编译（不支持环视）: .*lookahead and lookbehind/);
    expect(reason('(unclosed')).toBe('正则表达式无法编译（语法错误）: missing closing ): (unclosed');
    expect(reason('a{1001}')).toMatch(/^正则表达式无法编译（语法错误）: invalid repeat count/);
    expect(reason('(a+)+$')).toBeUndefined();
  });

  it('agrees with the JavaScript RegExp (flags iu) it replaces, on patterns both accept (differential)', () => {
    // Texts: ASCII and Chinese, case variants, the folding oddities (ſ, K, ς), spaces JavaScript's \s knows
    // and RE2's does not, and line terminators. \b is left out: RE2's is ASCII, JavaScript's (with iu)
    // also counts ſ and K as word characters.
    const textChar = fc.constantFrom(
      'a',
      'A',
      'b',
      's',
      'S',
      'ſ',
      'k',
      'K',
      '\u212a',
      'ς',
      'Σ',
      '价',
      '格',
      '1',
      '9',
      ' ',
      '\u3000',
      '\u00a0',
      '\t',
      '\n',
      '\r',
      '\u2028',
      '😀',
      '.',
      '-',
    );
    const literal = fc.constantFrom('a', 'B', 's', 'k', 'σ', '价', '格', '1', ' ', '\\.', '\\u4EF7', '\\u{1F600}', '😀');
    const klass = fc.constantFrom(
      '[ab]',
      '[^a]',
      '[a-z]',
      '[^a-z]',
      '[\\s1]',
      '[^\\s]',
      '[\\u4e00-\\u9fa5]',
      '[\\d\\-]',
      '\\d',
      '\\D',
      '\\w',
      '\\W',
      '\\s',
      '\\S',
      '.',
    );
    const quantifier = fc.constantFrom('', '', '*', '+', '?', '{1,2}', '{2}', '+?', '*?');
    const { pattern } = fc.letrec((tie) => ({
      atom: fc.oneof({ maxDepth: 2 }, literal, klass, tie('group')),
      piece: fc.tuple(tie('atom') as fc.Arbitrary<string>, quantifier).map(([a, q]) => a + q),
      seq: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')),
      group: fc
        .tuple(fc.constantFrom('(', '(?:'), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }))
        .map(([open, alts]) => `${open}${alts.join('|')})`),
      pattern: fc.tuple(fc.constantFrom('', '^'), tie('seq') as fc.Arbitrary<string>, fc.constantFrom('', '$')).map(([a, s, z]) => a + s + z),
    }));
    const outcomes = { matched: 0, unmatched: 0 };
    fc.assert(
      fc.property(
        pattern as fc.Arbitrary<string>,
        fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join('')),
        (p, text) => {
          const re2 = test(p, text);
          expect({ p, text, re2 }).toEqual({ p, text, re2: new RegExp(p, 'iu').test(text) });
          outcomes[re2 ? 'matched' : 'unmatched']++;
        },
      ),
      { numRuns: 1000 },
    );
    // Both answers came up many times, so the agreement says something.
    expect(Math.min(outcomes.matched, outcomes.unmatched)).toBeGreaterThan(100);
  });
});
