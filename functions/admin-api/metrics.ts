// Orders, channel spend, daily metrics, cohorts and RFM in the admin API (docs/manual.md#admin-api, docs/metrics.md):
//   POST …/orders                        batch import, idempotent per orderId
//   PUT  …/channels/{id}/spend           a channel's spend of a day
//   GET  …/metrics/daily?from=&to=&by=   tenant | staff | channel rows (format=csv for a file)
//   GET  …/metrics/cohorts?by=&period=   retention and cumulative revenue at D1…D180, LTV, CAC, ROI
//   GET  …/metrics/rfm?class=            customers per RFM class (and a class's customers)
// Scope: tenant and channel rows, cohorts and the RFM class counts are tenant-wide aggregates that name
// nobody; staff rows and a class's customers are limited to the caller's scope (a manager's department).
//   GET/PUT …/metrics/settings           RFM thresholds
import * as z from 'zod';
import type { ChannelRecord } from '../../shared/channels/channel';
import type { Clock } from '../../shared/clock';
import type { MetricsStore } from '../../shared/db/metrics-repository';
import {
  COHORT_OFFSETS,
  cohortView,
  UNATTRIBUTED,
  dimensionId,
  DEFAULT_RFM,
  RFM_CLASSES,
  type CohortContribution,
  type DailyMetrics,
  type Dimension,
} from '../../shared/domain/metrics';
import type { FollowView } from '../../shared/domain/relationship';
import type { StaffRecord } from '../../shared/domain/staff';
import { customersInScope } from '../../shared/customers/scope';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { addDays, mondayOf, shanghaiDay } from '../../shared/events/time';
import { instantSchema } from '../../shared/input/day.schema';
import { cursorParam, dayParam, limitParam } from '../../shared/input/params';
import { csvPages, field, localTime, sheet, yuan, type Column, type CsvLang } from '../../shared/http/csv';
import { withOrder, type Order, type OrderStore, type OrderSummary, type SpendStore } from '../../shared/orders/orders';
import { msg } from '../../shared/i18n/messages';

export interface MetricsDeps {
  orders: OrderStore;
  spend: SpendStore;
  metrics: MetricsStore;
  channels: { get(corpId: string, id: string): Promise<ChannelRecord | undefined>; list(corpId: string): Promise<ChannelRecord[]> };
  follows: { followsOfCustomer(corpId: string, externalUserId: string): Promise<FollowView[]> };
  staffRegistry: { all(corpId: string): Promise<StaffRecord[]> };
  clock: Clock;
}

const day = dayParam;
const fen = z.number().int().min(0).max(10_000_000_000);
const nowSec = (deps: Pick<MetricsDeps, 'clock'>) => Math.floor(deps.clock.now() / 1000);

// ── Orders ──

const orderSchema = z
  .strictObject({
    orderId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - (at most 64)'),
    externalUserId: z.string().min(1).max(64).optional(),
    phone: z
      .string()
      .regex(/^\+?\d{5,20}$/, 'digits, optionally with a leading +')
      .optional(),
    amount: fen,
    paidAt: instantSchema,
    channelId: z.string().min(1).max(64).optional(),
  })
  .refine((o) => o.externalUserId !== undefined || o.phone !== undefined, { message: 'externalUserId or phone is required', path: ['externalUserId'] });

export const importBody = z.strictObject({ orders: z.array(orderSchema).min(1).max(500) });

