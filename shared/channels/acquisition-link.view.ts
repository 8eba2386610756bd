// How the admin API shows the 获客助手 quota and a link's statistics (the channel itself: channel.view.ts).
// Presenters: functions/admin-api/acquisition-links.ts.
import * as z from 'zod';

const count = z.number().int().min(0);
const day = z.string().describe('上海时区日期 YYYY-MM-DD / Asia/Shanghai day');

export const acquisitionQuotaView = z.strictObject({
  used: count.describe('历史累计使用量 / uses so far (WeCom total)'),
  balance: count.describe('剩余使用量 / uses left'),
  batches: z.array(z.strictObject({ expiresOn: day.describe('到期日 / expiry day'), balance: count })).describe('按到期日的剩余量 / what is left, by expiry'),
});

export const acquisitionStatsView = z.strictObject({
  channelId: z.string(),
  linkId: z.string(),
  from: day,
  to: day,
  clicks: count.describe('点击链接的客户数（企业微信）/ customers who opened the link (WeCom)'),
  newCustomers: count.describe('新增客户数（企业微信）/ new customers (WeCom)'),
  adds: count.describe('Siyu 归属到本渠道的新增（与二维码渠道同口径）/ adds Siyu attributed to the channel, as for QR codes'),
});
