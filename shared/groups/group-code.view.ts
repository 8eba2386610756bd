// How the admin API shows a group code (群活码) and a group welcome template (入群欢迎语素材): the response
// schemas of their routes. Presenters: group-code.ts publicGroupCode, group-welcome-template.ts.
import * as z from 'zod';

const isoTime = z.iso.datetime();

export const groupCodeView = z.strictObject({
  id: z.string(),
  state: z.string().describe('加入群聊的 state 参数（g_<id>）/ the join way state'),
  name: z.string(),
  chatIds: z.array(z.string()).describe('活码轮转的客户群，按顺序 / the groups the code fills, in order'),
  memberCap: z.number().int().min(1).describe('每群人数上限，满后切换下一个群 / members per group before the next one'),
  autoCreate: z.boolean(),
  roomBaseName: z.string(),
  welcomeTemplateId: z.string().optional(),
  configId: z.string(),
  qrCode: z.string(),
  activeChatId: z.string().nullable(),
  status: z.enum(['active', 'exhausted', 'deleted']).describe('exhausted：所有群已满或已解散 / every group full or dismissed'),
  createdAt: isoTime,
  updatedAt: isoTime,
  joinWay: z
    .strictObject({ chatIds: z.array(z.string()), autoCreateRoom: z.boolean(), appliedAt: isoTime })
    .describe('企业微信加入群聊当前的配置（最多 5 个群）/ the WeCom join way as applied now (at most 5 groups)'),
  groups: z.array(
    z.strictObject({ chatId: z.string(), name: z.string(), memberCount: z.number().int().min(0), status: z.enum(['in_use', 'full', 'dismissed', 'waiting']) }),
  ),
});
export const groupCodeListView = z.strictObject({ items: z.array(groupCodeView) });
export type GroupCodeView = z.output<typeof groupCodeView>;

export const groupWelcomeTemplateView = z.strictObject({
  id: z.string(),
  name: z.string().optional(),
  text: z.string().describe('欢迎语，{{name}} 为客户昵称 / the text, {{name}} is the nickname'),
  notify: z.boolean(),
  templateId: z.string().describe('企业微信素材 template_id / WeCom template_id'),
  status: z.enum(['active', 'deleted']),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export const groupWelcomeTemplateListView = z.strictObject({ items: z.array(groupWelcomeTemplateView) });
export type GroupWelcomeTemplateView = z.output<typeof groupWelcomeTemplateView>;