export async function importOrders(deps: MetricsDeps, corpId: string, input: z.output<typeof importBody>) {
  const now = nowSec(deps);
  const channels = await deps.channels.list(corpId);
  const channelIds = new Set(channels.map((c) => c.id));
  const details = input.orders.flatMap((o, i) => [
    ...(o.paidAt > now + 300 ? [{ field: `orders.${i}.paidAt`, message: 'in the future' }] : []),
    ...(o.channelId !== undefined && !channelIds.has(o.channelId) ? [{ field: `orders.${i}.channelId`, message: 'unknown channel' }] : []),
  ]);
  const ids = input.orders.map((o) => o.orderId);
  ids.forEach((id, i) => ids.indexOf(id) !== i && details.push({ field: `orders.${i}.orderId`, message: 'repeated in this batch' }));
  if (details.length > 0) throw new ValidationError(msg('invalid_orders'), { details });

  const out = { imported: 0, duplicates: 0, phoneOnly: 0, unknownCustomers: 0 };
  let earliest: string | undefined;
  for (const o of input.orders) {
    const ext = o.externalUserId ?? null;
    // The order keeps the channel it names; the rollup attributes it (docs/metrics.md#4-orders-and-attribution-订单归因).
    const order: Order = {
      orderId: o.orderId,
      externalUserId: ext,
      ...(o.phone ? { phone: o.phone } : {}),
      amount: o.amount,
      paidAt: o.paidAt,
      day: shanghaiDay(o.paidAt),
      channelId: o.channelId ?? null,
      importedAt: now,
    };
    for (let attempt = 0; ; attempt++) {
      const previous = ext ? (await deps.orders.summaries(corpId, [ext])).get(ext) : undefined;
      const known = !ext || previous !== undefined || (await deps.follows.followsOfCustomer(corpId, ext)).length > 0;
      const summary: OrderSummary | undefined = ext ? withOrder(previous ?? undefined, { ...order, externalUserId: ext }) : undefined;
      const res = await deps.orders.record(corpId, order, summary, previous);
      if (res === 'conflict' && attempt < 5) continue;
      if (res === 'conflict') throw new Error(`order ${o.orderId}: the customer's summary kept changing`);
      if (res === 'exists') out.duplicates++;
      else {
        out.imported++;
        earliest = earliest === undefined || order.day < earliest ? order.day : earliest;
        if (!ext) out.phoneOnly++;
        else if (!known) out.unknownCustomers++;
      }
      break;
    }
  }
  // Days already rolled up that these orders belong to are rolled up again by the next nightly run.
  if (earliest !== undefined && earliest < shanghaiDay(now)) await deps.metrics.markDirty(corpId, earliest);
  return out;
}

// ── Spend ──

export const spendBody = z.strictObject({ date: day, amount: fen });
/** The spend as stored: the channel, the day and the amount in fen. */
export const spendView = z.strictObject({
  channelId: z.string(),
  date: z.string().describe('上海时区日期 YYYY-MM-DD / Asia/Shanghai day'),
  amount: z.number().int().min(0).describe('投放花费，单位：分 / spend in fen'),
});

export async function putChannelSpend(
  deps: MetricsDeps,
  corpId: string,
  channelId: string,
  input: z.output<typeof spendBody>,
): Promise<z.output<typeof spendView>> {
  if (input.date > shanghaiDay(nowSec(deps))) throw new ValidationError(msg('invalid_spend'), { details: [{ field: 'date', message: 'in the future' }] });
  const channel = await deps.channels.get(corpId, channelId);
  if (!channel) throw new NotFoundError(msg('unknown_channel'));
  // Spend before the channel (its QR code) existed bought nothing it could count.
  const created = shanghaiDay(Math.floor(Date.parse(channel.createdAt) / 1000));
  if (input.date < created)
    throw new ValidationError(msg('invalid_spend'), {
      details: [{ field: 'date', message: `早于渠道创建日 ${created} (before the channel was created, on ${created})` }],
    });
  await deps.spend.put(corpId, channelId, input.date, input.amount, nowSec(deps));
  if (input.date < shanghaiDay(nowSec(deps))) await deps.metrics.markDirty(corpId, input.date);
  return { channelId, date: input.date, amount: input.amount };
}

// ── Daily metrics ──

const format = z.enum(['json', 'csv']).default('json');

export const dailyQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  by: z.enum(['tenant', 'staff', 'channel']).default('tenant'),
  format,
});

const MAX_DAYS = 92;

function dayRange(from: string | undefined, to: string | undefined, today: string, defaultDays: number, maxDays: number): string[] {
  const end = to ?? addDays(today, -1);
  const start = from ?? addDays(end, -(defaultDays - 1));
  const issues = [
    ...(start > end ? [{ field: 'to', message: 'before from' }] : []),
    ...(start <= end && addDays(start, maxDays - 1) < end ? [{ field: 'to', message: `at most ${maxDays} days` }] : []),
  ];
  if (issues.length > 0) throw new ValidationError(msg('invalid_date_range'), { details: issues });
  const days: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) days.push(d);
  return days;
}

