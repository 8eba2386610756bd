// The OpenAPI document's words: each resource's tag (Chinese name, then English) with its description,
// and an operation's summary derived from its method and path (a route's own `summary` wins).
import type { Method } from '../route';

export interface Tag {
  name: string;
  zh: string;
  en: string;
  description: string;
}

const tag = (name: string, zh: string, en: string, description: string): Tag => ({ name, zh, en, description });

/** Resources in the order the document lists them. */
export const TAGS: readonly Tag[] = [
  tag('tenants', '租户', 'Tenant', '企业（租户）本身：创建或更新（超级管理员）、读取。The tenant itself: create or update (super-admin), read.'),
  tag('api-keys', 'API 密钥', 'API keys', '租户的 API 密钥：创建（只显示一次）、列出、吊销。A tenant’s API keys: create (shown once), list, revoke.'),
  tag(
    'archive-secrets',
    '会话存档密钥',
    'Archive secrets',
    '会话内容存档的 Secret 与各版本 RSA 私钥：设置（只写）、读取版本与指纹、删除某版本。The archive secret and RSA private keys: set (write-only), read versions and fingerprints, delete a version.',
  ),
  tag('sessions', '登录会话', 'Sessions', '成员的登录会话：列出、吊销（管理员）。Operator sessions: list, revoke (admins).'),
  tag('events', '事件', 'Events', '事件日志：按时间窗口列出，重放到各业务队列。The event log: list a window, replay it into the queues.'),
  tag('channels', '渠道活码', 'Channels', '渠道活码：创建、列出、读取统计、修改、删除，以及每日投放花费。Channel codes: CRUD, stats and daily spend.'),
  tag(
    'acquisition-links',
    '获客链接',
    'Acquisition links',
    '获客助手链接（渠道的一种）：创建、修改、额度、统计；列出与删除走渠道接口。WeCom acquisition links as channels.',
  ),
  tag('keyword-rules', '关键词规则', 'Keyword rules', '关键词自动回复规则。Keyword auto-reply rules.'),
  tag('quick-replies', '话术库', 'Quick replies', '话术库：创建、按分组列出。Quick replies: create, list by group.'),
  tag('conversations', '会话存档', 'Conversations', '敏感词、会话存档搜索、红包台账（可导出 CSV）。Sensitive words, archive search, red-packet ledger (CSV).'),
  tag('group-codes', '群活码', 'Group codes', '群活码：创建、列出、读取、修改、删除。Group codes: CRUD.'),
  tag('group-welcome-templates', '入群欢迎语', 'Group welcome templates', '入群欢迎语素材。Group welcome templates.'),
  tag('groups', '客户群', 'Groups', '客户群登记表。The registry of customer groups.'),
  tag('audit', '审计日志', 'Audit log', '客户生命周期审计日志（可导出 CSV）。The customer lifecycle audit log (CSV).'),
  tag('operation-log', '操作日志', 'Operation log', '管理操作日志（哈希链，可导出 CSV、可校验）。The hash-chained operation log (CSV, verify).'),
  tag('customers', '客户', 'Customers', '客户列表（筛选、分页、可导出 CSV）与客户详情。Customers: list (filter, page, CSV) and one with its timeline.'),
  tag('customer-fields', '自定义字段', 'Custom fields', '客户自定义字段的定义（管理员）。Custom field definitions (admins).'),
  tag('customer-stages', '客户阶段', 'Customer stages', '客户阶段（销售漏斗）设置。The stage pipeline.'),
  tag('staff', '成员', 'Staff', '成员登记表与通讯录同步。The staff registry and directory sync.'),
  tag('tags', '客户标签', 'Corp tags', '企业客户标签。Corp customer tags.'),
  tag('jobs', '定时任务', 'Jobs', '立即运行定时任务；对账报告。Run a scheduled job now; reconcile reports.'),
  tag(
    'broadcasts',
    '群发',
    'Broadcasts',
    '群发：创建（或试运行）、列出、读取结果（成员完成度、客户送达状态，可导出 CSV）、提醒成员、取消。Broadcasts: create or dry-run, list, results (CSV), remind, cancel.',
  ),
  tag('sop-plans', 'SOP 计划', 'SOP plans', 'SOP 计划：创建、列出、读取（含执行记录）、修改。SOP plans.'),
  tag('moments', '客户朋友圈', 'Moments', '客户朋友圈任务。Moments campaigns.'),
  tag('materials', '素材库', 'Materials', '素材库：上传图片/文件/视频（原文件存 S3）、保存链接与小程序卡片、列出、读取、删除。Material library.'),
  tag(
    'transfers',
    '客户继承',
    'Transfers',
    '离职继承与在职继承：把成员的客户与客户群分配给接替成员，跟踪每个客户的接替结果。Inheritance: hand a member’s customers and groups to successors, per-customer results.',
  ),
  tag(
    'metrics',
    '订单与指标',
    'Orders and metrics',
    '订单导入、每日指标、留存、RFM（均可导出 CSV）与指标设置。Orders, daily metrics, cohorts, RFM (CSV), settings.',
  ),
  tag(
    'webhooks',
    'Webhook 推送',
    'Webhooks',
    '签名的事件推送：订阅（密钥只显示一次）、轮换密钥、投递记录、按时间窗重放。Signed event pushes: subscriptions, secret rotation, delivery log, replay.',
  ),
];

