// The admin API's answers about orders and metrics, field by field (the OpenAPI document is generated from
// them): an order import's counts, daily metric rows, cohorts, RFM class counts and a class's customers, and
// the metric settings. Money is in fen (分) in JSON; exports (format=csv) show yuan.
import * as z from 'zod';
import { RFM_CLASSES } from '../../shared/domain/metrics';

const count = z.number().int().min(0);
const fen = (what: string) => z.number().int().describe(`${what}（分）/ ${what} in fen`);
const rate = (zh: string, en: string) =>
  z.number().nullable().describe(`${zh}，0–1 的小数；无分母时为 null / ${en}, a fraction 0–1; null without a denominator`);
const shanghaiDay = z.string().describe('上海时区日期 YYYY-MM-DD / a day in Asia/Shanghai, YYYY-MM-DD');
const rfmClass = z.enum(RFM_CLASSES).describe('RFM 分类 A–H（A 重要价值 … H 一般挽留）/ RFM class A–H');

export const importOrdersResponse = z.object({
  imported: count.describe('新导入的订单数 / orders imported now'),
  duplicates: count.describe('已导入过的订单数（按 orderId 幂等）/ orders already imported (idempotent per orderId)'),
  phoneOnly: count.describe('只有手机号、未关联客户的订单 / orders with a phone and no externalUserId'),
  unknownCustomers: count.describe('客户尚未与任何员工建立联系的订单 / orders of customers no member follows (yet)'),
});

const gap = z.object({
  source: z.enum(['staff_directory', 'behaviour_data']),
  reason: z.string().describe('原因（可据此处理）/ why, in words an operator can act on'),
  staff: z.array(z.string()).optional().describe('涉及的员工 userId / the members concerned'),
});

/** One daily row (docs/metrics.md#3-daily-figures-每日指标); figures that do not apply to a kind of row are null. */
export const dailyRow = z.object({
  day: shanghaiDay,
  dimension: z.string().describe('维度：tenant | staff#<userId> | channel#<channelId>（channel#unattributed 为未归因）/ the row dimension'),
  gaps: z.array(gap).optional().describe('计算时缺失的数据源；无缺失时不出现 / sources missing from this row; absent when none'),
  newCustomers: count,
  unconfirmed: count.describe('待员工通过的半添加 / half adds the member has not confirmed'),
  lostByStaff: count,
  lostByCustomer: count,
  transferredOut: count
    .optional()
    .describe(
      '继承转出：因在职/离职继承结束的关系，不计为流失；此字段上线前汇总的日期无此项 / follows ended by a transfer, not a loss; absent on days rolled up before it existed',
    ),
  transferredIn: count
    .nullable()
    .optional()
    .describe('继承转入：当天完成接替的客户（按接替成员）；渠道行为 null / customers taken over that day, by the takeover member; null on channel rows'),
  broadcastTasks: count
    .nullable()
    .optional()
    .describe(
      '群发任务数：当天企业微信受理的群发中被要求发送的成员次数；渠道行为 null / members asked to send a broadcast WeCom accepted that day; null on channel rows',
    ),
  broadcastTasksDone: count
    .nullable()
    .optional()
    .describe(
      '已完成群发任务数：当天确认发送的成员次数（按发送时间）；渠道行为 null / members who sent a broadcast that day (by send time); null on channel rows',
    ),
  broadcastReached: count
    .nullable()
    .optional()
    .describe('群发触达客户数：这些发送送达的客户数（客户群发）；渠道行为 null / customers those sends reached (customer broadcasts); null on channel rows'),
  activeCustomers: count,
  netGrowth: z.number().int(),
  totalCustomers: count.nullable(),
  passRate: rate('通过率', 'pass rate'),
  interactionRate: rate('互动率', 'interaction rate'),
  retentionD7: rate('7 日留存', 'D7 retention'),
  retentionD30: rate('30 日留存', 'D30 retention'),
  orders: count.nullable().describe('员工行为 null / null on staff rows'),
  payingCustomers: count.nullable().describe('员工行为 null / null on staff rows'),
  gmv: fen('成交额').nullable().describe('成交额（分）；员工行为 null / GMV in fen; null on staff rows'),
  conversionRate: rate('转化率', 'conversion rate'),
  repurchaseRate: rate('复购率', 'repurchase rate'),
  redPacketCount: count.nullable().describe('渠道行为 null / null on channel rows'),
  redPacketAmount: fen('红包金额').nullable().describe('红包金额（分）；渠道行为 null / in fen; null on channel rows'),
  transferAmount: fen('转账金额').nullable().describe('转账金额（分）；渠道行为 null / in fen; null on channel rows'),
  sensitiveHits: count.nullable().describe('渠道行为 null / null on channel rows'),
  contactedCustomers: count.nullable(),
  messagesSent: count.nullable(),
  replyRate: rate('回复率', 'reply rate'),
  avgReplySeconds: count.nullable().describe('平均首次回复时长（秒）/ average first reply time in seconds'),
  spend: fen('投放花费').optional().describe('当日投放花费（分），仅渠道行 / spend of the day in fen, channel rows only'),
  cac: fen('获客成本').nullable().optional().describe('获客成本（分），仅渠道行 / cost per new customer in fen, channel rows only'),
  ltvD30: fen('D30 LTV').nullable().optional().describe('D30 客均收入（分），仅渠道行 / D30 revenue per customer in fen, channel rows only'),
  ltvToCacD30: z.number().nullable().optional().describe('D30 LTV/CAC，仅渠道行 / channel rows only'),
  roiD30: z.number().nullable().optional().describe('D30 ROI =（收入−花费）÷花费，仅渠道行 / (revenue − spend) ÷ spend, channel rows only'),
});
export const dailyMetricsResponse = z.object({ items: z.array(dailyRow) });

