// The dispatcher over a small table of fake routes (no AWS, no Java): 404 and 405 with Allow, OPTIONS,
// params/query/body parsed into the typed input a use case receives, 400 validation_failed naming each
// field before the use case runs, and JSON versus CSV replies.
import * as z from 'zod';
import { sha256Hex } from '../../shared/auth/api-key';
import { ValidationError } from '../../shared/errors';
import { limitParam } from '../../shared/input/params';
import { apiEvent } from '../../test/support/api-events';
import { InMemoryOperationLog } from '../../test/support/fakes/oplog';
import { InMemorySessionStore } from '../../test/support/fakes/sessions';
import { makeDispatcher, type DispatchDeps } from './dispatch';
import { created, csv, idParams, json, route, type Call, type Route } from './route';
import { conversationRoutes } from './routes/conversations';

const SUPER = 'super-secret-for-dispatch';
const CORP = 'wwdispatch000001';
const deps: DispatchDeps = {
  apiKeys: { get: async () => undefined } as unknown as DispatchDeps['apiKeys'],
  superAdminKeyHash: sha256Hex(SUPER),
  clock: { now: () => Date.parse('2026-11-23T08:00:00Z') },
  staffRegistry: { all: async () => [], get: async () => undefined },
  operationLog: new InMemoryOperationLog(),
  sessions: new InMemorySessionStore(),
  sessionKey: undefined,
  tenants: { get: async () => undefined },
};

let calls: Array<Pick<Call, 'params' | 'query' | 'body'>> = [];
const base = `/admin/v1/tenants/{corpId}/things`;
const ROUTES: Route<DispatchDeps>[] = [
  route({
    method: 'GET',
    path: `${base}/{id}`,
    permission: 'channels:read',
    scope: 'tenant',
    params: idParams,
    query: z.object({ limit: limitParam(50), on: z.enum(['yes', 'no']).optional() }),
    response: z.object({ id: z.string(), limit: z.number().nullable() }),
    run: async (_d: DispatchDeps, c) => {
      calls.push(c);
      // Typed input: `limit` is a number here, not the query's string.
      const limit: number | undefined = c.query.limit;
      return json({ id: c.params.id, limit: limit ?? null });
    },
  }),
  route({
    method: 'PATCH',
    path: `${base}/{id}`,
    permission: 'channels:write',
    scope: 'tenant',
    params: idParams,
    body: z.strictObject({ name: z.string().min(1), count: z.number().int().default(1) }),
    invalid: { body: 'invalid thing' },
    response: z.object({ name: z.string(), count: z.number() }),
    run: async (_d: DispatchDeps, c) => {
      calls.push(c);
      return created({ name: c.body.name, count: c.body.count });
    },
  }),
  route({
    method: 'GET',
    path: `${base}/{id}/export`,
    permission: 'channels:read',
    scope: 'tenant',
    params: idParams,
    response: z.never(),
    run: async () => csv('a,b\r\n1,2\r\n'),
  }),
];

const api = makeDispatcher(deps, ROUTES);
const send = (method: string, path: string, o: { body?: unknown; query?: Record<string, string> } = {}) =>
  api(
    apiEvent({
      method,
      path,
      headers: { authorization: `Bearer ${SUPER}` },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
    }),
  );
const path = (id = 'th1', tail = '') => `/admin/v1/tenants/${CORP}/things/${id}${tail}`;

beforeEach(() => {
  calls = [];
});

describe('matching', () => {
  it('answers a wrong method on a known path with 405, an error body and Allow, running nothing', async () => {
    const res = await send('DELETE', path());
    expect(res.statusCode).toBe(405);
    expect(res.headers).toMatchObject({ allow: 'GET, PATCH', 'content-type': 'application/json' });
    expect(JSON.parse(String(res.body))).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining('GET, PATCH') } });
    expect(calls).toEqual([]);
  });

  it('answers OPTIONS on a known path with 204 and Allow (no CORS configuration exists, so no CORS headers)', async () => {
    const res = await api(apiEvent({ method: 'OPTIONS', path: path() }));
    expect(res).toEqual({ statusCode: 204, headers: { allow: 'GET, PATCH, OPTIONS' } });
  });

  it('is a 404 for an unknown path, whatever the method', async () => {
    await expect(send('GET', '/admin/v1/nothing')).rejects.toMatchObject({ httpStatus: 404 });
    await expect(api(apiEvent({ method: 'OPTIONS', path: '/admin/v1/nothing' }))).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('refuses two routes for the same method and path', () => {
    expect(() => makeDispatcher(deps, [ROUTES[0]!, ROUTES[0]!])).toThrow(/two routes for GET/);
  });
});