export const DAILY_COLUMNS = [
  'day',
  'dimension',
  'newCustomers',
  'unconfirmed',
  'lostByStaff',
  'lostByCustomer',
  'transferredOut',
  'transferredIn',
  'netGrowth',
  'totalCustomers',
  'passRate',
  'activeCustomers',
  'interactionRate',
  'retentionD7',
  'retentionD30',
  'orders',
  'payingCustomers',
  'gmv',
  'conversionRate',
  'repurchaseRate',
  'redPacketCount',
  'redPacketAmount',
  'transferAmount',
  'sensitiveHits',
  'broadcastTasks',
  'broadcastTasksDone',
  'broadcastReached',
  'contactedCustomers',
  'messagesSent',
  'replyRate',
  'avgReplySeconds',
  'spend',
  'cac',
  'ltvD30',
  'ltvToCacD30',
  'roiD30',
  'gaps',
] as const;

export async function dailyMetricsOf(
  deps: MetricsDeps,
  corpId: string,
  q: Omit<z.output<typeof dailyQuery>, 'format'>,
  scope: CustomerScope = { kind: 'all' },
): Promise<{ items: DailyMetrics[] }> {
  const days = dayRange(q.from, q.to, shanghaiDay(nowSec(deps)), 7, MAX_DAYS);
  const rows = await deps.metrics.daily(corpId, days, q.by);
  const items = q.by === 'staff' ? rows.filter((r) => inScope(scope, dimensionId(r.dimension) ?? '')) : rows;
  return { items };
}

/** The daily columns of an export: Chinese headers from docs/metrics.md, money in yuan (金额（元）). */
const DAILY_HEADERS: Record<(typeof DAILY_COLUMNS)[number], string> = {
  day: '日期',
  dimension: '维度',
  newCustomers: '新增客户',
  unconfirmed: '待通过',
  lostByStaff: '员工删客户',
  lostByCustomer: '客户删员工',
  transferredOut: '继承转出',
  transferredIn: '继承转入',
  netGrowth: '净增',
  totalCustomers: '客户总数',
  passRate: '通过率',
  activeCustomers: '互动客户数',
  interactionRate: '互动率',
  retentionD7: '7日留存',
  retentionD30: '30日留存',
  orders: '订单数',
  payingCustomers: '付费客户数',
  gmv: '成交额（元）',
  conversionRate: '转化率',
  repurchaseRate: '复购率',
  redPacketCount: '红包数',
  redPacketAmount: '红包金额（元）',
  transferAmount: '转账金额（元）',
  sensitiveHits: '敏感词命中',
  broadcastTasks: '群发任务',
  broadcastTasksDone: '群发已完成',
  broadcastReached: '群发触达客户',
  contactedCustomers: '聊天数',
  messagesSent: '发送消息数',
  replyRate: '回复率',
  avgReplySeconds: '平均首次回复时长（秒）',
  spend: '投放花费（元）',
  cac: '获客成本（元）',
  ltvD30: 'D30 LTV（元）',
  ltvToCacD30: 'LTV/CAC',
  roiD30: 'ROI',
  gaps: '缺失数据源',
};
const DAILY_MONEY = new Set<string>(['gmv', 'redPacketAmount', 'transferAmount', 'spend', 'cac', 'ltvD30']);
const DAILY_CSV: Column<DailyMetrics>[] = DAILY_COLUMNS.map((k) =>
  k === 'gaps'
    ? { zh: DAILY_HEADERS.gaps, en: 'gaps', value: (r) => r.gaps?.map((g) => `${g.source}: ${g.reason}`).join('; ') ?? '' }
    : field<DailyMetrics>(k, DAILY_HEADERS[k], DAILY_MONEY.has(k) ? `${k}Yuan` : k, DAILY_MONEY.has(k) ? 'yuan' : undefined),
);

/** Daily rows as a CSV file (gaps as one text column, money in yuan). At most 92 days of one dimension kind: one answer. */
export const dailyMetricsCsv = (items: DailyMetrics[], lang: CsvLang = 'zh'): string => sheet(DAILY_CSV, lang, items);

// ── Cohorts ──

export const cohortQuery = z.object({
  by: z.enum(['tenant', 'channel', 'staff']).default('channel'),
  period: z.enum(['day', 'week', 'month']).default('week'),
  from: day.optional(),
  to: day.optional(),
  format,
});

/** The first day of the period a day belongs to (weeks start on Monday). */
export function periodOf(d: string, period: 'day' | 'week' | 'month'): string {
  if (period === 'day') return d;
  if (period === 'month') return `${d.slice(0, 7)}-01`;
  return mondayOf(d);
}