/** The first path segment after the tenant → its tag (segments of another resource's routes). */
const SEGMENT_TAG: Record<string, string> = {
  '': 'tenants',
  'sensitive-words': 'conversations',
  archive: 'conversations',
  'red-packet-ledger': 'conversations',
  'reconcile-reports': 'jobs',
  orders: 'metrics',
  'tag-groups': 'tags',
};

const TENANT_PREFIX = '/admin/v1/tenants/{corpId}';

/** The path below the tenant, as segments (`/admin/v1/tenants/{corpId}/channels/{id}` → ['channels', '{id}']). */
export const segmentsOf = (path: string): string[] => (path.startsWith(TENANT_PREFIX) ? path.slice(TENANT_PREFIX.length) : path).split('/').filter(Boolean);

export function tagOf(path: string): Tag {
  const first = segmentsOf(path)[0] ?? '';
  const name = SEGMENT_TAG[first] ?? first;
  const t = TAGS.find((x) => x.name === name);
  if (!t) throw new Error(`no OpenAPI tag for ${path}: add it to openapi/summaries.ts`);
  return t;
}

const pascal = (s: string) => s.replace(/(^|[-_])(\w)/g, (_m, _d: string, c: string) => c.toUpperCase());

/** `get` + segments (a `{param}` as `By<Param>`): `GET …/channels/{id}` → `getChannelsById`. Unique per method and path. */
export function operationIdOf(method: Method, path: string): string {
  const parts = segmentsOf(path).map((s) => (s.startsWith('{') ? `By${pascal(s.slice(1, -1))}` : pascal(s)));
  return `${method.toLowerCase()}${parts.join('') || 'Tenant'}`;
}

const VERB: Record<Method, { zh: string; en: string }> = {
  GET: { zh: '读取', en: 'Read' },
  POST: { zh: '创建', en: 'Create' },
  PUT: { zh: '设置', en: 'Set' },
  PATCH: { zh: '修改', en: 'Update' },
  DELETE: { zh: '删除', en: 'Delete' },
};

