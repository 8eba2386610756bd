// The console end to end against the real local stack (what `npm start` runs: scripts/local/stack.ts) in headless
// Chromium: sign in with the stack's one-time dev login link, load data with `npm run simulate` (a child process
// pointed at this stack's ports), wait until the consumers have processed it, then check the pages against the
// admin API: customers and channel stats (live data), a channel created in the form reaching WeCom (the
// simulator's recorded calls), a broadcast dry run's blocked count, and the language switch. Each page visited is
// saved as a screenshot in test-artifacts/stack/ (gitignored).
//
// The dashboard: its figures come from the nightly rollup, which refuses today (the day has not ended) and any day
// before the tenant was created; a fresh stack's tenant is created today, so there is no day it may roll up. The
// test checks that the API refuses today's rollup and that the dashboard shows exactly what the API returns
// (nothing), and asserts the live numbers on the customers and channels pages instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureConsoleBuilt } from '../../scripts/console-build';
import { freePort } from '../../scripts/local/emulators';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { makeSqsClient } from '../../shared/aws/clients';
import { CHROMIUM } from './harness';
import type { StackInfo } from './stack-process';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts', 'stack');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

jest.setTimeout(120_000);

let stack: StackInfo;
let stackProcess: ChildProcess | undefined;
let browser: Browser;
let page: Page;
let dataDir: string;
let simPort: number;
/** The stack's and the functions' lines (printed when the start fails). */
const stackLog: string[] = [];
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const timings: Record<string, number> = {};

/** Polls `read` until `done` holds for its value; fails with the last value after `ms`. */
async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  let lastError: unknown;
  for (let wait = 100; Date.now() < deadline; wait = Math.min(wait * 2, 1000)) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, wait));
  }
  throw new Error(`${what}: not reached within ${ms} ms (last: ${JSON.stringify(last)}${lastError ? `, error: ${String(lastError)}` : ''})`);
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.url}/admin/v1/tenants/${stack.corpId}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.adminApiKey}`,
      'accept-language': 'zh-CN',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await api<T>(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** `npm run simulate` (scripts/simulate.ts) against this stack, as the README's line printed by `npm start` says. */
function simulate(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'simulate.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, PORT: new URL(stack.url).port, SIM_PORT: String(simPort), ADMIN_API_KEY: stack.adminApiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** Starts test/browser/stack-process.ts (startLocalStack in a child process) and waits for its ready line. */
function startStack(options: object, ms: number): Promise<StackInfo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, join(__dirname, 'stack-process.ts'), JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stackProcess = child;
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${why}\n${stackLog.slice(-40).join('\n')}`));
    };
    const timer = setTimeout(() => fail(`the stack did not start within ${ms} ms`), ms);
    createInterface({ input: child.stderr! }).on('line', (l) => stackLog.push(l));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (!l.startsWith('SIYU_STACK_READY ')) return stackLog.push(l);
      clearTimeout(timer);
      resolve(JSON.parse(l.slice('SIYU_STACK_READY '.length)) as StackInfo);
    });
    child.on('exit', (code) => fail(`the stack process exited (${code}) before it was ready`));
  });
}

/** SIGTERM: the stack stops its emulators, serverless-offline and pollers; SIGKILL if it has not exited in 30 s. */
async function stopStack(): Promise<void> {
  const child = stackProcess;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Messages in the given queues, waiting or being processed (0 in the consumers' queues: they are done). */
async function queued(urls = stack.queueUrls): Promise<number> {
  const sqs = makeSqsClient({ endpoint: stack.sqsEndpoint });
  try {
    let n = 0;
    for (const QueueUrl of urls) {
      const { Attributes: a } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      n += Number(a?.ApproximateNumberOfMessages ?? 0) + Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0);
    }
    return n;
  } finally {
    sqs.destroy();
  }
}

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  const t0 = Date.now();
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureConsoleBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'siyu-stack-e2e-'));
  simPort = await freePort();
  const options = { port: await freePort(), simulatorPort: simPort, lambdaPort: await freePort(), dataDir, fresh: true };
  stack = await startStack(options, 240_000);
  timings.stackStartMs = Date.now() - t0;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // WeCom's image CDN (the channel QR codes the simulator hands out) is not reachable here: answered locally.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await context.route('https://wework.qpic.cn/**', (r) => r.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopStack();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  process.stderr.write(`stack e2e timings: ${JSON.stringify(timings)}\n`);
}, 60_000);