/** The same keys, every value null (figures that do not apply). */
const nulls = <T extends Record<string, unknown>>(o: T): Record<keyof T, null> =>
  Object.fromEntries(Object.keys(o).map((k) => [k, null])) as Record<keyof T, null>;

export async function cohortsOf(deps: MetricsDeps, corpId: string, q: Omit<z.output<typeof cohortQuery>, 'format'>, scope: CustomerScope = { kind: 'all' }) {
  const asOf = addDays(shanghaiDay(nowSec(deps)), -1);
  const days = dayRange(q.from, q.to, shanghaiDay(nowSec(deps)), 12 * 7, 366);
  const dims: Array<{ dimension: Dimension; channelId: string | null; userId?: string }> =
    q.by === 'tenant'
      ? [{ dimension: 'tenant', channelId: null }]
      : q.by === 'staff'
        ? (await deps.staffRegistry.all(corpId))
            .filter((s) => inScope(scope, s.userId))
            .map((s) => ({ dimension: `staff#${s.userId}` as Dimension, channelId: null, userId: s.userId }))
        : [
            ...(await deps.channels.list(corpId)).map((c) => ({ dimension: `channel#${c.id}` as Dimension, channelId: c.id })),
            { dimension: UNATTRIBUTED, channelId: null },
          ];
  const items = [];
  for (const { dimension, channelId, userId } of dims) {
    const rows: CohortContribution[] = await deps.metrics.contributions(corpId, dimension, days[0]!, days.at(-1)!);
    const groups = new Map<string, string[]>();
    for (const d of days) groups.set(periodOf(d, q.period), [...(groups.get(periodOf(d, q.period)) ?? []), d]);
    for (const [cohort, cohortDays] of groups) {
      const v = cohortView(cohortDays, rows, asOf);
      if (v.size === 0 && v.spend === 0) continue;
      items.push({
        dimension,
        channelId,
        ...(userId !== undefined ? { userId } : {}),
        cohort,
        period: q.period,
        size: v.size,
        spend: v.spend,
        cac: v.cac,
        retention: v.retentionAt,
        // A member has no spend and no orders (docs/metrics.md#5-cohorts-同期群): staff cohorts carry retention only.
        ...(userId === undefined
          ? { revenue: v.revenueAt, ltv: v.ltv, ltvToCac: v.ltvToCac, roi: v.roi }
          : { spend: null, cac: null, revenue: nulls(v.revenueAt), ltv: nulls(v.ltv), ltvToCac: nulls(v.ltvToCac), roi: nulls(v.roi) }),
      });
    }
  }
  return { asOf, items };
}

type CohortRow = Awaited<ReturnType<typeof cohortsOf>>['items'][number];
const LTV_OFFSETS = [30, 90, 180] as const;
const COHORT_CSV: Column<CohortRow>[] = [
  { zh: '维度', en: 'dimension', value: (i) => i.dimension },
  { zh: '渠道', en: 'channelId', value: (i) => i.channelId },
  { zh: '员工', en: 'userId', value: (i) => i.userId },
  { zh: '同期群', en: 'cohort', value: (i) => i.cohort },
  { zh: '周期', en: 'period', value: (i) => i.period },
  { zh: '人数', en: 'size', value: (i) => i.size },
  { zh: '投放花费（元）', en: 'spendYuan', value: (i) => yuan(i.spend) },
  { zh: '获客成本（元）', en: 'cacYuan', value: (i) => yuan(i.cac) },
  ...COHORT_OFFSETS.map((n): Column<CohortRow> => ({ zh: `D${n}留存`, en: `retentionD${n}`, value: (i) => i.retention[`d${n}`] })),
  ...COHORT_OFFSETS.map((n): Column<CohortRow> => ({ zh: `D${n}累计收入（元）`, en: `revenueD${n}Yuan`, value: (i) => yuan(i.revenue[`d${n}`]) })),
  ...LTV_OFFSETS.map((n): Column<CohortRow> => ({ zh: `D${n} LTV（元）`, en: `ltvD${n}Yuan`, value: (i) => yuan(i.ltv[`d${n}`]) })),
  ...LTV_OFFSETS.map((n): Column<CohortRow> => ({ zh: `D${n} LTV/CAC`, en: `ltvToCacD${n}`, value: (i) => i.ltvToCac[`d${n}`] })),
  ...LTV_OFFSETS.map((n): Column<CohortRow> => ({ zh: `D${n} ROI`, en: `roiD${n}`, value: (i) => i.roi[`d${n}`] })),
];

