// The console (issue #14): the built bundle's size, and the dashboard's first paint on the local stack.
// Size: console/dist after a production build: the entry JS every page loads (target ≤ 300 KB gzip), the
// dashboard's lazy chunk (ECharts lives there only), CSS. First paint: `startLocalStack` (what `npm start`
// runs), a month of rolled-up metrics for a tenant of 10,000 customers (daily tenant, staff and channel rows,
// cohorts, 10,000 RFM-classified customers), then headless Chromium signs in with the dev link and opens
// /console/dashboard: first contentful paint, and the time until every block shows the API's data.
// BENCH_SKIP_STACK=1 reports the size only; BENCH_RUNS (default 5) page loads after the first.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../scripts/console-build';
import { freePort } from '../scripts/local/emulators';
import { startLocalStack } from '../scripts/local/stack';
import { makeDocumentClient } from '../shared/aws/clients';
import { DynamoMetricsStore } from '../shared/db/metrics-repository';
import { DynamoOrderStore } from '../shared/db/order-repository';
import { dailyMetrics, emptyCounters, RFM_CLASSES, type CohortContribution, type Dimension } from '../shared/domain/metrics';
import { addDays, shanghaiDay } from '../shared/events/time';
import { median, table, verdict, type BenchModule } from './harness';

const CUSTOMERS = 10_000;
const DAYS = 30;
const CHANNELS = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BUDGET_INITIAL_GZIP = 300 * 1024;
const BUDGET_PAINT_MS = 2000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell';
/** A string only ECharts' code carries (its SVG renderer's painter). */
const ECHARTS_MARKER = 'echarts';

interface Chunk {
  file: string;
  kind: 'entry' | 'lazy';
  bytes: number;
  gzip: number;
  echarts: boolean;
}

function bundle(): Chunk[] {
  const assets = join(CONSOLE_DIST, 'assets');
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const entry = new Set([...html.matchAll(/(?:src|href)="\/console\/assets\/([^"]+)"/g)].map((m) => m[1]));
  return readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((file) => {
      const body = readFileSync(join(assets, file));
      return {
        file,
        kind: entry.has(file) ? 'entry' : 'lazy',
        bytes: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        echarts: body.includes(ECHARTS_MARKER),
      } as Chunk;
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.gzip - a.gzip);
}

const kib = (n: number) => (n / 1024).toFixed(1);

async function mapLimit<T>(items: readonly T[], limit: number, f: (t: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) await f(items[i++]!);
    }),
  );
}

