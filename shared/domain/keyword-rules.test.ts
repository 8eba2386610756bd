import { compileRules, type MatchableRule } from './keyword-rules';

const rule = (id: string, keywords: string[], match: MatchableRule['match'] = 'contains', scope: MatchableRule['scope'] = 'both'): MatchableRule => ({ id, keywords, match, scope });

describe('compileRules', () => {
  const rules = [
    rule('price', ['价格', '多少钱']),
    rule('vip', ['VIP']),
    rule('hi', ['你好'], 'exact'),
    rule('order', ['^订单\\s*\\d{6,}$'], 'regex', 'kf'),
    rule('refund', ['退款'], 'contains', 'archive'),
    rule('price-too', ['价格']),
  ];
  const ids = (text: string, scope: 'kf' | 'archive' = 'kf') => compileRules(rules).match(text, scope).map((r) => r.id);

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
});
