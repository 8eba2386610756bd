// Error answers in the request's language: every error kind in zh-CN (default) and en with the same code,
// status and JSON shape, zod details in the chosen language, Content-Language, and no leak of unknown errors.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from 'zod';
import {
  AppError,
  ConflictError,
  DependencyError,
  ForbiddenError,
  InvalidCursorError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  SignatureError,
  UnauthorizedError,
  UnprocessableError,
  ValidationError,
} from '../errors';
import { msg } from '../i18n/messages';
import { parseInput } from '../validation';
import { apiEvent } from '../../test/support/api-events';
import { httpErrorHandler, toHttpError } from './error-handler';

const answer = (e: unknown, lang: 'zh-CN' | 'en') => {
  const r = toHttpError(e, lang);
  return { status: r.statusCode, language: r.headers?.['content-language'], body: JSON.parse(String(r.body)) as { error: Record<string, unknown> } };
};

describe('error answers by language', () => {
  it.each<[string, AppError, string, string]>([
    ['validation', new ValidationError(msg('body_not_json')), '请求体不是有效的 JSON', 'request body is not valid JSON'],
    ['too large', new PayloadTooLargeError(msg('too_large_to_store')), '请求内容过大，无法存储', 'too large to store'],
    ['cursor', new InvalidCursorError(), '分页游标无效', 'invalid cursor'],
    ['signature', new SignatureError(), '签名不匹配', 'signature mismatch'],
    ['unauthorized', new UnauthorizedError(), '缺少 API 密钥或密钥无效', 'missing or invalid API key'],
    [
      'forbidden',
      new ForbiddenError(msg('role_forbidden', { role: 'staff', permission: 'tenants:write' })),
      '角色 staff 无权执行 tenants:write',
      'role staff may not tenants:write',
    ],
    ['not found', new NotFoundError(msg('unknown_channel')), '渠道不存在', 'unknown channel'],
    ['conflict', new ConflictError(msg('sop_plan_changed')), 'SOP 计划已被修改，请重新读取', 'the SOP plan changed meanwhile; read it again'],
    ['unprocessable', new UnprocessableError(msg('unknown_group_chats'), { details: ['c1'] }), '群聊不存在', 'unknown group chats'],
    [
      'rate limited (plain English text)',
      new RateLimitedError('call budget spent', { details: { limit: 2 } }),
      '请求过于频繁：call budget spent',
      'call budget spent',
    ],
  ])('%s: same code, status and details; message in zh-CN by default and in en on request', (_kind, e, zh, en) => {
    const z = answer(e, 'zh-CN');
    const e2 = answer(e, 'en');
    expect(z).toEqual({
      status: e.httpStatus,
      language: 'zh-CN',
      body: { error: { code: e.code, message: zh, ...(e.details === undefined ? {} : { details: e.details }) } },
    });
    expect(e2).toEqual({
      status: e.httpStatus,
      language: 'en',
      body: { error: { code: e.code, message: en, ...(e.details === undefined ? {} : { details: e.details }) } },
    });
    // The English text stays the error's own message (logs).
    expect(e.message).toBe(en);
  });

  it('keeps a text that is already Chinese as it is in both languages', () => {
    const e = new ValidationError('企业微信拒绝了此请求：参数不合法（WeCom refused it）');
    expect(answer(e, 'zh-CN').body.error.message).toBe(e.message);
    expect(answer(e, 'en').body.error.message).toBe(e.message);
  });

  it('hides unknown and internal errors in both languages: no message, no details', () => {
    const secret = new Error('password=hunter2');
    expect(answer(secret, 'zh-CN')).toEqual({ status: 500, language: 'zh-CN', body: { error: { code: 'internal', message: '服务内部错误' } } });
    expect(answer(secret, 'en')).toEqual({ status: 500, language: 'en', body: { error: { code: 'internal', message: 'internal error' } } });
    const down = new DependencyError('WeCom user/get: HTTP 502', { details: { api: 'user/get' } });
    expect(answer(down, 'zh-CN').body).toEqual({ error: { code: 'unavailable', message: '服务暂时不可用，请稍后重试' } });
    expect(answer(down, 'en').body).toEqual({ error: { code: 'unavailable', message: 'temporarily unavailable, retry' } });
  });
});

describe('validation details by language (zod 4 locales per parse)', () => {
  const schema = z.object({ name: z.string(), count: z.number().int().min(1), note: z.string().max(3, 'at most 3 characters') });
  const failure = () => {
    try {
      parseInput(schema, { count: 0, note: 'long!' }, msg('invalid_channel'));
    } catch (e) {
      return e as ValidationError;
    }
    throw new Error('expected a failure');
  };

  it('names each field in Chinese by default and in English on request; a message the schema sets stays as written', () => {
    const e = failure();
    expect(answer(e, 'zh-CN').body.error).toEqual({
      code: 'validation_failed',
      message: '渠道无效',
      details: [
        { field: 'name', message: '无效输入：期望 string，实际接收 undefined' },
        { field: 'count', message: '数值过小：期望 number >=1' },
        { field: 'note', message: 'at most 3 characters' },
      ],
    });
    expect(answer(e, 'en').body.error).toEqual({
      code: 'validation_failed',
      message: 'invalid channel',
      details: [
        { field: 'name', message: 'Invalid input: expected string, received undefined' },
        { field: 'count', message: 'Too small: expected number to be >=1' },
        { field: 'note', message: 'at most 3 characters' },
      ],
    });
  });

  it('does not depend on (or change) the global zod locale', () => {
    z.config(z.locales.de());
    try {
      const e = failure();
      expect(answer(e, 'en').body.error.details).toContainEqual({ field: 'count', message: 'Too small: expected number to be >=1' });
      expect(answer(e, 'zh-CN').body.error.details).toContainEqual({ field: 'count', message: '数值过小：期望 number >=1' });
    } finally {
      z.config(z.locales.en());
    }
  });
});

describe('httpErrorHandler', () => {
  const handler = middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    // Yield first, so concurrent requests interleave inside one container.
    await new Promise((r) => setImmediate(r));
    throw new ValidationError(msg('invalid_channel'), { details: [{ field: 'x', message: event.rawPath }] });
  }).use(httpErrorHandler());
  const call = (language?: string) =>
    handler(
      apiEvent({ method: 'GET', path: '/p', headers: language ? { 'Accept-Language': language } : {} }),
      {} as Context,
    ) as Promise<APIGatewayProxyStructuredResultV2>;

  it('answers in the language of Accept-Language and says so in Content-Language (zh-CN without the header)', async () => {
    const none = await call();
    expect([none.headers?.['content-language'], JSON.parse(String(none.body)).error.message]).toEqual(['zh-CN', '渠道无效']);
    const en = await call('en-US,en;q=0.9');
    expect([en.headers?.['content-language'], JSON.parse(String(en.body)).error.message]).toEqual(['en', 'invalid channel']);
    const zh = await call('zh-Hans;q=0.9, en;q=0.1');
    expect([zh.headers?.['content-language'], JSON.parse(String(zh.body)).error.message]).toEqual(['zh-CN', '渠道无效']);
  });

  it('gives concurrent requests of different languages each their own language', async () => {
    const langs = ['en', 'zh-CN', 'en', 'zh', 'en-GB', 'zh-Hans', 'en', 'zh-CN'];
    const answers = await Promise.all(langs.map((l) => call(l)));
    expect(answers.map((a) => [a.headers?.['content-language'], JSON.parse(String(a.body)).error.message])).toEqual(
      langs.map((l) => (l.startsWith('en') ? ['en', 'invalid channel'] : ['zh-CN', '渠道无效'])),
    );
  });
});
