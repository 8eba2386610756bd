// The browser tests' world: DynamoDB Local (test/global-setup.ts), the real admin API, auth, docs and
// console functions behind one local HTTP server, a tenant with a few days of metrics, and headless
// Chromium (Debian's chromium-headless-shell) driven by playwright-core.
//
// The login routes are the real auth function (functions/auth) with the dev one-time login enabled: a page
// signs in as the local stack's dev super-admin does, by opening `/auth/dev-login?token=…`; the WeCom login
// pages are the simulator's.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { dailyMetrics, emptyCounters, type DayCounters, type Dimension, type KpiSums } from '../../shared/domain/metrics';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { mintDevLoginToken } from '../../functions/auth/auth-api';
import { systemClock } from '../../shared/clock';
import { DEMO_DEPARTMENTS, DEMO_STAFF } from '../../simulator/demo-tenant';
import type { SimCustomer } from '../../simulator/model';
import { applyContactChange } from '../../functions/relationship/apply-contact-change';
import { messageFor, queueMessage } from '../support/queue-messages';
import { apiEvent } from '../support/api-events';
import { integrationWorld, type IntegrationWorld } from '../support/integration-world';
import { lambdaContext } from '../support/lambda-context';

const AGENT_ID = '1000002';

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
  /** A fresh page signed in with the dev login link (or, with `login: false`, not signed in). */
  page(o?: { login?: boolean; lang?: string }): Promise<Page>;
  seed(days: SeedDay[]): Promise<void>;
  /** Requests the server saw, `METHOD path` (for checking what the console asked). */
  requests: string[];
  /** The integration world underneath: its stores and the WeCom simulator (for seeding and checking calls). */
  world: IntegrationWorld;
  /** The stores on DynamoDB Local (for seeding what no admin route writes, e.g. audit rows). */
  readonly stores: IntegrationWorld['stores'];
  start(): Promise<void>;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function browserWorld(): BrowserWorld {
  // Real queues on the SQS emulator: admin routes publish webhook events (e.g. a cancelled broadcast's
  // broadcast.finished), which a queue URL nothing listens on would turn into a 500.
  const world = integrationWorld({ simulator: true, queues: 'bw' });
  const superKey = `super-${randomUUID()}`;
  let corpId = '';
  let server: Server | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let admin: Handler;
  let consoleFn: Handler;
  let auth: Handler;
  let sidebarApi: Handler;
  let docs: Handler;
  const requests: string[] = [];

  async function route(req: IncomingMessage): Promise<APIGatewayProxyStructuredResultV2 & { statusCode: number }> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const method = req.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const event = apiEvent({ method, path: url.pathname, headers, ...(url.search ? { query: Object.fromEntries(url.searchParams) } : {}) });
    event.rawQueryString = url.search.slice(1);
    const body = await bodyOf(req);
    if (body !== '') event.body = body;
    if (url.pathname === '/console' || url.pathname.startsWith('/console/')) {
      return (await consoleFn(event, lambdaContext('console'))) as { statusCode: number };
    }
    if (url.pathname.startsWith('/sidebar/v1/')) return (await sidebarApi(event, lambdaContext('sidebarApi'))) as { statusCode: number };
    if (url.pathname === '/sidebar' || url.pathname.startsWith('/sidebar/'))
      return (await consoleFn(event, lambdaContext('console'))) as { statusCode: number };
    if (url.pathname.startsWith('/admin/v1/')) return (await admin(event, lambdaContext('adminApi'))) as { statusCode: number };
    if (url.pathname.startsWith('/auth/')) return (await auth(event, lambdaContext('auth'))) as { statusCode: number };
    if (url.pathname === '/docs' || url.pathname.startsWith('/docs/')) return (await docs(event, lambdaContext('docs'))) as { statusCode: number };
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
    world,
    get stores() {
      return world.stores;
    },
    async start() {
      if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium-headless-shell fonts-wqy-microhei (.ci/run does)`);
      ensureConsoleBuilt();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
      await world.start();
      // The corp's app (agentId) for WeCom login; 张三 is an admin of the console, 李四 a staff member.
      corpId = await world.newTenant('wwweb', {
        corp: { agentId: AGENT_ID, staff: DEMO_STAFF, departments: DEMO_DEPARTMENTS },
        settings: { agentId: AGENT_ID, admins: ['zhangsan'] },
      });
      server = createServer((req, res) => {
        route(req)
          .then((r) => {
            const head: Record<string, string | string[]> = { ...((r.headers ?? {}) as Record<string, string>) };
            if (r.cookies?.length) head['set-cookie'] = r.cookies;
            res.writeHead(r.statusCode, head);
            res.end(r.body === undefined ? undefined : Buffer.from(String(r.body), r.isBase64Encoded ? 'base64' : 'utf8'));
          })
          .catch((e: unknown) => {
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end(String(e));
          });
      });
      await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
      // This server is the deployment's public origin (login callback, the sidebar's trusted domain); the sidebar
      // page loads the simulator's JS-SDK stub.
      Object.assign(process.env, world.adminEnv(superKey), {
        SESSION_SECRET: randomBytes(32).toString('hex'),
        WECOM_LOGIN_BASE: world.sim.url,
        WECOM_OAUTH_BASE: world.sim.url,
        SIYU_DEV_LOGIN: '1',
        PUBLIC_BASE_URL: bw.url,
        WECOM_JSSDK_URLS: `${world.sim.url}/__sim/jssdk.js`,
      });
      jest.isolateModules(() => {
        admin = jest.requireActual<{ handler: Handler }>('../../functions/admin-api/handler').handler;
        consoleFn = jest.requireActual<{ handler: Handler }>('../../functions/console/handler').handler;
        auth = jest.requireActual<{ handler: Handler }>('../../functions/auth/handler').handler;
        sidebarApi = jest.requireActual<{ handler: Handler }>('../../functions/sidebar-api/handler').handler;
        docs = jest.requireActual<{ handler: Handler }>('../../functions/docs/handler').handler;
      });
      // The staff directory, as an operator's first 同步通讯录 fills it (login re-checks members against it).
      const sync = await admin(
        apiEvent({ method: 'POST', path: `/admin/v1/tenants/${corpId}/staff/sync`, headers: { authorization: `Bearer ${superKey}` } }),
        lambdaContext('adminApi'),
      );
      if (sync.statusCode !== 200) throw new Error(`staff sync: ${sync.statusCode} ${String(sync.body)}`);
    },
    async page(o = {}) {
      const context = await browser!.newContext({ acceptDownloads: true, locale: o.lang ?? 'zh-CN', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      if (o.login !== false) {
        // The dev one-time login link, as `npm start` prints it: a super-admin session for this tenant.
        const token = await mintDevLoginToken({ sessions: world.stores.sessions, clock: systemClock }, corpId);
        const res = await page.goto(`${bw.url}/auth/dev-login?token=${token}`);
        if (!res || new URL(res.url()).pathname !== '/console/') throw new Error(`dev login failed: ${res?.status()} ${res?.url()}`);
      }
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

// --- Seeding helpers (general; keep additions in this block) ---

/** An admin API path: as given when it starts with /admin/, else under this tenant (`/channels` → `/admin/v1/tenants/<corp>/channels`). */
const adminPath = (bw: BrowserWorld, path: string) => (path.startsWith('/admin/') ? path : `/admin/v1/tenants/${bw.corpId}${path}`);

/** Calls the admin API as the super-admin (API key), e.g. to seed data a page shows; fails on a non-2xx. */
export async function adminCall<T = unknown>(bw: BrowserWorld, method: string, path: string, body?: unknown): Promise<T> {
  const res = await adminRequest<T>(bw, method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Calls the admin API as the super-admin, whatever the answer: its status and JSON body. */
export async function adminRequest<T = Record<string, unknown>>(
  bw: BrowserWorld,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${bw.url}${adminPath(bw, path)}`, {
    method,
    headers: { authorization: `Bearer ${bw.superKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * Customers who added staff: registered in the simulator (WeCom's side) and projected by the real relationship
 * consumer from each follow's add event (at the follow's createTime), as a WeCom callback would.
 */
export async function addCustomers(bw: BrowserWorld, customers: SimCustomer[]): Promise<void> {
  const w = bw.world;
  w.sim.state.addCustomers(bw.corpId, customers);
  const consumer = { ...w.stores, secrets: w.secrets, wecom: w.wecom, clock: w.clock };
  for (const c of customers) {
    for (const f of c.follows ?? []) {
      const event = { UserID: f.userId, ExternalUserID: c.externalUserId, ...(f.state ? { State: f.state } : {}) };
      const at = f.createTime ?? Math.floor(Date.now() / 1000);
      await applyContactChange(
        consumer,
        messageFor('relationship', queueMessage({ corpId: bw.corpId, type: 'change_external_contact.add_external_contact', occurredAt: at, event })),
      );
    }
  }
}

/** A page signed in through WeCom login (the simulator's QR page) as the member whose name matches, e.g. /李四/. */
export async function pageAsMember(bw: BrowserWorld, member: RegExp): Promise<Page> {
  const p = await bw.page({ login: false });
  await p.goto(`${bw.url}/console/`);
  await p.locator('input[name=corpId]').fill(bw.corpId);
  await p.locator('[data-test=wecom-login]').click();
  await p.getByRole('link', { name: member }).click();
  await p.locator('[data-test=member]').waitFor();
  return p;
}

/** The table's stores of a browser world (after start()). */
export const storesOf = (bw: BrowserWorld) => bw.stores;
