// Keyword rules through the admin use cases, on the in-memory store: patterns are checked for the
// linear-time engine at write time.
import { ValidationError } from '../../shared/errors';
import type { KeywordRuleRecord } from '../../shared/keywords/keyword-rule';
import { InMemoryKeywordRuleStore } from '../../test/support/fakes';
import { invokeJson } from './dispatch';
import { keywordRuleRoutes } from './routes/keyword-rules';

/** The use cases through their routes (the body parsed as the API parses it). */
const createKeywordRule = (deps: Parameters<typeof keywordRuleRoutes.create.run>[0], corpId: string, body: unknown) =>
  invokeJson(keywordRuleRoutes.create, deps, corpId, { body });
const updateKeywordRule = (deps: Parameters<typeof keywordRuleRoutes.update.run>[0], corpId: string, id: string, body: unknown) =>
  invokeJson(keywordRuleRoutes.update, deps, corpId, { params: { id }, body });

const corpId = 'wwkeywordunit01';
const setUp = () => {
  const keywordRules = new InMemoryKeywordRuleStore();
  return { keywordRules, deps: { keywordRules, clock: { now: () => Date.parse('2026-11-23T08:00:00Z') } } };
};
const refusal = (field: string, reason: RegExp) => ({
  code: 'validation_failed',
  httpStatus: 400,
  details: [{ field, message: expect.stringMatching(reason) }],
});

describe('keyword rule patterns at write time', () => {
  it('refuses a regex RE2 cannot run with a 400 naming the keyword and why, and stores nothing', async () => {
    // Given an empty rule set
    const { keywordRules, deps } = setUp();
    // When rules with a backreference or lookaround are created
    const backref = createKeywordRule(deps, corpId, { keywords: ['价格', '(a)\\1'], match: 'regex', reply: { text: 'x' } });
    const lookahead = createKeywordRule(deps, corpId, { keywords: ['价格(?!表)'], match: 'regex', reply: { text: 'x' } });
    // Then each is a validation error on the keyword, Chinese first, and nothing is written
    await expect(backref).rejects.toBeInstanceOf(ValidationError);
    await expect(backref).rejects.toMatchObject(refusal('keywords.1', /^正则表达式无法编译（不支持反向引用）: /));
    await expect(lookahead).rejects.toMatchObject(refusal('keywords.0', /^正则表达式无法编译（不支持环视）: /));
    expect(await keywordRules.version(corpId)).toBe(0);
    expect(await keywordRules.list(corpId)).toEqual([]);
  });

  it('accepts what RE2 runs in linear time, the classic catastrophic patterns included', async () => {
    const { deps } = setUp();
    const created = await createKeywordRule(deps, corpId, {
      keywords: ['(a+)+$', '^(\\w+\\s?)*$', '[\\u4e00-\\u9fa5]{2}'],
      match: 'regex',
      reply: { text: 'x' },
    });
    expect(created).toMatchObject({ match: 'regex', keywords: ['(a+)+$', '^(\\w+\\s?)*$', '[\\u4e00-\\u9fa5]{2}'] });
  });

  it('checks a PATCH that changes the keywords or how they match, and changes nothing when it fails', async () => {
    // Given a regex rule and a contains rule whose keyword would not compile as a regex
    const { keywordRules, deps } = setUp();
    const regex = await createKeywordRule(deps, corpId, { keywords: ['^订单\\d+$'], match: 'regex', reply: { text: 'x' } });
    const contains = await createKeywordRule(deps, corpId, { keywords: ['a(?=b)'], reply: { text: 'x' } });
    const v0 = await keywordRules.version(corpId);
    // When the keywords change to lookbehind, or the contains rule switches to regex
    await expect(updateKeywordRule(deps, corpId, regex.id, { keywords: ['订单', '(?<=大)促'] })).rejects.toMatchObject(
      refusal('keywords.1', /^正则表达式无法编译（不支持环视）: /),
    );
    await expect(updateKeywordRule(deps, corpId, contains.id, { match: 'regex' })).rejects.toMatchObject(
      refusal('keywords.0', /^正则表达式无法编译（不支持环视）: /),
    );
    // Then both rules are as they were
    expect(await keywordRules.version(corpId)).toBe(v0);
    expect((await keywordRules.get(corpId, regex.id))?.keywords).toEqual(['^订单\\d+$']);
    expect((await keywordRules.get(corpId, contains.id))?.match).toBe('contains');
  });

  it('lets a rule stored before the check be disabled or renamed, but not rewritten with a bad pattern', async () => {
    // Given a regex rule stored when lookaround was still accepted
    const { keywordRules, deps } = setUp();
    const at = '2026-01-01T00:00:00.000Z';
    const stored: KeywordRuleRecord = {
      corpId,
      id: 'kwold',
      keywords: ['价格(?!表)'],
      match: 'regex',
      reply: { text: 'x' },
      actions: {},
      scope: 'both',
      enabled: true,
      status: 'active',
      createdAt: at,
      updatedAt: at,
    };
    await keywordRules.put(stored);
    // When it is disabled, then its keywords are PATCHed unchanged
    await expect(updateKeywordRule(deps, corpId, 'kwold', { enabled: false, name: '旧规则' })).resolves.toMatchObject({ enabled: false, name: '旧规则' });
    await expect(updateKeywordRule(deps, corpId, 'kwold', { keywords: ['价格(?!表)'] })).rejects.toMatchObject(refusal('keywords.0', /不支持环视/));
  });
});
