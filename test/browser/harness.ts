// The browser tests' world: DynamoDB Local (test/global-setup.ts), the real admin API handler and the
// console function behind one local HTTP server, a tenant with a few days of metrics, and headless
// Chromium (Debian's chromium-headless-shell) driven by playwright-core.
//
// Login is not part of this slice: the browser carries the super-admin key in a test cookie named like the
// session cookie (siyu_session), which this server turns into a Bearer header, and `GET /auth/me` here
// answers for that key. The login routes (issue 13 part 2) replace both stand-ins when they land.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dailyMetrics, emptyCounters, type DayCounters, type Dimension, type KpiSums } from '../../shared/domain/metrics';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { apiEvent } from '../support/api-events';
import { integrationWorld } from '../support/integration-world';
import { lambdaContext } from '../support/lambda-context';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type Handler = (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

/** A day `YYYY-MM-DD` in Asia/Shanghai, `offset` days from today. */
export const shanghaiDay = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

export interface SeedDay {
  day: string;
  tenant: Partial<DayCounters> & { total: number; kpis?: KpiSums };
  staff: Record<string, Partial<DayCounters> & { kpis?: KpiSums }>;
}

export interface BrowserWorld {
  url: string;
  corpId: string;
  superKey: string;
  /** A fresh page carrying the super key (or, with `key: null`, none). */
  page(o?: { key?: string | null; lang?: string }): Promise<Page>;
  seed(days: SeedDay[]): Promise<void>;
  /** Requests the server saw, `METHOD path` (for checking what the console asked). */
  requests: string[];
  start(): Promise<void>;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function browserWorld(): BrowserWorld {
  const world = integrationWorld({ simulator: true });
  const superKey = `super-${randomUUID()}`;
  let corpId = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let admin: Handler;
  let consoleFn: Handler;
  const requests: string[] = [];

  async function route(req: IncomingMessage): Promise<APIGatewayProxyStructuredResultV2 & { statusCode: number }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    // The test session cookie stands for the login's session cookie: it carries the key as a Bearer header.
    const session = /(?:^|;\s*)siyu_session=([^;]+)/.exec(headers.cookie ?? '')?.[1];
    if (session !== undefined && headers.authorization === undefined) headers.authorization = `Bearer ${decodeURIComponent(session)}`;
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const event = apiEvent({ method, path: url.pathname, headers, ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}) });
    event.rawQueryString = url.search.slice(1);
    const body = await bodyOf(req);
    if (body !== '') event.body = body;
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) {
      return (await consoleFn(event, lambdaContext('console'))) as { statusCode: number };
    }
    if (url.pathname.startsWith('/admin/v1/')) return (await admin(event, lambdaContext('adminApi'))) as { statusCode: number };
    // Stand-in for the login routes (issue 13 part 2) until they land: the super key is the dev super-admin.
    if (url.pathname === '/auth/me') {
      return headers.authorization === `Bearer ${superKey}`
        ? { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ corpId, userid: 'dev-admin', role: 'admin' }) }
        : { statusCode: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'unauthorized', message: '请先登录' } }) };
    }
    if (url.pathname === '/auth/logout') return { statusCode: 204, body: '' };
    return { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'not_found', message: 'no route' } }) };
  }

  const bw: BrowserWorld = {
    get url() {
      const a = server?.address() as AddressInfo | undefined;
      if (!a) throw new Error('browserWorld: call start() first');
      return `http://127.0.0.1:${a.port}`;
    },
    get corpId() {
      return corpId;
    },
    superKey,
    requests,
    async start() {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium-headless-shell fonts-wqy-microhei (.ci/run does)`);
      ensureConsoleBuilt();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
      await world.start();
      corpId = await world.newTenant('wwweb');
      Object.assign(process.env, world.adminEnv(superKey));
      jest.isolateModules(() => {
        admin = jest.requireActual<{ handler: Handler }>('../../functions/admin-api/handler').handler;
        consoleFn = jest.requireActual<{ handler: Handler }>('../../functions/console/handler').handler;
      });
      server = createServer((req, res) => {
        route(req)
          .then((r) => {
            res.writeHead(r.statusCode, (r.headers ?? {}) as Record<string, string>);
            res.end(r.body === undefined ? undefined : Buffer.from(String(r.body), r.isBase64Encoded ? 'base64' : 'utf8'));
          })
          .catch((e: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(String(e));
          });
      });
      await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    },
    async page(o = {}) {
      const context = await browser!.newContext({ acceptDownloads: true, locale: o.lang ?? 'zh-CN', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      const key = o.key === undefined ? superKey : o.key;
      // Not page.setExtraHTTPHeaders: Chromium does not add those to downloads (the CSV export answered 401).
      if (key !== null) await context.addCookies([{ name: 'siyu_session', value: key, url: bw.url, httpOnly: true, sameSite: 'Lax' }]);
      return page;
    },
    async seed(days) {
      for (const d of days) {
        const row = (dimension: Dimension, { kpis, ...c }: Partial<DayCounters> & { kpis?: KpiSums }, total?: number) =>
          dailyMetrics({
            day: d.day,
            dimension,
            counters: { ...emptyCounters(), ...c },
            ...(kpis ? { kpis } : {}),
            ...(total === undefined ? {} : { stock: { customers: total, payers: 0, repeaters: 0 } }),
            cohorts: {},
          });
        const { total, ...tenant } = d.tenant;
        await world.stores.metrics.replaceDay(corpId, d.day, [row('tenant', tenant, total), ...Object.entries(d.staff).map(([u, c]) => row(`staff#${u}`, c))], {
          tenant: { customers: total, payers: 0, repeaters: 0 },
        });
      }
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
      await world.close();
    },
  };
  return bw;
}
