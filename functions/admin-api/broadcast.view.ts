// How the admin API shows a broadcast (群发) and a dry run of one: the response schemas of POST and GET
// …/broadcasts. Presenter: broadcasts.ts publicBroadcast (a stored broadcast) and createBroadcast (a dry run).
import * as z from 'zod';

const count = z.number().int().min(0);
const unixSeconds = z.number().int().describe('Unix 秒 / Unix seconds');
const target = z.enum(['customers', 'groups']).describe('customers：客户群发；groups：客户群群发 / to customers or to groups');
const blockReason = z.enum(['monthly_cap', 'weekly_cap', 'daily_cap']).describe('触达频次上限：本月/本周/今日 / the cap that blocked');
const byReason = z.partialRecord(blockReason, count).describe('各原因被拦截的人数 / blocked per reason');
const attachments = z.array(z.record(z.string(), z.unknown())).describe('企业微信消息附件，原样转发 / WeCom attachments, passed through');

/** What members and recipients did after WeCom accepted it (群发结果), polled until final. */
export const deliveryView = z
  .strictObject({
    status: z
      .enum(['accepted', 'sending', 'finished', 'cancelled', 'expired'])
      .describe(
        'accepted：已提交，成员未发送；sending：部分成员已发送；finished：全部成员已发送；cancelled：已取消；expired：超过一个月查询期 / delivery state',
      ),
    acceptedAt: z.iso.datetime(),
    checkedAt: z.iso.datetime().optional().describe('最近一次查询结果的时间 / last poll'),
    reach: count.describe('已送达的客户（群）数 / recipients who got it'),
    recipients: z
      .strictObject({ unsent: count, sent: count, notFriend: count, alreadyReceived: count })
      .describe('未发送 / 已发送 / 因不是好友失败 / 因已收到其他群发失败 / per-recipient status counts'),
    staffTotal: count,
    staffSent: count,
    completion: z.number().min(0).max(1).describe('已发送成员占比 / share of members who sent'),
    staff: z.array(z.strictObject({ userid: z.string(), sent: z.boolean(), sendTime: z.iso.datetime().optional() })),
    reminders: z.array(z.iso.datetime()).describe('最近 24 小时的提醒时间 / reminders in the last 24 h'),
    cancelledAt: z.iso.datetime().optional(),
  })
  .describe('群发结果 / results after WeCom accepted it');

/** A stored broadcast: what it sends to whom, and how far it got. */
export const broadcastView = z.strictObject({
  id: z.string(),
  target,
  filter: z
    .strictObject({
      tags: z.array(z.string()).optional(),
      excludeTags: z.array(z.string()).optional(),
      staff: z.array(z.string()).optional(),
      channel: z.array(z.string()).optional(),
      addedFrom: unixSeconds.optional().describe('添加时间起（含），Unix 秒 / added from, inclusive, Unix seconds'),
      addedTo: unixSeconds.optional().describe('添加时间止（不含），Unix 秒 / added before, exclusive, Unix seconds'),
      chatIds: z.array(z.string()).optional(),
      stages: z.array(z.string()).optional().describe('客户阶段（任一）/ stages, any of'),
      fields: z
        .array(z.strictObject({ field: z.string(), value: z.string() }))
        .optional()
        .describe('自定义字段条件 / custom field conditions'),
    })
    .describe('受众筛选条件 / the audience filter'),
  content: z.strictObject({ text: z.string().optional(), attachments: attachments.optional(), nameFallback: z.string().optional() }),
  sendAt: z.iso.datetime(),
  status: z.enum(['scheduled', 'sending', 'sent', 'partially_blocked', 'failed']),
  audienceAsOf: z.iso.datetime().optional().describe('受众截止时间（首次发送时）/ customers added later are not in the audience'),
  audience: count,
  sent: count,
  blockedCount: count,
  blockedByReason: byReason,
  blocked: z.array(z.strictObject({ recipient: z.string(), reason: blockReason })).describe('被拦截的接收者（前 200 个）/ the first 200 blocked'),
  failedCount: count,
  failed: z.array(z.strictObject({ recipient: z.string(), reason: z.string() })).describe('发送失败的接收者（前 200 个）/ the first 200 failed'),
  remaining: count,
  msgids: z.array(z.string()).describe('企业微信群发 msgid / WeCom msgids'),
  batches: z.array(
    z.strictObject({
      sender: z.string().nullable(),
      size: count,
      msgid: z.string().optional(),
      failed: count.describe('企业微信 fail_list 中的人数 / recipients in WeCom fail_list'),
      error: z.strictObject({ errcode: z.number().int(), errmsg: z.string() }).optional(),
      at: unixSeconds,
    }),
  ),
  runs: count,
  error: z.strictObject({ errcode: z.number().int(), errmsg: z.string() }).optional(),
  delivery: deliveryView.optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type BroadcastView = z.output<typeof broadcastView>;

/** A dry run (`dryRun: true`): who would receive it, what the caps would block, what would be sent; nothing is stored. */
export const broadcastDryRunView = z.strictObject({
  dryRun: z.literal(true),
  target,
  audience: z.strictObject({ count, sample: z.array(z.string()).describe('前 200 个接收者 / the first 200 recipients') }),
  wouldSend: count,
  calls: count.describe('企业微信群发调用次数 / WeCom calls it would take'),
  blocked: z.strictObject({ count, byReason, sample: z.array(z.strictObject({ recipient: z.string(), reason: blockReason })) }),
  content: z.strictObject({
    text: z.string().optional().describe('{{name}} 替换后的文本 / the text with {{name}} rendered'),
    attachments,
    personalisation: z.string(),
  }),
});

/** POST …/broadcasts: a dry run (200) or the scheduled broadcast (201). */
export const broadcastCreatedView = z.union([broadcastDryRunView, broadcastView]);

/** GET …/broadcasts: a page of broadcasts, newest first, each with its delivery summary. */
export const broadcastListView = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.string(),
      target,
      status: z.enum(['scheduled', 'sending', 'sent', 'partially_blocked', 'failed']),
      sendAt: z.iso.datetime(),
      audience: count,
      sent: count,
      blockedCount: count,
      failedCount: count,
      text: z.string().optional().describe('文本前 100 字 / the first 100 characters'),
      delivery: deliveryView.pick({ status: true, reach: true, staffTotal: true, staffSent: true, completion: true }).optional(),
      createdAt: z.iso.datetime(),
    }),
  ),
  cursor: z.string().nullable(),
});