async function firstPaint(): Promise<string> {
  const stack = await startLocalStack({ port: await freePort(), log: (l) => process.stderr.write(`  stack: ${l}\n`) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const corpId = stack.tenant.corpId;
    const doc = makeDocumentClient({ endpoint: stack.dynamoEndpoint });
    const metrics = new DynamoMetricsStore(doc, 'siyu-local'); // the table startLocalStack creates
    const orders = new DynamoOrderStore(doc, 'siyu-local');
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${stack.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${stack.adminApiKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
        return (await r.json()) as Record<string, unknown>;
      });

    const t0 = performance.now();
    await admin('POST', `/admin/v1/tenants/${corpId}/staff/sync`);
    const staff = ((await admin('GET', `/admin/v1/tenants/${corpId}/staff`)).items as Array<{ userId: string }>).map((s) => s.userId);
    const channels: string[] = [];
    for (let c = 0; c < CHANNELS; c++) {
      const ch = await admin('POST', `/admin/v1/tenants/${corpId}/channels`, { name: `渠道${c + 1}`, staff: [staff[c % staff.length]] });
      channels.push(String(ch.id));
    }
    // A month: ~333 adds a day reaching 10,000 customers, spread over staff and channels.
    const today = shanghaiDay(Date.now() / 1000);
    for (let d = DAYS; d >= 1; d--) {
      const day = addDays(today, -d);
      const adds = Math.round(CUSTOMERS / DAYS);
      const total = Math.round((CUSTOMERS * (DAYS - d + 1)) / DAYS);
      const row = (dimension: Dimension, n: number, withStock: boolean) =>
        dailyMetrics({
          day,
          dimension,
          counters: {
            ...emptyCounters(),
            newCustomers: n,
            unconfirmed: Math.floor(n / 20),
            lostByStaff: Math.floor(n / 50),
            lostByCustomer: Math.floor(n / 30),
          },
          kpis: { contactedCustomers: n * 2, messagesSent: n * 6, replyWeight: n * 2, replied: n, replyTimeWeight: n, replySecondsSum: n * 90 },
          ...(withStock ? { stock: { customers: total, payers: Math.floor(total / 10), repeaters: Math.floor(total / 40) } } : {}),
          ...(dimension.startsWith('channel#') ? { spend: n * 1500 } : {}),
          cohorts: {},
        });
      await metrics.replaceDay(
        corpId,
        day,
        [
          row('tenant', adds, true),
          ...staff.map((u) => row(`staff#${u}` as Dimension, Math.round(adds / staff.length), false)),
          ...channels.map((c) => row(`channel#${c}` as Dimension, Math.round(adds / channels.length), false)),
        ],
        { tenant: { customers: total, payers: 0, repeaters: 0 } },
      );
      const contribution = (dimension: string, n: number, spend: number): Array<CohortContribution & { dimension: string }> => [
        { dimension, cohortDay: day, eventDay: day, added: n, lost: 0, revenue: 0, spend },
      ];
      // Losses and revenue of the cohorts a week older, on this day.
      const older = addDays(day, -7);
      const late = (dimension: string, n: number) =>
        older >= addDays(today, -DAYS) ? [{ dimension, cohortDay: older, eventDay: day, added: 0, lost: Math.floor(n / 10), revenue: n * 800, spend: 0 }] : [];
      await metrics.replaceContributions(corpId, day, [
        ...contribution('tenant', adds, 0),
        ...late('tenant', adds),
        ...channels.flatMap((c) => [
          ...contribution(`channel#${c}`, Math.round(adds / channels.length), Math.round(adds / channels.length) * 1500),
          ...late(`channel#${c}`, Math.round(adds / channels.length)),
        ]),
      ]);
    }
    const paidAt = Math.floor(Date.now() / 1000) - 86_400 * 3;
    await mapLimit(
      Array.from({ length: CUSTOMERS }, (_, i) => i),
      16,
      async (i) => {
        const id = `wm_bench_${String(i).padStart(5, '0')}`;
        const rfm = RFM_CLASSES[i % RFM_CLASSES.length]!;
        await orders.record(
          corpId,
          { orderId: `bench-${i}`, externalUserId: id, amount: 9_900, paidAt, day: addDays(today, -3), channelId: null, importedAt: paidAt },
          {
            externalUserId: id,
            orders: 1,
            totalFen: 9_900,
            firstPaidAt: paidAt,
            secondPaidAt: null,
            lastPaidAt: paidAt,
            version: 1,
            rfm,
            rfmAsOf: addDays(today, -1),
          },
          undefined,
        );
      },
    );
    const seedS = (performance.now() - t0) / 1000;

    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const login = await context.newPage();
    await login.goto(stack.devLoginUrl);
    await login.close();
    const load = async () => {
      const p = await context.newPage();
      // Each admin API call's time from request to the end of its answer (which block waits on what).
      const api = new Map<string, number>();
      p.on('requestfinished', (r) => {
        const u = new URL(r.url());
        if (!u.pathname.startsWith('/admin/v1/')) return;
        const name = `${u.pathname.replace(/^.*\/tenants\/[^/]+/, '…')}${u.searchParams.has('by') ? `?by=${u.searchParams.get('by')}` : ''}`;
        api.set(name, r.timing().responseEnd);
      });
      const start = performance.now();
      await p.goto(`${stack.url}/console/dashboard`);
      for (const sel of ['[data-test=summary]', '[data-test=kpi-table]', '[data-test=channel-table]', '[data-test=cohort-table]', '[data-test=rfm-A]'])
        await p.locator(sel).waitFor();
      await p.locator('[data-test=growth-chart] svg text').first().waitFor();
      const data = performance.now() - start;
      const fcp = await p.evaluate('performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? -1');
      const total = await p.locator('[data-test=sum-total] dd').innerText();
      await p.close();
      return { fcp: Number(fcp), data, total, api };
    };
    const cold = await load();
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await load());
    const warmData = median(warm.map((w) => w.data));
    return [
      `Seeded in ${seedS.toFixed(1)} s: ${DAYS} days of tenant, ${staff.length} staff and ${CHANNELS} channel rows, their cohorts, ${CUSTOMERS.toLocaleString('en')} RFM-classified customers (dashboard shows ${cold.total} customers).`,
      '',
      table(
        ['load', 'first contentful paint ms', 'every block with its data ms'],
        [
          ['first (cold functions, empty browser cache)', cold.fcp, cold.data],
          [`median of the next ${RUNS}`, median(warm.map((w) => w.fcp)), warmData],
          [`worst of the next ${RUNS}`, Math.max(...warm.map((w) => w.fcp)), Math.max(...warm.map((w) => w.data))],
        ],
      ),
      '',
      'The admin API calls of the median load (ms from request to the end of the answer; they run in parallel):',
      '',
      table(
        ['call', 'ms'],
        [...(warm.find((w) => w.data === warmData) ?? cold).api].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, v]),
      ),
      '',
      `Dashboard with its data under ${BUDGET_PAINT_MS} ms (median, warm): ${verdict(warmData <= BUDGET_PAINT_MS)}.`,
    ].join('\n');
  } finally {
    await browser.close();
    await stack.stop();
  }
}

export const benchmark: BenchModule = {
  title: 'Console: bundle size and the dashboard’s first paint',
  async run() {
    ensureConsoleBuilt();
    const chunks = bundle();
    const entryJs = chunks.filter((c) => c.kind === 'entry' && c.file.endsWith('.js'));
    const initial = entryJs.reduce((a, c) => a + c.gzip, 0);
    const echartsInEntry = entryJs.some((c) => c.echarts);
    const size = [
      table(
        ['file', 'loaded', 'KiB', 'KiB gzip', 'ECharts'],
        chunks.map((c) => [c.file, c.kind === 'entry' ? 'every page' : 'on demand', kib(c.bytes), kib(c.gzip), c.echarts ? 'yes' : '']),
      ),
      '',
      `Initial JS ${kib(initial)} KiB gzip — budget ${BUDGET_INITIAL_GZIP / 1024} KiB: ${verdict(initial <= BUDGET_INITIAL_GZIP)}. ECharts only in lazy chunks: ${verdict(!echartsInEntry)}.`,
    ].join('\n');
    if (process.env.BENCH_SKIP_STACK === '1') return `${size}\n\nFirst paint skipped (BENCH_SKIP_STACK=1).`;
    return `${size}\n\n${await firstPaint()}`;
  },
};
