// The OpenAPI document: valid OpenAPI 3.1 (swagger-parser, offline), one operation per route with its
// parameters, body, responses and permission, and complete: no route without a body schema (writes) or
// with an untyped (`shape<T>()`) response. A self-test on a two-route table shows the check names a bad route.
import SwaggerParser from '@apidevtools/swagger-parser';
import * as z from 'zod';
import { ROUTES } from '../routes';
import { json, route, shape } from '../route';
import { openApiDocument, untypedRoutes, type DocumentedRoute, type OpenApiDocument } from './document';

const validate = async (doc: OpenApiDocument) => SwaggerParser.validate(structuredClone(doc) as never);

describe('OpenAPI document of the route table', () => {
  const doc = openApiDocument(ROUTES, 'https://siyu.example.com');

  it('is valid OpenAPI 3.1', async () => {
    await expect(validate(doc)).resolves.toBeDefined();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://siyu.example.com' }]);
  });

  it('has one operation per route, each with id, Chinese-first summary, tag, permission and the error shape', () => {
    const ops = ROUTES.map((r) => doc.paths[r.path][r.method.toLowerCase()]);
    expect(ops.every(Boolean)).toBe(true);
    const ids = ops.map((o) => o.operationId as string);
    expect(new Set(ids).size).toBe(ROUTES.length);
    for (const [i, o] of ops.entries()) {
      expect(o.summary).toMatch(/^[^·]*[\u4e00-\u9fff][^·]* · /);
      expect(o['x-permission']).toBe(ROUTES[i]!.permission);
      expect(o.description).toContain(ROUTES[i]!.permission);
      expect(o.tags).toHaveLength(1);
      expect(o.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
    expect(doc.components.securitySchemes.cookieAuth).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'siyu_session' }));
  });

  it('declares path and query parameters, and text/csv for exports', () => {
    const get = doc.paths['/admin/v1/tenants/{corpId}/customers/{externalUserId}'].get;
    expect(get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual(['path:corpId', 'path:externalUserId']);
    const list = doc.paths['/admin/v1/tenants/{corpId}/customers'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain('format');
    expect(Object.keys(list.responses['200'].content)).toEqual(['application/json', 'text/csv']);
    const channels = doc.paths['/admin/v1/tenants/{corpId}/channels'].post;
    expect(channels.requestBody.content['application/json'].schema.type).toBe('object');
    expect(Object.keys(channels.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '429']));
  });

  // Fails until every route's response is a real zod schema (the other helpers of issue #13 part 1).
  it('describes every route: a body schema for writes, a typed response', () => {
    expect(untypedRoutes(ROUTES)).toEqual([]);
  });
});

describe('the completeness check (self-test)', () => {
  const good = route({
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/channels',
    permission: 'channels:write',
    scope: 'tenant',
    body: z.object({ name: z.string() }),
    response: z.object({ id: z.string() }),
    run: async () => json({ id: 'c1' }),
  });
  const untyped = route({
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    response: shape<{ id: string }>(),
    run: async () => json({ id: 'c1' }),
  });
  const table = [good, untyped] as unknown as DocumentedRoute[];

  it('passes a described route and names an untyped one (no body, shape<T>() response)', () => {
    expect(untypedRoutes([good as unknown as DocumentedRoute])).toEqual([]);
    expect(untypedRoutes(table)).toEqual([
      'PATCH /admin/v1/tenants/{corpId}/channels/{id} (patchChannelsById): no request body schema',
      'PATCH /admin/v1/tenants/{corpId}/channels/{id} (patchChannelsById): untyped response schema (shape<T>() or any)',
    ]);
  });

  it('writes the response of a typed route in output mode, closed to extra fields', async () => {
    const doc = openApiDocument(table);
    await expect(validate(doc)).resolves.toBeDefined();
    expect(doc.paths['/admin/v1/tenants/{corpId}/channels'].post.responses['201'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
      additionalProperties: false,
    });
  });
});