/** Paths whose words are not "verb + resource". */
const SPECIAL: Record<string, string> = {
  'POST /admin/v1/tenants/{corpId}/events/replay': '重放事件 · Replay events',
  'POST /admin/v1/tenants/{corpId}/jobs/{job}/run': '立即运行定时任务 · Run a job now',
  'POST /admin/v1/tenants/{corpId}/staff/sync': '同步通讯录 · Sync the staff directory',
  'GET /admin/v1/tenants/{corpId}/operation-log/verify': '校验操作日志哈希链 · Verify the operation log chain',
  'PUT /admin/v1/tenants/{corpId}/channels/{id}/spend': '设置渠道每日花费 · Set a channel’s daily spend',
  'GET /admin/v1/tenants/{corpId}/acquisition-links/quota': '获客助手额度 · Acquisition quota',
  'GET /admin/v1/tenants/{corpId}/acquisition-links/{id}/statistics': '获客链接统计 · Link statistics',
  'POST /admin/v1/tenants/{corpId}/orders': '导入订单 · Import orders',
  'GET /admin/v1/tenants/{corpId}/metrics/daily': '每日指标 · Daily metrics',
  'GET /admin/v1/tenants/{corpId}/metrics/cohorts': '留存队列 · Cohorts',
  'GET /admin/v1/tenants/{corpId}/metrics/rfm': 'RFM 分层 · RFM',
  'GET /admin/v1/tenants/{corpId}/metrics/settings': '读取指标设置 · Read metric settings',
  'PUT /admin/v1/tenants/{corpId}/metrics/settings': '设置指标 · Set metric settings',
  'PUT /admin/v1/tenants/{corpId}/sensitive-words': '设置敏感词 · Set sensitive words',
  'GET /admin/v1/tenants/{corpId}/sensitive-words': '读取敏感词 · Read sensitive words',
  'GET /admin/v1/tenants/{corpId}/archive': '搜索会话存档 · Search the archive',
  'PUT /admin/v1/tenants/{corpId}/archive-secrets': '设置会话存档密钥 · Set the archive secrets',
  'GET /admin/v1/tenants/{corpId}/archive-secrets': '读取会话存档密钥版本 · Read the archive key versions',
  'DELETE /admin/v1/tenants/{corpId}/archive-secrets/keys/{version}': '删除会话存档私钥版本 · Delete an archive key version',
  'GET /admin/v1/tenants/{corpId}/red-packet-ledger': '红包台账 · Red-packet ledger',
  'GET /admin/v1/tenants/{corpId}/reconcile-reports': '对账报告 · Reconcile reports',
  'PUT /admin/v1/tenants/{corpId}': '创建或更新租户 · Create or update the tenant',
  'GET /admin/v1/tenants/{corpId}': '读取租户 · Read the tenant',
  'GET /admin/v1/tenants/{corpId}/staff/{userid}/unassigned': '成员的待分配客户与客户群 · A member’s unassigned customers and groups',
};

/** `创建渠道活码 · Create (Channels)`, `列出渠道活码 · List (Channels)`, `读取渠道活码 · Read one (Channels)`. */
export function summaryOf(method: Method, path: string): string {
  const special = SPECIAL[`${method} ${path}`];
  if (special) return special;
  const t = tagOf(path);
  const one = segmentsOf(path).at(-1)?.startsWith('{') ?? false;
  if (method === 'GET' && !one) return `列出${t.zh} · List (${t.en})`;
  const v = VERB[method];
  return `${v.zh}${t.zh} · ${v.en}${one ? ' one' : ''} (${t.en})`;
}

/** Writes whose success is not the method's default (POST 201, others 200); the contract test checks each. */
const SUCCESS: Record<string, readonly string[]> = {
  'PUT /admin/v1/tenants/{corpId}': ['200', '201'],
  'POST /admin/v1/tenants/{corpId}/broadcasts': ['201', '200'],
  'POST /admin/v1/tenants/{corpId}/broadcasts/{id}/remind': ['200'],
  'POST /admin/v1/tenants/{corpId}/broadcasts/{id}/cancel': ['200'],
  'POST /admin/v1/tenants/{corpId}/events/replay': ['200'],
  'POST /admin/v1/tenants/{corpId}/jobs/{job}/run': ['200'],
  'POST /admin/v1/tenants/{corpId}/staff/sync': ['200'],
  'POST /admin/v1/tenants/{corpId}/orders': ['200'],
  'POST /admin/v1/tenants/{corpId}/transfers': ['202'],
  'POST /admin/v1/tenants/{corpId}/webhooks/{id}/rotate-secret': ['200'],
  'POST /admin/v1/tenants/{corpId}/webhooks/{id}/replay': ['200'],
};

/** The success statuses of an operation (first: the usual one). */
export const successStatuses = (method: Method, path: string): readonly string[] => SUCCESS[`${method} ${path}`] ?? [method === 'POST' ? '201' : '200'];
