// An inheritance (离职/在职继承) as the admin API answers it, field by field (the OpenAPI document is generated from
// it): one transfer with its per-customer / per-group items (create, read), a page of them, and a member's
// unassigned customers, customers and groups. Times are ISO 8601 (UTC).
import * as z from 'zod';
import { TRANSFER_REASONS } from '../../shared/domain/transfer';

const isoTime = z.iso.datetime();

export const transferItemView = z.object({
  target: z.enum(['customer', 'group']).describe('客户或客户群 / a customer or a group chat'),
  id: z.string().describe('external_userid 或 chat_id'),
  to: z.string().optional().describe('接替成员 userid（被拒绝的项没有）/ the successor; absent on refused items'),
  status: z
    .enum(['pending', 'waiting', 'done', 'refused', 'failed'])
    .describe('pending 待提交 · waiting 等待接替 · done 接替完毕 · refused 未提交（见 reason）· failed 企业微信拒绝或接替失败'),
  reason: z.enum(TRANSFER_REASONS).optional().describe('拒绝或失败的原因 / why it was refused or failed'),
  errcode: z.number().int().optional().describe('企业微信错误码 / WeCom errcode'),
  takeoverAt: isoTime.optional().describe('（预计）接替时间 / when WeCom takes (took) over'),
  finishedAt: isoTime.optional(),
});

export const transferView = z.object({
  id: z.string(),
  kind: z.enum(['resigned', 'onjob']).describe('resigned 离职继承 · onjob 在职继承'),
  from: z.string().describe('原成员 userid / the handover member'),
  to: z.array(z.string()).describe('接替成员（多个时轮流分配）/ successors, round-robin'),
  message: z.string().optional().describe('在职继承时客户收到的提示语 / the on-job transfer message'),
  status: z.enum(['pending', 'running', 'done']).describe('pending 待提交 · running 进行中 · done 全部结束'),
  items: z.array(transferItemView),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TransferView = z.output<typeof transferView>;
export const transfersPage = z.object({ items: z.array(transferView), cursor: z.string().nullable() });

export const unassignedView = z.object({
  userId: z.string(),
  status: z.enum(['active', 'disabled', 'inactive', 'resigned']),
  unassigned: z
    .array(z.object({ externalUserId: z.string(), dimissionTime: isoTime.optional() }))
    .nullable()
    .describe('离职成员待分配的客户（企业微信 get_unassigned_list）；在职成员为 null / a resigned member’s unassigned customers; null when on the job'),
  customers: z.array(z.string()).describe('该成员的客户（本系统记录）/ the member’s customers in our records'),
  groups: z.array(z.string()).describe('该成员为群主的客户群 / the groups the member owns'),
});
export type UnassignedView = z.output<typeof unassignedView>;
