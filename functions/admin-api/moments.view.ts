// A moments campaign (客户朋友圈) as the admin API answers it, field by field (the OpenAPI document is
// generated from it): one campaign (create, read) and a page of them (list). Times are ISO 8601 (UTC).
import * as z from 'zod';

const isoTime = z.iso.datetime();
const attachment = z.union([
  z.object({ msgtype: z.literal('image'), image: z.object({ media_id: z.string() }) }),
  z.object({ msgtype: z.literal('video'), video: z.object({ media_id: z.string() }) }),
  z.object({ msgtype: z.literal('link'), link: z.object({ title: z.string(), url: z.string(), media_id: z.string().optional() }) }),
  z
    .object({ msgtype: z.enum(['image', 'video', 'link']), materialId: z.string() })
    .describe('素材库中的素材，发布时上传为朋友圈附件 / a material of the library, uploaded for Moments when published'),
]);

export const momentView = z.object({
  id: z.string(),
  text: z.string().optional(),
  attachments: z.array(attachment).describe('企业微信格式的附件：最多 9 张图片，或 1 个视频，或 1 个链接 / WeCom-shaped attachments'),
  senders: z.array(z.string()).describe('执行员工 userId；空为应用可见范围内全部成员 / executors; empty: every member in the app’s range'),
  visibleTags: z.array(z.string()).describe('可见客户的标签 id；空为不限 / corp tag ids of who may see it; empty: no restriction'),
  status: z.enum(['scheduled', 'submitting', 'submitted', 'published', 'failed']),
  jobId: z.string().optional().describe('add_moment_task 的 jobid（24 小时有效）/ add_moment_task’s jobid'),
  results: z
    .object({
      momentId: z.string().optional(),
      invalidSenders: z.array(z.string()),
      invalidTags: z.array(z.string()),
      errcode: z.number().int().optional(),
      errmsg: z.string().optional(),
    })
    .optional()
    .describe('企业微信返回的任务结果 / what WeCom reported for the finished task'),
  reason: z.string().optional().describe('失败原因（企业微信未给出结果时）/ why it failed when WeCom gave no result'),
  sendAt: isoTime.optional().describe('计划发送时间 / when it is sent'),
  submittedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  engagement: z
    .object({
      members: z.array(z.object({ userid: z.string(), published: z.boolean(), likes: z.number().int().min(0), comments: z.number().int().min(0) })),
      total: z.number().int().min(0).describe('任务下发的成员数 / members the task went to'),
      published: z.number().int().min(0).describe('已发表的成员数 / members who published'),
      likes: z.number().int().min(0),
      comments: z.number().int().min(0),
      checkedAt: isoTime,
    })
    .optional()
    .describe('朋友圈结果：各成员发表状态、点赞与评论数（发表后 3 天内每小时更新）/ per-member publish status, likes and comments'),
  refusals: z.number().int().min(0).describe('被企业微信拒绝后重试的次数 / add_moment_task attempts WeCom refused'),
  polls: z.number().int().min(0),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type MomentView = z.output<typeof momentView>;
export const momentsPage = z.object({ items: z.array(momentView), cursor: z.string().nullable() });
