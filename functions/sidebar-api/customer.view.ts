// The sidebar's customer answers (docs/manual.md#侧边栏): the profile the member sees beside a chat, the tag
// library for the picker, and what a tag or remark edit answers. The view also holds the customer's stage, the
// pipeline, the live custom field definitions and their values (customer-attributes.ts).
import * as z from 'zod';
import { sidebarAttributesView } from './customer-attributes';

const isoOrNull = z.iso.datetime().nullable();

export const tagRefView = z.strictObject({ id: z.string(), name: z.string() });
/** Tags by tag group (the order of the corp tag library). */
export const tagGroupView = z.strictObject({ groupId: z.string(), groupName: z.string(), tags: z.array(tagRefView) });
export const customerTagsView = z.array(tagGroupView);
export const tagLibraryView = z.strictObject({ groups: z.array(tagGroupView) });

export const timelineEntryView = z.strictObject({
  at: isoOrNull,
  kind: z.string().describe('added, added_half, deleted_by_staff, deleted_by_customer, transfer_failed, transferred, tags_changed, remark_changed, order'),
  text: z.string().describe('给员工看的中文说明 / what staff read (Chinese)'),
});

export const sidebarCustomerView = z.strictObject({
  externalUserId: z.string(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  type: z.number().int().nullable().describe('1 = 微信用户，2 = 企业微信用户 / 1 WeChat user, 2 WeCom user'),
  corpName: z.string().nullable(),
  remark: z.string().nullable().describe('当前员工的备注 / the member’s own remark'),
  description: z.string().nullable().describe('当前员工的描述 / the member’s own description'),
  remarkMobiles: z.array(z.string()).describe('当前员工备注的手机号 / the member’s own remark phone numbers'),
  tags: customerTagsView.describe('当前员工给客户打的企业标签 / the member’s corp tags on the customer'),
  channel: z.strictObject({ id: z.string(), name: z.string(), addedAt: isoOrNull }).nullable(),
  followers: z.array(z.strictObject({ userId: z.string(), name: z.string(), addedAt: isoOrNull })),
  timeline: z.array(timelineEntryView).describe('最新在前 / newest first'),
  rfm: z.strictObject({ class: z.string() }).nullable(),
  orders: z.strictObject({ count: z.number().int().min(0), totalFen: z.number().int().min(0) }),
  ...sidebarAttributesView.shape,
});

export const remarkView = z.strictObject({ remark: z.string().nullable(), description: z.string().nullable() });
