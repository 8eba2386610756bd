// An SOP plan as the admin API answers it, field by field (the OpenAPI document is generated from it): the
// plan with its outcome counters (create, list, update), and with a page of its runs (read one).
import * as z from 'zod';

const isoTime = z.iso.datetime();
const unixSeconds = z.number().int().describe('Unix 秒 / Unix seconds');
const outcome = z.enum(['sent', 'blocked', 'failed', 'reminded', 'stopped']);

/** A WeCom attachment (image, link, miniprogram, video, file) passed through as the plan stores it. */
const wecomAttachment = z.record(z.string(), z.unknown()).describe('企业微信格式的附件，原样透传 / a WeCom attachment, passed through');

const step = z.object({
  after: z.string().optional().describe('ISO 8601 时长（如 P1D、PT2H）/ ISO-8601 duration after the previous step'),
  at: z.string().optional().describe('HH:mm（上海时间）/ HH:mm, Asia/Shanghai'),
  days: z.array(z.number().int().min(1).max(7)).optional().describe('日历计划的 ISO 星期（1 = 周一 … 7 = 周日）/ ISO weekdays of calendar plans'),
  send: z.object({
    text: z.string().optional(),
    attachments: z.array(wecomAttachment).readonly().optional(),
    nameFallback: z.string().optional().describe('群发时 {{name}} 的替代文本 / what {{name}} becomes in a mass message'),
  }),
  via: z.enum(['mass_message', 'staff_reminder']),
});

const results = z.object({
  enrolled: z.number().int().min(0).describe('已加入的客户（或群）数 / runs enrolled'),
  steps: z
    .record(
      z.string(),
      z.object({
        sent: z.number().int().optional(),
        blocked: z.number().int().optional(),
        failed: z.number().int().optional(),
        reminded: z.number().int().optional(),
        stopped: z.number().int().optional(),
      }),
    )
    .describe('按步骤序号（从 0 起）统计的结果 / outcomes per step index (from 0)'),
  blockedByReason: z.record(z.string(), z.number().int()).describe('按原因统计的被拦截次数 / blocked outcomes per reason'),
});

export const sopPlanView = z.object({
  id: z.string(),
  name: z.string(),
  trigger: z.enum(['added', 'tagged', 'joined_group', 'calendar']),
  audience: z.object({
    channels: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    chatIds: z.array(z.string()).optional(),
    owners: z.array(z.string()).optional(),
    stages: z.array(z.string()).optional().describe('客户阶段（任一），每步前复查 / stages, any of, re-checked before each step'),
    fields: z
      .array(z.strictObject({ field: z.string(), value: z.string() }))
      .optional()
      .describe('自定义字段条件 / custom field conditions'),
  }),
  steps: z.array(step),
  status: z.enum(['active', 'paused']),
  enrolledUpTo: isoTime.describe('已读取事件用于加入计划的截止时间 / events up to here were read for enrolment'),
  createdAt: isoTime,
  updatedAt: isoTime,
  results,
});
export const sopPlansList = z.object({ items: z.array(sopPlanView) });

const run = z.object({
  planId: z.string(),
  recipient: z.string().describe('客户 externalUserId / the customer'),
  userId: z.string().describe('跟进员工或群主 / the member (follower or group owner)'),
  chatId: z.string().optional(),
  enrolledAt: unixSeconds,
  step: z.number().int().min(0).describe('下一步的序号 / index of the next step'),
  nextAt: unixSeconds.describe('下一步到期时间（Unix 秒）/ when the next step is due, Unix seconds'),
  status: z.enum(['active', 'done', 'stopped']),
  reason: z.string().optional(),
  outcomes: z.array(z.object({ step: z.number().int().min(0), at: unixSeconds, outcome, reason: z.string().optional(), msgid: z.string().optional() })),
});
export const sopPlanWithRuns = sopPlanView.extend({ runs: z.object({ items: z.array(run), cursor: z.string().nullable() }) });
