// The catalogue: every message exists in both languages with the same parameters, and renders them.
import { MESSAGES, msg, renderMessage, type MessageId } from './messages';

const paramsOf = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  it('has both languages of each message, non-empty, with the same parameters; the zh-CN text is Chinese', () => {
    for (const id of Object.keys(MESSAGES) as MessageId[]) {
      const { 'zh-CN': zh, en } = MESSAGES[id];
      expect({ id, zh: zh.length > 0, en: en.length > 0 }).toEqual({ id, zh: true, en: true });
      expect({ id, params: paramsOf(zh) }).toEqual({ id, params: paramsOf(en) });
      expect({ id, chinese: /[\u4e00-\u9fff]/.test(zh) }).toEqual({ id, chinese: true });
    }
  });

  it('fills parameters and leaves an unknown one visible', () => {
    const m = msg('method_not_allowed', { method: 'PUT', allow: 'GET, POST' });
    expect(renderMessage(m, 'zh-CN')).toBe('此路径不支持 PUT 方法，可用：GET, POST');
    expect(renderMessage(m, 'en')).toBe('method PUT is not allowed here; allowed: GET, POST');
    expect(renderMessage(msg('role_forbidden', { role: 'staff' }), 'en')).toBe('role staff may not {permission}');
  });
});