describe('the console on the real local stack (npm start + npm run simulate)', () => {
  it('signs in with the dev login link the stack mints, and lands on the console as the super-admin', async () => {
    const res = await page.goto(stack.devLoginUrl);
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/console/');
    await page.locator('[data-test=member]').waitFor();
    expect(await page.locator('[data-test=member]').innerText()).toContain('超级管理员');
    // The link is one use: a second visit is refused.
    const again = await fetch(stack.devLoginUrl, { redirect: 'manual' });
    expect(again.status).toBeGreaterThanOrEqual(400);
    await shot('01-signed-in');
  });

  it('loads `npm run simulate` data; the customers page lists what the API has once the consumers are done', async () => {
    await ok('POST', '/staff/sync');
    const t0 = Date.now();
    const run = await simulate(['--scenario', 'all', '--count', '3']);
    timings.simulateMs = Date.now() - t0;
    if (run.code !== 0) throw new Error(`npm run simulate exited ${run.code}:\n${run.out}`);
    expect(run.out).toContain('all callbacks answered as expected');
    // Processed: every queue is empty (nothing waiting, nothing in flight) on two polls in a row, and the
    // relationship consumer has projected the adds (channel-adds 3 + 1 half add, channel-cap 2, deletions 2,
    // burst 3, duplicates 1: at least 12 follows of at least 10 customers).
    const t1 = Date.now();
    let emptyBefore = false;
    await until(
      'the consumers’ queues drained',
      () => queued(),
      (n) => {
        const done = n === 0 && emptyBefore;
        emptyBefore = n === 0;
        return done;
      },
      90_000,
    );
    expect(await queued(stack.dlqUrls)).toBe(0); // no message failed its way into a dead-letter queue
    const customers = await until(
      'customers projected',
      () => ok<{ items: Array<{ externalUserId: string }> }>('GET', '/customers?limit=50').then((b) => b.items),
      (items) => items.length >= 10,
      30_000,
    );
    timings.consumersMs = Date.now() - t1;

    await page.goto(`${stack.url}/console/customers`);
    await page.locator('[data-test=customer-table]').waitFor();
    await page.locator('[data-test=list][aria-busy=false]').waitFor();
    const shown = await page.locator('[data-test=customer-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(shown.sort()).toEqual(customers.map((c) => c.externalUserId).sort());
    expect(await page.locator('[data-test=count]').innerText()).toBe(`已显示 ${customers.length} 位客户`);
    await shot('02-customers');
  });

  it('shows the channel simulate created with the adds the API counts (live, not rolled up)', async () => {
    const { items } = await ok<{ items: Array<{ id: string; name: string; stats: { total: { adds: number; deletions: number; net: number } } }> }>(
      'GET',
      '/channels',
    );
    const simulated = items.find((c) => c.name.startsWith('simulate '));
    expect(simulated?.stats.total.adds).toBe(2); // the channel-cap scenario's two customers
    await page.goto(`${stack.url}/console/channels`);
    const row = page.locator(`[data-test=channel-row][data-id="${simulated!.id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-test=channel-adds]').innerText()).toBe(String(simulated!.stats.total.adds));
    expect(await row.locator('[data-test=channel-net]').innerText()).toBe(String(simulated!.stats.total.net));
    await shot('03-channels');
  });

  it('creates a channel in the form, and WeCom (the simulator) records the add_contact_way call', async () => {
    await page.goto(`${stack.url}/console/channels`);
    await page.locator('[data-test=channel-create]').click();
    await page.getByLabel('名称').fill('端到端渠道');
    await page.getByLabel('接待员工').fill('zhangsan, lisi');
    await page.getByLabel('欢迎语').fill('你好 {{name}}');
    await page.locator('[data-test=f-save]').click();
    await page.locator('[data-test=channel-title]', { hasText: '端到端渠道' }).waitFor();
    const { items } = await ok<{ items: Array<{ name: string; state: string; qrCode: string }> }>('GET', '/channels');
    const saved = items.find((c) => c.name === '端到端渠道')!;
    const res = await fetch(`${stack.wecomApiBase}/__sim/calls?path=externalcontact/add_contact_way&corpId=${stack.corpId}`);
    const { calls } = (await res.json()) as { calls: Array<{ body: { user?: string[]; state?: string } }> };
    const mine = calls.filter((c) => c.body.state === saved.state);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body.user).toEqual(['zhangsan', 'lisi']);
    expect(await page.locator('[data-test=qr]').getAttribute('src')).toBe(saved.qrCode);
    await shot('04-channel-created');
  });

  it('runs a broadcast dry run and shows the counts the API returns', async () => {
    const request = { target: 'customers', filter: { staff: ['zhangsan'] }, content: { text: '{{name}}，周末活动', nameFallback: '朋友' }, dryRun: true };
    const expected = await ok<{ audience: { count: number }; wouldSend: number; blocked: { count: number } }>('POST', '/broadcasts', request);
    expect(expected.audience.count).toBeGreaterThan(0); // simulate added customers to 张三
    await page.goto(`${stack.url}/console/broadcasts`);
    await page.getByLabel('跟进员工（userId）').fill('zhangsan');
    await page.getByLabel('消息内容').fill('{{name}}，周末活动');
    await page.getByLabel('{{name}} 的替代称呼').fill('朋友');
    await page.locator('[data-test=dry-run]').click();
    await page.locator('[data-test=preview]').waitFor();
    expect(await page.locator('[data-test=pv-audience] dd').innerText()).toBe(String(expected.audience.count));
    expect(await page.locator('[data-test=pv-would-send] dd').innerText()).toBe(String(expected.wouldSend));
    expect(await page.locator('[data-test=pv-blocked] dd').innerText()).toBe(String(expected.blocked.count));
    await shot('05-broadcast-dry-run');
  });

  it('dashboard: today cannot be rolled up, and the page shows what the API returns; switches to English and back', async () => {
    // The rollup refuses today (unfinished) and yesterday (before this fresh tenant was created): no day has metrics.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    for (const body of [{ date: today }, {}]) {
      const refused = await api<{ error: { details?: Array<{ field: string }> } }>('POST', '/jobs/rollup/run', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details?.[0]?.field).toBe('date');
    }
    await page.goto(`${stack.url}/console/`);
    await page.locator('[data-test=summary], [data-test=empty]').first().waitFor();
    expect(await page.locator('h1').innerText()).toBe('数据看板');
    // The page's range (the last 7 finished days) holds what the API returns for it: nothing, shown as empty.
    const [from, to] = [await page.locator('[data-test=from]').inputValue(), await page.locator('[data-test=to]').inputValue()];
    const daily = await ok<{ items: unknown[] }>('GET', `/metrics/daily?by=tenant&from=${from}&to=${to}`);
    expect(daily.items).toEqual([]);
    expect(await page.locator('[data-test=empty]').isVisible()).toBe(true);
    expect(await page.locator('[data-test=summary]').count()).toBe(0);
    await shot('06-dashboard');

    await page.locator('[data-test=lang-en]').click();
    await page.locator('h1', { hasText: 'Dashboard' }).waitFor();
    expect(await page.locator('[data-test=menu-customers]').innerText()).toBe('Customers');
    await shot('07-dashboard-en');
    await page.goto(`${stack.url}/console/customers`);
    await page.locator('[data-test=count]').waitFor();
    await page.locator('[data-test=list][aria-busy=false]').waitFor();
    const rows = await page.locator('[data-test=customer-row]').count();
    expect(await page.locator('[data-test=count]').innerText()).toBe(`${rows} customers shown`);
    await shot('08-customers-en');
    await page.locator('[data-test=lang-zh]').click();
    await page.locator('[data-test=menu-customers]', { hasText: '客户' }).waitFor();
  });
  it('sidebar: a member opens /sidebar/ from a chat with a simulated customer they follow, sees tags and timeline, tags them (one mark_tag) and sends a quick reply', async () => {
    // A customer `npm run simulate` added, and an active member who follows them.
    const { items } = await ok<{ items: Array<{ externalUserId: string }> }>('GET', '/customers?limit=50');
    const { items: staff } = await ok<{ items: Array<{ userId: string; status: string }> }>('GET', '/staff');
    const active = new Set(staff.filter((m) => m.status === 'active').map((m) => m.userId));
    let chosen: { externalUserId: string; name: string; userId: string } | undefined;
    for (const c of items) {
      const profile = await ok<{ name: string | null; follows: Array<{ userId: string; status: string }> }>('GET', `/customers/${c.externalUserId}`);
      const follow = profile.follows.find((f) => f.status === 'active' && active.has(f.userId));
      if (follow && profile.name) {
        chosen = { externalUserId: c.externalUserId, name: profile.name, userId: follow.userId };
        break;
      }
    }
    if (!chosen) throw new Error('no simulated customer with an active follower');
    const tag = await ok<{ id: string }>('POST', '/tags', { groupName: '端到端', name: '侧边栏标签' });
    await ok('POST', '/quick-replies', { group: '开场白', title: '端到端问候', content: '您好，我是您的专属顾问。' });
    // WeCom opens the sidebar in a chat with that customer (the simulator's JS-SDK stub holds the context).
    const sim = (path: string, init?: RequestInit) => fetch(`${stack.wecomApiBase}${path}`, init).then((r) => r.json() as Promise<Record<string, unknown>>);
    await sim('/__sim/jssdk-context', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ corpId: stack.corpId, entry: 'single_chat_tools', externalUserId: chosen.externalUserId }),
    });
    const markTags = async () => ((await sim(`/__sim/calls?path=externalcontact/mark_tag&corpId=${stack.corpId}`)) as { calls: unknown[] }).calls.length;
    const before = await markTags();

    const phone = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 } })).newPage();
    await phone.goto(`${stack.url}/sidebar/?corpId=${stack.corpId}`);
    await phone.locator(`a[data-userid=${chosen.userId}]`).click(); // the simulator's in-client OAuth page
    await phone.locator('[data-test=customer-name]').waitFor();
    expect(await phone.locator('[data-test=customer-name]').innerText()).toBe(chosen.name);
    expect(await phone.locator('[data-test=timeline] li').count()).toBeGreaterThan(0);
    await phone.screenshot({ path: join(ARTIFACTS, '09-sidebar-customer.png'), fullPage: true });

    await phone.locator('[data-test=add-tag]').click();
    await phone.locator(`[data-test=pick-tag][data-tag-id="${tag.id}"]`).click();
    await phone.locator('[data-test=tag]', { hasText: '侧边栏标签' }).waitFor();
    expect((await markTags()) - before).toBe(1);

    await phone.locator('[data-test=tab-replies]').click();
    await phone.locator('[data-test=reply-search]').fill('专属顾问');
    await phone.locator('[data-test=reply]', { hasText: '端到端问候' }).waitFor();
    await phone.locator('[data-test=reply]', { hasText: '端到端问候' }).locator('[data-test=reply-send]').click();
    await phone.locator('[data-test=reply-send]', { hasText: '已发送' }).waitFor();
    const { calls } = (await sim(`/__sim/jssdk-calls?corpId=${stack.corpId}`)) as {
      calls: Array<{ name: string; args: { text?: { content: string } }; errMsg: string }>;
    };
    expect(calls.filter((c) => c.name === 'sendChatMessage').map((c) => [c.args.text?.content, c.errMsg])).toEqual([
      ['您好，我是您的专属顾问。', 'sendChatMessage:ok'],
    ]);
    await phone.screenshot({ path: join(ARTIFACTS, '10-sidebar-replies.png'), fullPage: true });
  });
});
