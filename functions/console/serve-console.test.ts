// The console's file serving: content types, caching, the SPA fallback, 404s, and no way out of the
// build folder — on an in-memory build and on a real folder with a secret file beside it.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { consolePath, serveConsole, type ConsoleFiles } from './serve-console';

const INDEX = '<!doctype html><title>思域</title><div id="app"></div>';
const build: Record<string, Buffer> = {
  'index.html': Buffer.from(INDEX),
  'assets/index-B1c2D3e4.js': Buffer.from('console.log(1)'),
  'assets/index-Zz9_-xY1.css': Buffer.from('body{}'),
  'assets/logo-AbCdEf12.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]),
  'favicon.svg': Buffer.from('<svg/>'),
};
const memory: ConsoleFiles = { read: async (rel) => build[rel] };

describe('serveConsole', () => {
  it('serves hashed assets with their content type and a year-long immutable cache', async () => {
    const js = await serveConsole(memory, '/console/assets/index-B1c2D3e4.js');
    expect(js).toMatchObject({ statusCode: 200, body: 'console.log(1)' });
    expect(js.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
    const css = await serveConsole(memory, '/console/assets/index-Zz9_-xY1.css');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('sends binary files base64-encoded, byte for byte', async () => {
    const png = await serveConsole(memory, '/console/assets/logo-AbCdEf12.png');
    expect(png).toMatchObject({ statusCode: 200, isBase64Encoded: true });
    expect(png.headers['content-type']).toBe('image/png');
    expect(Buffer.from(String(png.body), 'base64')).toEqual(build['assets/logo-AbCdEf12.png']);
  });

  it('revalidates files without a hash', async () => {
    const svg = await serveConsole(memory, '/console/favicon.svg');
    expect(svg.headers).toMatchObject({ 'content-type': 'image/svg+xml', 'cache-control': 'no-cache' });
  });

  it.each(['/console', '/console/', '/console/dashboard', '/console/customers/wm123/timeline', '/console/settings/'])(
    'answers the app route %s with index.html, never cached, with a CSP',
    async (path) => {
      const r = await serveConsole(memory, path);
      expect(r).toMatchObject({ statusCode: 200, body: INDEX });
      expect(r.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    },
  );

  it("lets the page show WeCom's images (the QR codes of channels and group codes), and no other host's", async () => {
    const csp = (await serveConsole(memory, '/console/channels')).headers['content-security-policy'] ?? '';
    const imgSrc =
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('img-src')) ?? '';
    expect(imgSrc.split(' ')).toEqual(expect.arrayContaining(['https://wework.qpic.cn', 'https://p.qpic.cn']));
    expect(imgSrc).not.toMatch(/\shttps:(\s|$)|\*/);
    expect(csp).toContain("default-src 'self'");
  });

  it('answers 404 (JSON error, no index.html) for a missing asset', async () => {
    for (const path of ['/console/assets/gone-AAAAAAAA.js', '/console/robots.txt', '/console/index.htm']) {
      const r = await serveConsole(memory, path);
      expect(r.statusCode).toBe(404);
      expect(JSON.parse(String(r.body))).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('says the console is not built when index.html is missing', async () => {
    const r = await serveConsole({ read: async () => undefined }, '/console/');
    expect(r.statusCode).toBe(404);
    expect(String(r.body)).toContain('npm run build');
  });
});

describe('no path traversal', () => {
  const ATTEMPTS = [
    '/console/../package.json',
    '/console/assets/../../secret.txt',
    '/console/%2e%2e/secret.txt',
    '/console/%2E%2E/%2E%2E/secret.txt',
    '/console/assets/..%2f..%2fsecret.txt',
    '/console/..%5csecret.txt',
    '/console/%00index.html',
    '/console/.env',
    '/console/%zz.js',
    '/consolex/secret.txt',
    '/secret.txt',
  ];

  it.each(ATTEMPTS)('names no file outside the build for %s', (path) => {
    const rel = consolePath(path);
    if (rel !== undefined) expect(resolve('/build', rel).startsWith('/build/') || rel === '').toBe(true);
    expect(rel === undefined || !rel.includes('..')).toBe(true);
  });

  // A real folder: dist/ holds the build, a secret sits next to it; no request path reaches the secret.
  const root = mkdtempSync(join(tmpdir(), 'console-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, '.env'), 'SECRET=dotfile');
  writeFileSync(join(root, 'secret.txt'), 'SECRET=outside');
  const disk: ConsoleFiles = { read: (rel) => readFile(join(dist, rel)).catch(() => undefined) };

  it.each(ATTEMPTS)('never serves a file outside the build folder (or a dotfile) for %s', async (path) => {
    const r = await serveConsole(disk, path);
    expect(String(r.body)).not.toContain('SECRET');
    expect([200, 404]).toContain(r.statusCode);
  });

  it('refuses a dot-dot path to the secret with 404, while the same file inside is served', async () => {
    writeFileSync(join(dist, 'secret.txt'), 'inside');
    expect((await serveConsole(disk, '/console/secret.txt')).body).toBe('inside');
    expect((await serveConsole(disk, '/console/assets/../../secret.txt')).statusCode).toBe(404);
  });
});

describe('serveConsole: the sidebar page', () => {
  const SIDEBAR = '<!doctype html><title>侧边栏</title><div id="sidebar"></div>';
  const files: ConsoleFiles = { read: async (rel) => ({ ...build, 'sidebar.html': Buffer.from(SIDEBAR) })[rel] };

  it.each(['/sidebar', '/sidebar/', '/sidebar/customer', '/sidebar/?corpId=ww1'.split('?')[0]!])('answers sidebar.html for %s, uncached', async (path) => {
    const r = await serveConsole(files, path, ['http://127.0.0.1:9999']);
    expect(r.statusCode).toBe(200);
    expect(r.body).toBe(SIDEBAR);
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it("lets only this origin and the JS-SDK's origins run scripts", async () => {
    const csp = (await serveConsole(files, '/sidebar/', ['https://res.wx.qq.com', 'https://open.work.weixin.qq.com'])).headers['content-security-policy'];
    expect(csp).toContain("script-src 'self' https://res.wx.qq.com https://open.work.weixin.qq.com;");
    expect(csp).toContain("connect-src 'self' https://res.wx.qq.com https://open.work.weixin.qq.com;");
    expect(csp).toContain("object-src 'none'");
    // The console's own page keeps its stricter policy.
    expect((await serveConsole(files, '/console/')).headers['content-security-policy']).not.toContain('res.wx.qq.com');
  });

  it('does not answer for its API, for files, or outside the build folder', async () => {
    for (const path of ['/sidebar/v1/me', '/sidebar/v1', '/sidebar/app.js', '/sidebar/../package.json', '/sidebarx']) {
      const r = await serveConsole(files, path);
      expect(r.body).not.toBe(SIDEBAR);
    }
  });

  it('says the page is not built when sidebar.html is missing', async () => {
    const r = await serveConsole(memory, '/sidebar/');
    expect(r.statusCode).toBe(404);
    expect(String(r.body)).toContain('npm run build');
  });
});
