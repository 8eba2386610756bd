// The docs page: HTML with a Chinese-first title that loads swagger-ui from our own /docs/assets/ (no CDN),
// the assets gzipped when accepted (well under Lambda's 6 MB), and a 404 for anything else.
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { apiEvent } from '../../test/support/api-events';
import { staticFiles } from '../../shared/http/static-files';
import { DOCS_ASSETS, makeDocs } from './docs-page';

const dir = join(__dirname, '../../node_modules/swagger-ui-dist');
const docs = makeDocs(staticFiles(dir, DOCS_ASSETS));
const get = (path: string, headers: Record<string, string> = {}) => docs(apiEvent({ method: 'GET', path, headers }));

describe('GET /docs', () => {
  it('answers an HTML page titled in Chinese first, loading only our own assets and the document', async () => {
    const r = await get('/docs');
    expect(r.statusCode).toBe(200);
    expect(r.headers?.['content-type']).toMatch(/^text\/html/);
    const html = r.body!;
    expect(html).toMatch(/<title>Siyu 管理 API 文档/);
    expect(html).toContain('"/admin/v1/openapi.json"');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u).toMatch(/^\/docs\/assets\//);
    expect((await get('/docs/')).statusCode).toBe(200);
  });

  it('serves the swagger-ui script gzipped (under 6 MB) and plain, and its style', async () => {
    const gz = await get('/docs/assets/swagger-ui-bundle.js', { 'Accept-Encoding': 'gzip, br' });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers).toEqual(expect.objectContaining({ 'content-encoding': 'gzip', 'content-type': 'text/javascript; charset=utf-8' }));
    expect(gz.body!.length).toBeLessThan(6 * 1024 * 1024);
    const plain = await get('/docs/assets/swagger-ui-bundle.js');
    expect(plain.headers?.['content-encoding']).toBeUndefined();
    expect(gunzipSync(Buffer.from(gz.body!, 'base64')).equals(Buffer.from(plain.body!, 'base64'))).toBe(true);
    expect(Buffer.from(plain.body!, 'base64').toString('utf8')).toContain('SwaggerUIBundle');
    expect((await get('/docs/assets/swagger-ui.css')).headers?.['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for a file it does not serve (no path traversal)', async () => {
    for (const p of ['/docs/assets/package.json', '/docs/assets/..%2F..%2Fpackage.json', '/docs/other']) expect((await get(p)).statusCode).toBe(404);
  });
});
