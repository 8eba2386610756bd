// How the admin API shows a channel (渠道活码): the response schemas of the channel routes, field by field.
// The presenter that builds this view from the stored record: channel.ts publicChannel.
import * as z from 'zod';
import { welcomeView } from '../tenants/tenant.schema';

const isoTime = z.iso.datetime();
const day = z.string().describe('上海时区日期 YYYY-MM-DD / Asia/Shanghai day');
const count = z.number().int().min(0);

const dayStats = {
  adds: count.describe('新增客户数（同一天同一员工同一客户计一次）/ adds, once per day, staff member and customer'),
  deletions: count,
  deletedByStaff: count,
  deletedByCustomer: count,
  net: z.number().int().describe('净增 = 新增 − 删除 / adds minus deletions'),
};
export const channelTotalsView = z.strictObject(dayStats);
export const channelStatsView = z.strictObject({ total: channelTotalsView, days: z.array(z.strictObject({ day, ...dayStats })) });

const channelFields = {
  id: z.string(),
  kind: z.enum(['contact_way', 'acquisition_link']).describe('联系我活码或获客链接 / a contact way QR code or an acquisition link'),
  state: z.string().describe('联系我的 state 参数或获客链接的 customer_channel（c_<id>）/ the contact way state or the link customer_channel'),
  name: z.string(),
  staff: z.array(z.string()),
  backupStaff: z.array(z.string()),
  skipVerify: z.boolean(),
  autoAccept: z.strictObject({
    mode: z.enum(['always', 'schedule', 'never']),
    windows: z.array(
      z.strictObject({
        days: z.array(z.number().int().min(1).max(7)).describe('1 = 周一 … 7 = 周日 / ISO weekdays'),
        from: z.string().describe('HH:MM 上海时间 / Asia/Shanghai'),
        to: z.string().describe('HH:MM（不含）/ exclusive'),
      }),
    ),
  }),
  dailyCapPerStaff: count.describe('每位员工每日添加上限，0 = 不限 / per staff member per day, 0: no cap'),
  tags: z.array(z.string()),
  remark: z.string().optional(),
  welcome: welcomeView.optional(),
  configId: z.string(),
  qrCode: z.string(),
  status: z.enum(['active', 'deleted']),
  createdAt: isoTime,
  updatedAt: isoTime,
  link: z
    .strictObject({
      id: z.string().describe('获客链接 link_id / the WeCom link id'),
      url: z.string().describe('获客链接原始地址 / the link as WeCom gives it'),
      customerUrl: z.string().describe('带 customer_channel 的投放地址（客户归属到本渠道）/ the URL to publish: adds are attributed to this channel'),
    })
    .nullable()
    .describe('获客链接（仅 acquisition_link 渠道）/ the acquisition link (acquisition_link channels only)'),
  contactWay: z
    .strictObject({
      staff: z.array(z.string()).describe('联系我当前分配的员工 / the members the contact way lists now'),
      skipVerify: z.boolean(),
      cappedStaff: z.array(z.string()).describe('今日已达上限的员工 / staff at their daily cap'),
      usingBackup: z.boolean(),
      verificationForced: z.boolean().describe('无人可接时强制验证 / verification on because nobody has capacity'),
      appliedAt: isoTime,
      nextReviewAt: isoTime.nullable(),
    })
    .nullable()
    .describe('企业微信联系我当前的配置 / the WeCom contact way as applied now'),
};

/** A channel without stats (create, update, delete). */
export const channelView = z.strictObject(channelFields);
/** A channel with its stats over a range of days (GET one). */
export const channelWithStatsView = z.strictObject({ ...channelFields, stats: channelStatsView });
/** Every channel with its running totals. */
export const channelListView = z.strictObject({ items: z.array(z.strictObject({ ...channelFields, stats: z.strictObject({ total: channelTotalsView }) })) });

export type ChannelView = z.output<typeof channelView>;
