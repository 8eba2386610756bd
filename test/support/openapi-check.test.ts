// The response check of the contract test (self-test): an answer that drifts from its route's declared
// response schema (a missing field, a wrong type, an extra field, an undeclared status) is reported.
import * as z from 'zod';
import { openApiDocument, type DocumentedRoute } from '../../functions/admin-api/openapi/document';
import { json, route } from '../../functions/admin-api/route';
import { responseChecker } from './openapi-check';

const channel = route({
  method: 'GET',
  path: '/admin/v1/tenants/{corpId}/channels/{id}',
  permission: 'channels:read',
  scope: 'tenant',
  params: z.object({ id: z.string() }),
  response: z.object({ id: z.string(), name: z.string(), staff: z.array(z.string()), createdAt: z.iso.datetime(), remark: z.string().nullable() }),
  run: async () => json({ id: 'c1', name: '门店', staff: [], createdAt: '2026-11-23T00:00:00.000Z', remark: null }),
});
const check = responseChecker(openApiDocument([channel as unknown as DocumentedRoute]));
const good = { id: 'c1', name: '门店', staff: ['zhangsan'], createdAt: '2026-11-23T00:00:00.000Z', remark: null };
const run = (body: unknown, status = 200, type = 'application/json') => check('GET', channel.path, status, type, JSON.stringify(body));

describe('responseChecker', () => {
  it('accepts an answer that matches the declared schema', () => {
    expect(run(good)).toEqual([]);
  });

  it('reports a missing field, a wrong type, an undeclared extra field and a bad format', () => {
    const { name: _n, ...missing } = good;
    expect(run(missing).join('\n')).toMatch(/must have required property 'name'/);
    expect(run({ ...good, staff: 'zhangsan' }).join('\n')).toMatch(/\/staff must be array/);
    expect(run({ ...good, secret: 'x' }).join('\n')).toMatch(/must NOT have additional properties.*secret/);
    expect(run({ ...good, createdAt: 'yesterday' }).join('\n')).toMatch(/\/createdAt must match format/);
  });

  it('reports an undeclared status, content type or operation', () => {
    expect(run(good, 201)).toEqual([expect.stringMatching(/status 201 is not declared/)]);
    expect(run(good, 200, 'text/csv')).toEqual([expect.stringMatching(/text\/csv is not declared/)]);
    expect(check('DELETE', channel.path, 200, 'application/json', '{}')).toEqual([expect.stringMatching(/not in the document/)]);
  });
});
