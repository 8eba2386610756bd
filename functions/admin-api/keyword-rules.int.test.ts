// Keyword rules through the admin use cases against DynamoDB Local.
import { ValidationError } from '../../shared/errors';
import { invokeJson } from './dispatch';
import { deleteKeywordRule, listKeywordRules } from './keyword-rules';
import { keywordRuleRoutes } from './routes/keyword-rules';
import { integrationWorld } from '../../test/support/integration-world';

const world = integrationWorld();
const { keywordRules } = world.stores;
const deps = { keywordRules, clock: { now: Date.now } };
/** Creates and PATCHes through the routes (the body parsed as the API parses it). */
const createKeywordRule = (d: typeof deps, corp: string, body: unknown) => invokeJson(keywordRuleRoutes.create, d, corp, { body });
const updateKeywordRule = (d: typeof deps, corp: string, id: string, body: unknown) => invokeJson(keywordRuleRoutes.update, d, corp, { params: { id }, body });
const corpId = 'wwkeywordrules01';
afterAll(() => world.close());

describe('keyword rules', () => {
  it('creates, lists, patches and deletes rules; every write bumps the rule-set version', async () => {
    const v0 = await keywordRules.version(corpId);
    const created = await createKeywordRule(deps, corpId, { keywords: ['价格'], reply: { text: '请看价格表' } });
    expect(created).toMatchObject({ keywords: ['价格'], match: 'contains', scope: 'both', enabled: true, status: 'active', actions: {} });
    const patched = await updateKeywordRule(deps, corpId, created.id, { keywords: ['^价格$'], match: 'regex', scope: 'kf' });
    expect(patched).toMatchObject({ keywords: ['^价格$'], match: 'regex', scope: 'kf', reply: { text: '请看价格表' } });
    expect((await listKeywordRules(deps, corpId)).items.map((r) => r.id)).toEqual([created.id]);
    await deleteKeywordRule(deps, corpId, created.id);
    expect((await listKeywordRules(deps, corpId)).items).toEqual([]);
    expect(await keywordRules.version(corpId)).toBe(v0 + 3);
    // Deleted rules stay stored (what matched a past message stays explainable).
    expect((await keywordRules.get(corpId, created.id))?.status).toBe('deleted');
  });

  it('refuses bad input with the failing field, and changes nothing', async () => {
    const v0 = await keywordRules.version(corpId);
    const bad = [
      { keywords: [], reply: { text: 'x' } },
      { keywords: ['(unclosed'], match: 'regex', reply: { text: 'x' } },
      { keywords: ['价格(?!表)'], match: 'regex', reply: { text: 'x' } }, // lookaround: not RE2
      { keywords: ['价格'] }, // neither a reply nor an action
      { keywords: ['价格'], reply: { text: 'x' }, scope: 'everywhere' },
    ];
    for (const body of bad) await expect(createKeywordRule(deps, corpId, body)).rejects.toBeInstanceOf(ValidationError);
    const rule = await createKeywordRule(deps, corpId, { keywords: ['a+b'], reply: { text: 'x' } });
    await expect(updateKeywordRule(deps, corpId, rule.id, { keywords: ['(a'], match: 'regex' })).rejects.toMatchObject({
      details: [{ field: 'keywords.0', message: expect.stringMatching(/^正则表达式无法编译（语法错误）: missing closing \)/) }],
    });
    expect((await keywordRules.get(corpId, rule.id))?.match).toBe('contains');
    expect(await keywordRules.version(corpId)).toBe(v0 + 1);
  });
});
