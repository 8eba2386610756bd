import fc from 'fast-check';
import { requiredLiterals } from './regex-literals';
import { compileTenantRegex, toRe2Syntax } from './tenant-regex';

const literals = (pattern: string) => requiredLiterals(toRe2Syntax(pattern));

describe('requiredLiterals', () => {
  it('finds the literal text a match needs, lower-cased', () => {
    expect(literals('价格')).toEqual(['价格']);
    expect(literals('^订单\\s*\\d{6,}$')).toEqual(['订单']);
    expect(literals('VIP\\d+会员')).toEqual(['vip']);
    expect(literals('(退款|退货)+申请')).toEqual(['申请']); // as long as the alternatives, and one literal
    expect(literals('(退款|退货)+')).toEqual(['退款', '退货']);
    expect(literals('优惠券|折扣')).toEqual(['优惠券', '折扣']);
    expect(literals('(a+)+$')).toEqual(['a']);
    expect(literals('价ab+c')).toEqual(['价ab']); // the repeated b is certain once, what follows is not adjacent
    expect(literals('a{2}价格')).toEqual(['价格']);
    expect(literals('x{,3}')).toEqual(['x{,3}']); // not a repeat in RE2: literal braces
    expect(literals('\\$9\\.9')).toEqual(['$9.9']);
    // Escapes and classes are read to their end: nothing of them leaks into a literal.
    expect(literals('\\x41价格')).toEqual(['价格']);
    expect(literals('\\x{41}1价格')).toEqual(['1价格']);
    expect(literals('\\pN价格')).toEqual(['价格']);
    expect(literals('[\\x41-\\x{5a}]价格')).toEqual(['价格']);
    expect(literals('[]价]格')).toEqual(['格']);
    expect(literals('[[:digit:]]价格')).toEqual(['价格']);
  });

  it('keeps only characters whose case variants all lower-case alike (s also matches ſ)', () => {
    expect(literals('class')).toEqual(['cla']);
    expect(literals('ΣΟΦΙΑ')).toBeUndefined();
    expect(literals('Kelvin')).toEqual(['kelvin']); // K (U+212A) lower-cases to k
  });

  it('claims nothing when a match may lack every literal', () => {
    for (const p of ['a?', 'a*b?', '价格|\\d+', '^(\\w+\\s?)*$', '[价格]+', '(价格)?', '(价格){0,2}', '.', '\\p{Han}+', '(?i)', '\\Q价格\\E', '\\x{4ef7}']) {
      expect({ p, literals: literals(p) }).toEqual({ p, literals: undefined });
    }
  });

  it('never names a literal a match lacks (property, on random patterns and texts)', () => {
    // Patterns from RE2's grammar with its traps: literal braces, `]` first in a class, POSIX classes,
    // escapes of every length, flag groups, quoted text, case-folding characters.
    const literal = fc.constantFrom(
      'a',
      'b',
      's',
      'S',
      'k',
      'K',
      'ß',
      'σ',
      'İ',
      '价',
      '格',
      '1',
      ' ',
      '{',
      '}',
      ']',
      ',',
      '-',
      '\\.',
      '\\{',
      '\\\\',
      '\\x41',
      '\\x{4ef7}',
      '\\Q价.\\E',
    );
    const klass = fc.constantFrom('.', '\\d', '\\w', '\\s', '\\S', '\\pL', '\\p{Han}', '[ab]', '[]a]', '[^]a]', '[[:alpha:]k]', '[\\]s]', '[a-c价]', '[^价]');
    const zeroWidth = fc.constantFrom('^', '$', '\\b', '(?i)', '(?-i)');
    const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,}', '{0,2}', '*?', '+?', '{,2}');
    const { pattern } = fc.letrec((tie) => ({
      atom: fc.oneof({ maxDepth: 2 }, literal, literal, klass, tie('group')),
      piece: fc.oneof(
        fc.tuple(tie('atom') as fc.Arbitrary<string>, quantifier).map(([a, q]) => a + q),
        zeroWidth,
      ),
      seq: fc.array(tie('piece') as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')),
      group: fc
        .tuple(fc.constantFrom('(', '(?:', '(?i:', '(?-i:'), fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }))
        .map(([open, alts]) => `${open}${alts.join('|')})`),
      pattern: fc.array(tie('seq') as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }).map((alts) => alts.join('|')),
    }));
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
      'ß',
      'ẞ',
      'σ',
      'ς',
      'Σ',
      'İ',
      'i',
      '价',
      '格',
      '1',
      ' ',
      '{',
      '}',
      ',',
      ']',
      '.',
      '\\',
      'x',
      '\n',
    );
    // Texts from the pattern's own characters as well, so that matches with literals come up often.
    // Only patterns the prefilter makes a claim about matter here.
    const claimed = (pattern as fc.Arbitrary<string>).filter((p) => compileTenantRegex(p).ok && literals(p) !== undefined);
    const patternAndText = claimed.chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.array(fc.oneof(textChar, { arbitrary: fc.constantFrom(...p), weight: 3 }), { maxLength: 14 }).map((cs) => cs.join('')),
      ),
    );
    let matched = 0;
    fc.assert(
      fc.property(patternAndText, ([p, text]) => {
        const c = compileTenantRegex(p);
        if (!c.ok || !c.re.test(text)) return;
        const need = literals(p)!;
        matched++;
        expect({ p, text, need, found: need.some((l) => text.toLowerCase().includes(l)) }).toEqual({ p, text, need, found: true });
      }),
      { numRuns: 1500 },
    );
    // The property was exercised: many texts matched a pattern with literals.
    expect(matched).toBeGreaterThan(100);
  });
});
