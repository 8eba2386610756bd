// A tenant as the admin API answers it, field by field (the OpenAPI document is generated from it): its
// settings, secrets always `***`, and the callback path to give WeCom. The presenter: tenant.ts publicTenant.
import * as z from 'zod';
import { attachmentView } from '../materials/attachment.schema';

const isoTime = z.iso.datetime();
const masked = z.literal('***').describe('密钥只写不读 / secrets are write-only');

export const tenantView = z.object({
  corpId: z.string(),
  name: z.string(),
  agentId: z.string().nullable().describe('自建应用的 AgentId / the self-built app’s AgentId'),
  notify: z.array(z.string()).describe('接收告警的成员 userId / members who receive alerts'),
  welcome: z
    .object({
      text: z.string().describe('默认欢迎语，{{name}} 为客户名 / default welcome; {{name}} is the customer’s name'),
      // WeCom's attachment objects (image, link, miniprogram, video, file), passed through as stored.
      attachments: z.array(attachmentView).optional(),
    })
    .nullable(),
  redPacketAlertFen: z
    .number()
    .int()
    .nullable()
    .describe('达到此金额（分）的红包提醒通知名单；null 为不提醒 / red packets of at least this many fen alert; null: none'),
  admins: z.array(z.string()).describe('控制台管理员的成员 userId / members who are console admins'),
  managers: z.record(z.string(), z.number().int()).describe('主管 userId → 其管理的部门 id / manager userid → the department they manage'),
  massMessageCaps: z
    .strictObject({ perDay: z.int().optional(), perWeek: z.int().optional() })
    .nullable()
    .describe('每位客户每天/每周最多收到的群发条数；null 为只按企业微信每月上限 / per-customer caps per day/week; null: only WeCom’s monthly cap'),
  token: masked,
  encodingAesKey: masked,
  secret: masked,
  callbackPath: z.string().describe('在企业微信后台填写的回调路径 / the callback path to configure in WeCom'),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TenantView = z.output<typeof tenantView>;

/** PUT …/tenants/{corpId}: the tenant, and for a new tenant the outcome of its first staff sync (a failure is reported, not fatal). */
export const tenantPutResponse = tenantView.extend({
  staffSync: z
    .union([z.object({ synced: z.number().int().min(0), resigned: z.number().int().min(0) }), z.object({ error: z.string() })])
    .optional()
    .describe('新租户的首次通讯录同步结果 / a new tenant’s first staff directory sync'),
});
