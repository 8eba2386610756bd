// GET /admin/v1/openapi.json: answered without a key, its server the request's origin; other requests
// reach the admin API untouched.
import { apiEvent } from '../../../test/support/api-events';
import { ROUTES } from '../routes';
import { withOpenApi } from './serve';

const api = jest.fn(async () => ({ statusCode: 401 }));
const served = withOpenApi(api, ROUTES);

describe('GET /admin/v1/openapi.json', () => {
  it('answers the document without authentication, its server the origin', async () => {
    const r = (await served(apiEvent({ method: 'GET', path: '/admin/v1/openapi.json', headers: { host: 'api.siyu.example.com' } }))) as {
      statusCode: number;
      body: string;
    };
    expect(r.statusCode).toBe(200);
    const doc = JSON.parse(r.body);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://api.siyu.example.com' }]);
    const local = (await served(apiEvent({ method: 'GET', path: '/admin/v1/openapi.json', headers: { host: '127.0.0.1:3000' } }))) as { body: string };
    expect(JSON.parse(local.body).servers).toEqual([{ url: 'http://127.0.0.1:3000' }]);
    const forged = (await served(apiEvent({ method: 'GET', path: '/admin/v1/openapi.json', headers: { host: 'evil"/><script>' } }))) as { body: string };
    expect(JSON.parse(forged.body).servers).toEqual([{ url: '/' }]);
    expect(api).not.toHaveBeenCalled();
  });

  it('passes every other request to the admin API', async () => {
    expect(await served(apiEvent({ method: 'POST', path: '/admin/v1/openapi.json' }))).toEqual({ statusCode: 401 });
    expect(await served(apiEvent({ method: 'GET', path: '/admin/v1/tenants/wwcorp/channels' }))).toEqual({ statusCode: 401 });
    expect(api).toHaveBeenCalledTimes(2);
  });
});
