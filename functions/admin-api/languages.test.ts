// The admin API answers errors in the operator's language (Accept-Language; zh-CN without it, en on request)
// through the real route table: the same code, status and fields, Content-Language on the answer, and
// concurrent requests in other languages never mixed up.
import { adminCall, adminFakes } from '../../test/support/fakes/admin';

async function world() {
  const f = await adminFakes();
  return { f, call: adminCall(f) };
}

describe('error languages through the admin API', () => {
  it('explains a bad channel body field by field in Chinese by default and in English on request, and stores nothing', async () => {
    const { f, call } = await world();
    const body = { name: 7, staff: [] };
    const zh = await call('POST', '/channels', { body });
    const en = await call('POST', '/channels', { body, language: 'en-US,en;q=0.9' });
    expect([zh.status, zh.headers['content-language'], zh.body.error.code, zh.body.error.message]).toEqual([400, 'zh-CN', 'validation_failed', '渠道无效']);
    expect([en.status, en.headers['content-language'], en.body.error.code, en.body.error.message]).toEqual([400, 'en', 'validation_failed', 'invalid channel']);
    const fields = (r: typeof zh) => (r.body.error.details as { field: string }[]).map((d) => d.field);
    expect(fields(zh)).toEqual(fields(en));
    expect(zh.body.error.details).toContainEqual({ field: 'name', message: '无效输入：期望 string，实际接收 数字' });
    expect(en.body.error.details).toContainEqual({ field: 'name', message: 'Invalid input: expected string, received number' });
    expect(await f.channels.list(f.corpId)).toEqual([]);
  });

  it('answers 401, 404 and 405 in the chosen language with their stable codes', async () => {
    const { call } = await world();
    const noKey = await call('GET', '/channels', { key: 'nope' });
    expect([noKey.status, noKey.body.error]).toEqual([401, { code: 'unauthorized', message: '缺少 API 密钥或密钥无效' }]);
    expect((await call('GET', '/channels', { key: 'nope', language: 'en' })).body.error).toEqual({
      code: 'unauthorized',
      message: 'missing or invalid API key',
    });
    const missing = await call('GET', '/channels/nothing-here', { language: 'zh-CN' });
    expect([missing.status, missing.body.error]).toEqual([404, { code: 'not_found', message: '渠道不存在' }]);
    const wrong = await call('DELETE', '/metrics/settings');
    const wrongEn = await call('DELETE', '/metrics/settings', { language: 'en' });
    expect([wrong.status, wrong.headers['content-language'], wrong.body.error.code]).toEqual([405, 'zh-CN', 'method_not_allowed']);
    expect(wrong.body.error.message).toMatch(/^此路径不支持 DELETE 方法，可用：/);
    expect([wrongEn.status, wrongEn.headers['content-language']]).toEqual([405, 'en']);
    expect(wrongEn.body.error.message).toMatch(/^method DELETE is not allowed here; allowed: /);
  });

  it('keeps each of many concurrent requests in its own language', async () => {
    const { call } = await world();
    const langs = ['en', 'zh-CN', 'en-GB', 'zh', 'en', 'zh-Hans', 'fr', 'en'];
    const answers = await Promise.all(langs.map((language) => call('POST', '/channels', { body: { name: 1 }, language })));
    expect(answers.map((a) => [a.headers['content-language'], a.body.error.message])).toEqual(
      langs.map((l) => (l.startsWith('en') ? ['en', 'invalid channel'] : ['zh-CN', '渠道无效'])),
    );
  });
});