/** A figure at each cohort offset (COHORT_OFFSETS: D1, D7, D30, D60, D90, D180). */
const byOffset = <S extends z.ZodType>(value: S) => z.object({ d1: value, d7: value, d30: value, d60: value, d90: value, d180: value });
const byLtvOffset = <S extends z.ZodType>(value: S) => z.object({ d30: value, d90: value, d180: value });

/** One cohort (docs/metrics.md#5-cohorts-同期群); staff cohorts carry retention only (money figures null). */
export const cohortRow = z.object({
  dimension: z.string().describe('tenant | staff#<userId> | channel#<channelId> | channel#unattributed'),
  channelId: z.string().nullable(),
  userId: z.string().optional().describe('员工同期群的员工 / the member of a staff cohort'),
  cohort: shanghaiDay.describe('同期群的首日（周从周一、月从 1 日起）/ first day of the cohort period'),
  period: z.enum(['day', 'week', 'month']),
  size: count,
  spend: fen('投放花费').nullable(),
  cac: fen('获客成本').nullable(),
  retention: byOffset(z.number().nullable()).describe('D1…D180 留存（0–1）；未到期为 null / retention at D1…D180; null when not reached'),
  revenue: byOffset(fen('累计收入').nullable()).describe('D1…D180 累计收入（分）/ cumulative revenue in fen'),
  ltv: byLtvOffset(fen('LTV').nullable()).describe('客均收入（分）/ revenue per customer in fen'),
  ltvToCac: byLtvOffset(z.number().nullable()),
  roi: byLtvOffset(z.number().nullable()).describe('（收入−花费）÷花费 / (revenue − spend) ÷ spend'),
});
export const cohortsResponse = z.object({ asOf: shanghaiDay.describe('数据截至日（昨天）/ figures as of this day (yesterday)'), items: z.array(cohortRow) });

export const rfmThresholds = z.object({
  recentDays: z.number().int().min(1).describe('最近付款在此天数内为 R 高 / R is high when the last order is within this many days'),
  frequentOrders: z.number().int().min(1).describe('订单数达到此数为 F 高 / F is high with at least this many orders'),
  monetaryFen: fen('累计金额门槛').describe('累计金额达到此数（分）为 M 高 / M is high with at least this much in fen'),
});
export const metricSettingsResponse = z.object({ rfm: rfmThresholds });

export const rfmCountsResponse = z.object({
  thresholds: rfmThresholds,
  counts: z.record(z.string(), count).describe('每个 RFM 分类的客户数 / customers per class A–H'),
});
export const rfmCustomer = z.object({
  externalUserId: z.string(),
  class: rfmClass,
  asOf: shanghaiDay.optional().describe('分类的计算日 / the day the class was computed'),
  orders: count,
  totalFen: fen('累计金额'),
  lastPaidAt: z.iso.datetime().describe('最近付款时间（UTC ISO 8601）/ last payment, ISO 8601 UTC'),
});
export const rfmClassResponse = z.object({ thresholds: rfmThresholds, class: rfmClass, items: z.array(rfmCustomer), cursor: z.string().nullable() });
/** GET …/metrics/rfm: the class counts, or with `class` a page of that class's customers. */
export const rfmResponse = z.union([rfmCountsResponse, rfmClassResponse]);
