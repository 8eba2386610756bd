// The per-container rule-set cache: compiles once per rule-set version, and reports stored regex rules the
// linear-time engine cannot run once per compilation.
import { InMemoryKeywordRuleStore } from '../../test/support/fakes';
import type { KeywordRuleRecord } from './keyword-rule';
import { RuleSetCache } from './rule-cache';

const corpId = 'wwrulecache0001';
const at = '2026-01-01T00:00:00.000Z';
const stored = (id: string, keywords: string[], match: KeywordRuleRecord['match'] = 'regex'): KeywordRuleRecord => ({
  corpId,
  id,
  keywords,
  match,
  reply: { text: id },
  actions: {},
  scope: 'both',
  enabled: true,
  status: 'active',
  createdAt: at,
  updatedAt: at,
});

describe('RuleSetCache', () => {
  it('leaves out a stored rule RE2 cannot compile and warns once per compilation, not per message', async () => {
    // Given rules stored before patterns were checked with RE2
    const store = new InMemoryKeywordRuleStore();
    await store.put(stored('kwahead', ['价格(?!表)']));
    await store.put(stored('kwfine', ['价格']));
    const warnings: Array<{ message: string; fields: Record<string, unknown> }> = [];
    const cache = new RuleSetCache(store, (message, fields) => warnings.push({ message, fields }));
    // When many messages are matched
    for (let i = 0; i < 20; i++) expect((await cache.rulesOf(corpId)).match('价格多少', 'kf').map((r) => r.id)).toEqual(['kwfine']);
    // Then one compilation, one warning naming the rule and why
    expect(cache.compilations).toBe(1);
    expect(warnings).toEqual([
      {
        message: expect.stringContaining('keyword rules skipped'),
        fields: {
          corpId,
          version: 2,
          skipped: [{ ruleId: 'kwahead', keyword: '价格(?!表)', reason: expect.stringMatching(/^正则表达式无法编译（不支持环视）/) }],
        },
      },
    ]);
    // And a new rule-set version compiles (and warns) once more
    await store.put(stored('kwother', ['优惠'], 'contains'));
    expect((await cache.rulesOf(corpId)).match('价格优惠', 'kf').map((r) => r.id)).toEqual(['kwfine', 'kwother']);
    expect((await cache.rulesOf(corpId)).size).toBe(3);
    expect([cache.compilations, warnings.length]).toEqual([2, 2]);
  });

  it('says nothing when every rule compiles', async () => {
    const store = new InMemoryKeywordRuleStore();
    await store.put(stored('kwfine', ['(a+)+$']));
    const warnings: unknown[] = [];
    const cache = new RuleSetCache(store, (...args) => warnings.push(args));
    expect((await cache.rulesOf(corpId)).match(`${'a'.repeat(50)}!`, 'kf')).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