describe('parsing before the use case', () => {
  it('hands the use case typed params and query (limit as a number, path parameters decoded)', async () => {
    const res = await send('GET', path('a%2Fb'), { query: { limit: '20', other: 'ignored' } });
    expect({ status: res.statusCode, body: JSON.parse(String(res.body)) }).toEqual({ status: 200, body: { id: 'a/b', limit: 20 } });
    expect(calls).toEqual([
      {
        params: { id: 'a/b' },
        query: { limit: 20 },
        body: undefined,
        corpId: CORP,
        principal: expect.objectContaining({ role: 'superadmin' }),
        scope: expect.any(Function),
        lang: 'zh',
      },
    ]);
    // The route's response schema describes what it answered.
    expect(ROUTES[0]!.response.safeParse(JSON.parse(String(res.body))).success).toBe(true);
  });

  it('hands the use case the parsed body, defaults applied', async () => {
    const res = await send('PATCH', path(), { body: { name: '展会' } });
    expect({ status: res.statusCode, body: JSON.parse(String(res.body)) }).toEqual({ status: 201, body: { name: '展会', count: 1 } });
    expect(calls[0]?.body).toEqual({ name: '展会', count: 1 });
  });

  it('refuses a bad query or body with 400 validation_failed naming each field, and runs nothing', async () => {
    const q = send('GET', path(), { query: { limit: '0', on: 'maybe' } });
    await expect(q).rejects.toBeInstanceOf(ValidationError);
    await expect(q).rejects.toMatchObject({
      code: 'validation_failed',
      httpStatus: 400,
      message: 'invalid query',
      details: [{ field: 'limit' }, { field: 'on' }],
    });
    const b = send('PATCH', path(), { body: { name: '', extra: 1 } });
    await expect(b).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'invalid thing',
      details: expect.arrayContaining([expect.objectContaining({ field: 'name' })]),
    });
    await expect(api(apiEvent({ method: 'PATCH', path: path(), headers: { authorization: `Bearer ${SUPER}` }, body: '{not json' }))).rejects.toMatchObject({
      httpStatus: 400,
      message: 'request body is not valid JSON',
    });
    expect(calls).toEqual([]);
  });

  it('authenticates before parsing: no key is a 401 even with a bad query', async () => {
    await expect(api(apiEvent({ method: 'GET', path: path(), query: { limit: 'x' } }))).rejects.toMatchObject({ httpStatus: 401 });
  });
});

describe('replies', () => {
  it('writes a CSV reply as a UTF-8 text/csv attachment: the BOM before the body, a file name of today (Shanghai) in both forms', async () => {
    const res = await send('GET', path('th1', '/export'));
    expect(res).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        // The old call form csv(text) still works: the file is 导出-<day>.csv (ASCII fallback export-<day>.csv).
        'content-disposition': `attachment; filename="export-2026-11-23.csv"; filename*=UTF-8''%E5%AF%BC%E5%87%BA-2026-11-23.csv`,
      },
      body: '\uFEFFa,b\r\n1,2\r\n',
    });
  });

  it('hands the use case the language of Accept-Language (zh unless it starts with en)', async () => {
    for (const [header, lang] of [
      ['en-US,en;q=0.9', 'en'],
      ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
      ['fr', 'zh'],
    ] as const) {
      calls = [];
      await api(apiEvent({ method: 'GET', path: path(), headers: { authorization: `Bearer ${SUPER}`, 'accept-language': header } }));
      expect(calls[0]).toMatchObject({ lang });
    }
  });

  it('a real route answers what its response schema describes (sensitive words)', async () => {
    const words = { get: async () => ({ words: ['回扣'], notify: ['zhangsan'], version: 3 }) };
    const reply = await conversationRoutes.getWords.run({ sensitiveWords: words } as never, { corpId: CORP } as never);
    expect(reply.kind).toBe('json');
    expect(conversationRoutes.getWords.response.parse(reply.body)).toEqual({ words: ['回扣'], notify: ['zhangsan'], version: 3 });
  });
});
