// Choosing the answer's language from Accept-Language: Chinese tags → zh-CN, English → en, default zh-CN.
import { negotiateLanguage } from './language';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR', 'zh-CN'],
    ['*', 'zh-CN'],
    ['fr, en;q=0.5', 'en'],
  ])('%p → %s', (header, lang) => {
    expect(negotiateLanguage(header)).toBe(lang);
  });

  it('orders by q-value, then by position', () => {
    expect(negotiateLanguage('zh-CN;q=0.4, en;q=0.8')).toBe('en');
    expect(negotiateLanguage('en;q=0.4, zh;q=0.8')).toBe('zh-CN');
    expect(negotiateLanguage('en, zh-CN')).toBe('en');
    expect(negotiateLanguage('zh-CN, en')).toBe('zh-CN');
    expect(negotiateLanguage('en;q=0.9, zh;Q=0.9')).toBe('en');
  });

  it('skips refused (q=0) and malformed choices', () => {
    expect(negotiateLanguage('en;q=0, zh;q=0.1')).toBe('zh-CN');
    expect(negotiateLanguage('zh;q=0, en;q=0.1')).toBe('en');
    expect(negotiateLanguage('en;q=abc')).toBe('zh-CN');
    expect(negotiateLanguage('en;q=2')).toBe('zh-CN');
    expect(negotiateLanguage(' , ;q=1, en ; q=0.5 ')).toBe('en');
  });
});
