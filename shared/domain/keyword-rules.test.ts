import fc from 'fast-check';
import { RE2JS } from 're2js';
import { compileRules, type MatchableRule } from './keyword-rules';
import { compileTenantRegex } from './tenant-regex';

const rule = (id: string, keywords: string[], match: MatchableRule['match'] = 'contains', scope: MatchableRule['scope'] = 'both'): MatchableRule => ({
  id,
  keywords,
  match,
  scope,
});

describe('compileRules', () => {
  const rules = [
    rule('price', ['价格', '多少钱']),
    rule('vip', ['VIP']),
    rule('hi', ['你好'], 'exact'),
    rule('order', ['^订单\\s*\\d{6,}$'], 'regex', 'kf'),
    rule('refund', ['退款'], 'contains', 'archive'),
    rule('price-too', ['价格']),
  ];
  const ids = (text: string, scope: 'kf' | 'archive' = 'kf') =>
    compileRules(rules)
      .match(text, scope)
      .map((r) => r.id);

  it('contains: every rule with a keyword in the text, once, in rule order', () => {
    expect(ids('请问这个价格多少钱？价格能优惠吗')).toEqual(['price', 'price-too']);
    expect(ids('我是ｖｉｐ会员')).toEqual(['vip']); // full-width, any case
    expect(ids('没有关键词')).toEqual([]);
  });

  it('exact: the whole trimmed message, normalised', () => {
    expect(ids('  你好 ')).toEqual(['hi']);
    expect(ids('你好呀')).toEqual([]);
  });

  it('regex, and scopes', () => {
    expect(ids('订单 20261123')).toEqual(['order']);
    expect(ids('订单 20261123', 'archive')).toEqual([]);
    expect(ids('我要退款', 'kf')).toEqual([]);
    expect(ids('我要退款', 'archive')).toEqual(['refund']);
  });

  describe('regex rules (tenant-written patterns)', () => {
    const regexRule = (id: string, ...keywords: string[]) => rule(id, keywords, 'regex');

    it('are compiled for RE2, the linear-time engine, and never into a backtracking RegExp', () => {
      // Structural proof that no pattern can backtrack: watch both constructors while rules compile and match.
      const built: string[] = [];
      const NativeRegExp = globalThis.RegExp;
      globalThis.RegExp = new Proxy(NativeRegExp, {
        construct(target, args: [string | RegExp, string?], newTarget) {
          built.push(String(args[0] instanceof NativeRegExp ? args[0].source : args[0]));
          return Reflect.construct(target, args, newTarget) as RegExp;
        },
      });
      const compile = jest.spyOn(RE2JS, 'compile');
      let compiled: string[];
      try {
        const matcher = compileRules([regexRule('redos', '(a+)+$'), regexRule('order', '^订单\\d+$')]);
        expect(matcher.match('aaaa', 'kf').map((r) => r.id)).toEqual(['redos']);
        expect(matcher.match('订单123', 'kf').map((r) => r.id)).toEqual(['order']);
        compiled = compile.mock.calls.map(([pattern]) => pattern);
      } finally {
        globalThis.RegExp = NativeRegExp;
        compile.mockRestore();
      }
      expect(built.filter((source) => source.includes('a+') || source.includes('订单'))).toEqual([]);
      expect(compiled).toEqual(['(a+)+$', '^订单\\d+$']);
    });

    it('answer on the classic catastrophic patterns and hostile messages (which stalled the backtracking engine)', () => {
      const a40 = 'a'.repeat(40);
      const cases: Array<[pattern: string, text: string, matches: boolean]> = [
        ['(a+)+$', `${a40}!`, false],
        ['(a+)+$', a40, true],
        ['(a|aa)+$', `${a40}!`, false],
        ['(a|a?)+b', a40, false],
        ['^(a|a?)+$', `${a40}!`, false],
        ['(.*a){20}', `${'a'.repeat(19)}${'b'.repeat(40)}`, false],
        ['(.*a){20}', 'a'.repeat(20), true],
        ['^(\\w+\\s?)*$', `${'word '.repeat(8)}!`, false],
        ['^(\\w+\\s?)*$', 'hello world', true],
        ['(x+x+)+y', 'x'.repeat(40), false],
        ['(\\d+)*\\d$', `${'1'.repeat(40)}x`, false],
        ['^(([a-z])+.)+[A-Z]([a-z])+$', `${a40}!`, false],
        ['^(([a-z])+.)+[A-Z]([a-z])+$', a40, true], // case-insensitive: [A-Z] takes a lower-case letter
        ['(价+)+$', `${'价'.repeat(40)}？`, false],
      ];
      for (const [pattern, text, matches] of cases) {
        const got = compileRules([regexRule('r', pattern)]).match(text, 'kf').length === 1;
        expect({ pattern, text, matches: got }).toEqual({ pattern, text, matches });
      }
      // And at 10 KB, in one rule set.
      const matcher = compileRules([regexRule('a', '(a+)+$'), regexRule('b', '^(\\w+\\s?)*$'), regexRule('c', '(.*a){20}')]);
      expect(matcher.match(`${'a'.repeat(10_000)}!`, 'kf').map((r) => r.id)).toEqual(['c']);
      expect(matcher.match('a'.repeat(10_000), 'kf').map((r) => r.id)).toEqual(['a', 'b', 'c']);
    });

    it('leave out a stored rule whose pattern RE2 cannot compile, and report it; the others still match', () => {
      const matcher = compileRules([
        regexRule('lookahead', '价格(?!表)'),
        regexRule('backref', '(.)\\1'),
        regexRule('fine', '价格'),
        regexRule('half', '优惠', '(?<=大)促'),
      ]);
      expect(matcher.match('价格多少 优惠吗 aa 大促', 'kf').map((r) => r.id)).toEqual(['fine']);
      expect(matcher.skipped.map((s) => [s.rule.id, s.keyword])).toEqual([
        ['lookahead', '价格(?!表)'],
        ['backref', '(.)\\1'],
        ['half', '(?<=大)促'],
      ]);
      expect(matcher.skipped.map((s) => s.reason)).toEqual([
        expect.stringMatching(/^正则表达式无法编译（不支持环视）/),
        expect.stringMatching(/^正则表达式无法编译（不支持反向引用）/),
        expect.stringMatching(/^正则表达式无法编译（不支持环视）/),
      ]);
    });

    it('a pattern shared by several rules fires all of them', () => {
      const matcher = compileRules([regexRule('one', '价.?格'), rule('two', ['x']), regexRule('three', 'y', '价.?格')]);
      expect(matcher.match('价 格', 'kf').map((r) => r.id)).toEqual(['one', 'three']);
    });

    it('match what running every regex on the message would (the literal prefilter loses nothing)', () => {
      const piece = fc.constantFrom('价', '格', '优惠', 'vip', 'VIP', 's', 'k', '\\d', '\\s', '.', '[ab]', '(价|格)', '(优惠)?', 'a+', '^', '$', '\\b');
      const pattern = fc.array(piece, { minLength: 1, maxLength: 4 }).map((ps) => ps.join(''));
      const textChar = fc.constantFrom('价', '格', '优', '惠', 'v', 'I', 'P', 's', 'ſ', 'k', 'K', 'a', 'b', '1', ' ', '\u3000');
      const ruleSet = fc.array(fc.array(pattern, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 });
      fc.assert(
        fc.property(
          ruleSet,
          fc.array(
            fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join('')),
            { maxLength: 5 },
          ),
          (patterns, texts) => {
            const rules = patterns.map((keywords, i) => regexRule(`r${i}`, ...keywords));
            const matcher = compileRules(rules);
            for (const text of texts) {
              const everyRegex = rules.filter((r) =>
                r.keywords.some((k) => compileTenantRegex(k).ok && (compileTenantRegex(k) as { re: RE2JS }).re.test(text)),
              );
              expect({ text, ids: matcher.match(text, 'kf').map((r) => r.id) }).toEqual({ text, ids: everyRegex.map((r) => r.id) });
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