/** Cohort rows as a CSV file: one column per offset, money in yuan. */
export const cohortsCsv = (items: CohortRow[], lang: CsvLang = 'zh'): string => sheet(COHORT_CSV, lang, items);

// ── RFM ──

export const rfmQuery = z.object({
  class: z.enum(RFM_CLASSES as unknown as ['A', ...string[]]).optional(),
  limit: limitParam(500),
  cursor: cursorParam,
  format,
});

/** Customers per RFM class, with the thresholds in force. */
export async function rfmCounts(deps: MetricsDeps, corpId: string) {
  const thresholds = (await deps.metrics.settings(corpId)).rfm ?? DEFAULT_RFM;
  const counts = Object.fromEntries(await Promise.all(RFM_CLASSES.map(async (c) => [c, await deps.orders.rfmCount(corpId, c)] as const)));
  return { thresholds, counts };
}

/** A page of one RFM class's customers (those in the caller's scope). */
export async function rfmClassOf(
  deps: MetricsDeps,
  corpId: string,
  q: Omit<z.output<typeof rfmQuery>, 'format' | 'class'> & { class: string },
  scope: CustomerScope = { kind: 'all' },
) {
  const thresholds = (await deps.metrics.settings(corpId)).rfm ?? DEFAULT_RFM;
  const cls = q.class as (typeof RFM_CLASSES)[number];
  const page = await deps.orders.rfmMembers(corpId, cls, q.limit ?? 100, q.cursor);
  const visible = await customersInScope(
    deps,
    corpId,
    scope,
    page.items.map((s) => s.externalUserId),
  );
  const items = page.items
    .filter((s) => visible.has(s.externalUserId))
    .map((s) => ({
      externalUserId: s.externalUserId,
      // A summary listed under a class carries it; the class asked for stands in where the type allows none.
      class: s.rfm ?? cls,
      asOf: s.rfmAsOf,
      orders: s.orders,
      totalFen: s.totalFen,
      lastPaidAt: new Date(s.lastPaidAt * 1000).toISOString(),
    }));
  return { thresholds, class: cls, items, cursor: page.cursor ?? null };
}

/** The class counts, or a page of one class's customers when `class` is given. */
export async function rfmOf(deps: MetricsDeps, corpId: string, q: Omit<z.output<typeof rfmQuery>, 'format'>, scope: CustomerScope = { kind: 'all' }) {
  return q.class === undefined ? rfmCounts(deps, corpId) : rfmClassOf(deps, corpId, { ...q, class: q.class }, scope);
}

type RfmRow = Awaited<ReturnType<typeof rfmClassOf>>['items'][number];
const RFM_CSV: Column<RfmRow>[] = [
  field('externalUserId', '客户'),
  field('class', 'RFM 分类'),
  field('asOf', '计算日'),
  field('orders', '订单数'),
  field('totalFen', '累计金额（元）', 'totalYuan', 'yuan'),
  { zh: '最近付款时间', en: 'lastPaidAt', value: (r) => localTime(r.lastPaidAt) },
];

/** An RFM class's customers as a CSV file, page by page from `cursor` up to the cap (shared/http/csv.ts). */
export async function rfmCsv(
  deps: MetricsDeps,
  corpId: string,
  q: Omit<z.output<typeof rfmQuery>, 'format' | 'class'> & { class: string },
  scope: CustomerScope,
  lang: CsvLang,
) {
  return csvPages({
    columns: RFM_CSV,
    lang,
    cursor: q.cursor,
    now: () => deps.clock.now(),
    page: (cursor) => rfmClassOf(deps, corpId, { ...q, limit: 500, cursor }, scope),
  });
}

export const settingsBody = z.strictObject({
  rfm: z.strictObject({
    recentDays: z.number().int().min(1).max(3650),
    frequentOrders: z.number().int().min(1).max(100_000),
    monetaryFen: fen,
  }),
});

export async function getMetricSettings(deps: MetricsDeps, corpId: string) {
  return { rfm: (await deps.metrics.settings(corpId)).rfm ?? DEFAULT_RFM };
}

export async function putMetricSettings(deps: MetricsDeps, corpId: string, input: z.output<typeof settingsBody>) {
  await deps.metrics.putSettings(corpId, input, nowSec(deps));
  return input;
}
