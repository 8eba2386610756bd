// The API docs page (/docs) in a real browser: the self-hosted swagger-ui renders the OpenAPI document the
// admin API serves — every operation of the document is listed, with the Chinese-first title — and the page
// fetched nothing from another origin (no CDN).
import { browserWorld } from './harness';

const bw = browserWorld();

beforeAll(() => bw.start(), 120_000);
afterAll(() => bw.close());

describe('/docs in a real browser', () => {
  it('renders every operation of the OpenAPI document from our own origin', async () => {
    const p = await bw.page({ login: false });
    const origins = new Set<string>();
    p.on('request', (r) => void origins.add(new URL(r.url()).origin));
    await p.goto(`${bw.url}/docs`);
    const doc = (await p.evaluate(async () => (await fetch('/admin/v1/openapi.json')).json())) as {
      info: { title: string };
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    await p.locator('.opblock').first().waitFor();
    expect(await p.locator('.opblock').count()).toBe(operations);
    expect(await p.title()).toContain('管理 API 文档');
    expect(await p.locator('.info .title').innerText()).toContain(doc.info.title);
    expect([...origins]).toEqual([bw.url]);
  }, 60_000);
});
