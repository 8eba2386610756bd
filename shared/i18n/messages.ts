// The catalogue of messages a client or operator reads, keyed by stable ids, in zh-CN and en. `{name}` marks a
// parameter. Error *codes* are not here: they stay English identifiers (shared/errors.ts).
import type { Lang } from './language';

export const MESSAGES = {
  route_not_found: { 'zh-CN': '没有这个接口', en: 'no such route' },
  method_not_allowed: { 'zh-CN': '此路径不支持 {method} 方法，可用：{allow}', en: 'method {method} is not allowed here; allowed: {allow}' },
  body_not_json: { 'zh-CN': '请求体不是有效的 JSON', en: 'request body is not valid JSON' },
  invalid_corp_id: { 'zh-CN': '企业 ID（corpId）无效', en: 'invalid corp id' },
  invalid_path: { 'zh-CN': '路径参数无效', en: 'invalid path' },
  invalid_query: { 'zh-CN': '查询参数无效', en: 'invalid query' },
  invalid_request: { 'zh-CN': '请求内容无效', en: 'invalid request' },
  invalid_tenant: { 'zh-CN': '租户配置无效', en: 'invalid tenant' },
  invalid_sop_plan: { 'zh-CN': 'SOP 计划无效', en: 'invalid SOP plan' },
  invalid_api_key_request: { 'zh-CN': 'API 密钥请求无效', en: 'invalid api key request' },
  invalid_archive_secrets: { 'zh-CN': '会话存档密钥请求无效', en: 'invalid archive secrets request' },
  invalid_archive_key: { 'zh-CN': '会话存档私钥无效（须为 PEM 格式的 RSA 私钥）', en: 'invalid archive private key (must be an RSA private key in PEM)' },
  too_many_archive_keys: { 'zh-CN': '会话存档私钥版本过多', en: 'too many archive private key versions' },
  invalid_broadcast: { 'zh-CN': '群发内容无效', en: 'invalid broadcast' },
  invalid_channel: { 'zh-CN': '渠道无效', en: 'invalid channel' },
  invalid_group_code: { 'zh-CN': '群活码无效', en: 'invalid group code' },
  invalid_group_welcome_template: { 'zh-CN': '入群欢迎语模板无效', en: 'invalid group welcome template' },
  invalid_job_run: { 'zh-CN': '任务运行参数无效', en: 'invalid job run' },
  invalid_keyword_rule: { 'zh-CN': '关键词规则无效', en: 'invalid keyword rule' },
  invalid_metric_settings: { 'zh-CN': '指标设置无效', en: 'invalid metric settings' },
  invalid_moment: { 'zh-CN': '朋友圈内容无效', en: 'invalid moment' },
  invalid_orders: { 'zh-CN': '订单无效', en: 'invalid orders' },
  invalid_quick_reply: { 'zh-CN': '快捷回复无效', en: 'invalid quick reply' },
  // webhooks
  invalid_webhook: { 'zh-CN': 'Webhook 订阅无效（url、events 取值见文档）', en: 'invalid webhook subscription (see the docs for url and events)' },
  webhook_url_refused: {
    'zh-CN': '推送地址被拒绝（{reason}）：生产环境只接受 https 且解析到公网地址的 URL',
    en: 'webhook URL refused ({reason}): only https URLs that resolve to public addresses are accepted',
  },
  webhook_limit: { 'zh-CN': '每个企业最多 {max} 个 Webhook 订阅', en: 'at most {max} webhook subscriptions per tenant' },
  unknown_webhook: { 'zh-CN': '没有这个 Webhook 订阅', en: 'no such webhook subscription' },
  webhook_disabled: { 'zh-CN': 'Webhook 订阅已停用，启用后才能重放', en: 'the webhook subscription is disabled; enable it to replay' },
  invalid_webhook_replay: {
    'zh-CN': '重放时间窗无效：需 from < to，且跨度不超过 {days} 天',
    en: 'invalid replay window: from must be before to, at most {days} days apart',
  },
  webhook_replay_too_large: { 'zh-CN': '时间窗内事件超过 {max} 条，请缩小时间窗', en: 'more than {max} events in the window; narrow it' },
  // the material library (素材库)
  invalid_material: { 'zh-CN': '素材无效', en: 'invalid material' },
  material_not_found: { 'zh-CN': '没有这个素材：{id}', en: 'no such material: {id}' },
  material_cover_not_image: { 'zh-CN': '封面必须是图片素材：{id}', en: 'the cover must be an image material: {id}' },
  material_type_refused: { 'zh-CN': '企业微信不接受此类型的{kind}素材，仅支持 {limit}', en: 'WeCom refuses this type for {kind}; allowed: {limit}' },
  material_too_small: { 'zh-CN': '文件太小：企业微信要求 {limit}', en: 'file too small: WeCom requires {limit}' },
  material_too_large: { 'zh-CN': '{kind}素材超过企业微信上限 {limit}', en: "{kind} exceeds WeCom's limit of {limit}" },
  material_unusable: { 'zh-CN': '素材已删除或无法使用：{id}', en: 'the material was deleted or cannot be used: {id}' },
  invalid_replay_request: { 'zh-CN': '重放请求无效', en: 'invalid replay request' },
  invalid_sensitive_words: { 'zh-CN': '敏感词无效', en: 'invalid sensitive words' },
  invalid_spend: { 'zh-CN': '投放花费无效', en: 'invalid spend' },
  invalid_tag: { 'zh-CN': '标签无效', en: 'invalid tag' },
  invalid_group_filter: { 'zh-CN': '群筛选条件无效', en: 'invalid group filter' },
  invalid_stats_range: { 'zh-CN': '统计区间无效', en: 'invalid stats range' },
  invalid_time_range: { 'zh-CN': '时间范围无效', en: 'invalid time range' },
  invalid_date_range: { 'zh-CN': '日期范围无效', en: 'invalid date range' },
  too_large_to_store: { 'zh-CN': '请求内容过大，无法存储', en: 'too large to store' },
  api_key_missing: { 'zh-CN': '缺少 API 密钥或密钥无效', en: 'missing or invalid API key' },
  api_key_revoked: { 'zh-CN': '此 API 密钥已被吊销', en: 'this API key was revoked' },
  api_key_expired: { 'zh-CN': '此 API 密钥已过期', en: 'this API key has expired' },
  forbidden: { 'zh-CN': '此密钥无权执行该操作', en: 'this key may not do that' },
  role_forbidden: { 'zh-CN': '角色 {role} 无权执行 {permission}', en: 'role {role} may not {permission}' },
  session_missing: { 'zh-CN': '未登录或登录已失效，请重新登录', en: 'not signed in, or the session has ended; sign in again' },
  session_member_gone: { 'zh-CN': '该成员已离职、停用或不在通讯录中，无法继续使用', en: 'this member has left, is disabled or is not in the staff directory' },
  session_other_tenant: { 'zh-CN': '此登录会话属于其他企业', en: 'this session belongs to another corp' },
  csrf_failed: {
    'zh-CN': 'CSRF 校验失败：请求缺少或带错了 X-CSRF-Token，或来源不是本站',
    en: 'CSRF check failed: X-CSRF-Token missing or wrong, or a foreign origin',
  },
  login_code_invalid: { 'zh-CN': '登录凭证（code）无效、已使用或已过期，请重新扫码', en: 'the login code is invalid, used or expired; sign in again' },
  login_state_mismatch: {
    'zh-CN': '登录状态（state）不匹配或已过期，请从登录页重新开始',
    en: 'the login state does not match or has expired; start again from the login page',
  },
  login_not_member: { 'zh-CN': '只有本企业的成员可以登录', en: 'only members of this corp may sign in' },
  login_no_agent: { 'zh-CN': '该企业未配置自建应用 AgentId，无法使用企业微信登录', en: 'this corp has no agentId configured; WeCom login is unavailable' },
  login_bad_next: { 'zh-CN': '跳转地址 next 必须是本站的相对路径', en: 'next must be a relative path of this site' },
  login_bad_request: { 'zh-CN': '登录请求参数无效', en: 'invalid login request' },
  dev_login_invalid: {
    'zh-CN': '开发登录链接无效、已使用或已过期，请重启 npm start 获取新链接',
    en: 'the dev login link is invalid, used or expired; restart npm start for a new one',
  },
  session_not_found: { 'zh-CN': '没有这个会话', en: 'no such session' },
  key_of_other_tenant: { 'zh-CN': '此密钥属于其他租户', en: 'this key belongs to another tenant' },
  staff_key_without_user: { 'zh-CN': '此员工密钥未绑定成员 userId', en: 'this staff key has no userId' },
  manager_key_without_department: { 'zh-CN': '此主管密钥未绑定部门', en: 'this manager key has no department' },
  cursor_invalid: { 'zh-CN': '分页游标无效', en: 'invalid cursor' },
  cursor_other_query: { 'zh-CN': '分页游标不属于本次查询', en: 'the cursor belongs to another query' },
  signature_mismatch: { 'zh-CN': '签名不匹配', en: 'signature mismatch' },
  unknown_corp: { 'zh-CN': '未知的企业', en: 'unknown corp' },
  unknown_tenant: { 'zh-CN': '租户不存在', en: 'unknown tenant' },
  unknown_archive_key: { 'zh-CN': '会话存档私钥版本不存在', en: 'unknown archive private key version' },
  unknown_channel: { 'zh-CN': '渠道不存在', en: 'unknown channel' },
  unknown_customer: { 'zh-CN': '客户不存在', en: 'unknown customer' },
  unknown_broadcast: { 'zh-CN': '群发不存在', en: 'unknown broadcast' },
  // Broadcast results: remind and cancel (群发结果).
  broadcast_remind_limit: {
    'zh-CN': '每条群发 24 小时内最多提醒 3 次，下次可提醒时间：{nextAt}',
    en: 'a broadcast can be reminded at most 3 times per 24 hours; next allowed at {nextAt}',
  },
  broadcast_changed: { 'zh-CN': '群发刚被更新，请重试', en: 'the broadcast changed meanwhile; try again' },
  broadcast_not_accepted: { 'zh-CN': '群发尚未提交到企业微信，不能提醒或取消', en: 'the broadcast has not reached WeCom yet: nothing to remind or cancel' },
  broadcast_delivery_final: {
    'zh-CN': '群发已结束（{status}），不能再提醒或取消',
    en: 'the broadcast is over ({status}): it can no longer be reminded or cancelled',
  },
  unknown_moment: { 'zh-CN': '朋友圈任务不存在', en: 'unknown moment' },
  unknown_sop_plan: { 'zh-CN': 'SOP 计划不存在', en: 'unknown SOP plan' },
  unknown_api_key: { 'zh-CN': 'API 密钥不存在', en: 'unknown API key' },
  unknown_keyword_rule: { 'zh-CN': '关键词规则不存在', en: 'unknown keyword rule' },
  unknown_group_code: { 'zh-CN': '群活码不存在', en: 'unknown group code' },
  unknown_group_welcome_template: { 'zh-CN': '入群欢迎语模板不存在', en: 'unknown group welcome template' },
  staff_outside_department: { 'zh-CN': '该员工不在你的部门内', en: 'that staff member is outside your department' },
  staff_outside_scope: { 'zh-CN': '该员工不在你的可见范围内', en: 'that staff member is outside your scope' },
  customers_outside_scope: { 'zh-CN': '这些客户不在此密钥的可见范围内', en: "these customers are outside this key's scope" },
  unknown_group_chats: { 'zh-CN': '群聊不存在', en: 'unknown group chats' },
  group_code_all_dismissed: { 'zh-CN': '该活码的群聊都已解散', en: 'every group of the code was dismissed' },
  group_code_deleted: { 'zh-CN': '群活码已删除', en: 'group code was deleted' },
  group_welcome_template_deleted: { 'zh-CN': '入群欢迎语模板已删除', en: 'group welcome template was deleted' },
  channel_deleted: { 'zh-CN': '渠道已删除', en: 'channel was deleted' },
  range_to_before_from: { 'zh-CN': '结束时间（to）早于开始时间（from）', en: '`to` is before `from`' },
  range_over_31_days: { 'zh-CN': '时间范围最多 31 天', en: 'a time range spans at most 31 days' },
  sop_plan_changed: { 'zh-CN': 'SOP 计划已被修改，请重新读取', en: 'the SOP plan changed meanwhile; read it again' },
  tag_name_taken: { 'zh-CN': '该标签组内已有同名标签', en: 'a tag of this name already exists in this group' },
  callback_get_or_post: { 'zh-CN': '回调只接受 GET 或 POST', en: 'GET or POST only' },
  callback_too_large: { 'zh-CN': '回调内容超过 256 KiB', en: 'callback body exceeds 256 KiB' },
  callback_signature_params: { 'zh-CN': '缺少或格式错误的 msg_signature/timestamp/nonce', en: 'missing or malformed msg_signature/timestamp/nonce' },
  callback_event_invalid: { 'zh-CN': '事件内容不符合格式', en: 'event does not match its schema' },
  callback_verify_query: { 'zh-CN': '回调验证参数无效', en: 'bad verification query' },
  unknown_job: { 'zh-CN': '没有任务 {job}，可用的任务：{jobs}', en: 'no job {job}; jobs are {jobs}' },
  job_date_rollup_only: {
    'zh-CN': 'date 只适用于 rollup；其他任务请用 now 指定时间',
    en: 'date applies to the rollup only; run other jobs as of a time with now',
  },
  rollup_day_refused: { 'zh-CN': '无法汇总 {date}', en: 'the rollup cannot run for {date}' },
  call_budget_spent: { 'zh-CN': '该租户本分钟内 {api} 的调用额度已用完，请稍后重试', en: 'call budget of {api} for this tenant is spent for this minute' },
  tenant_secrets_required: {
    'zh-CN': '新租户需要提供回调 Token、EncodingAESKey 和 secret',
    en: 'a new tenant needs its callback token, EncodingAESKey and secret',
  },
  group_welcome_templates_full: { 'zh-CN': '每个企业最多 {max} 个入群欢迎语模板', en: 'at most {max} group welcome templates per corp' },
  lease_busy: { 'zh-CN': '{name} 正在被其他操作更新，请重试', en: '{name} is being updated by another writer; retry' },
  tag_not_created: { 'zh-CN': '企业微信没有创建标签', en: 'WeCom created no tag' },
  // the sidebar's JS-SDK signatures (functions/sidebar-api)
  untrusted_page_url: {
    'zh-CN': '页面地址不在可信域名 {host} 下，不予签名',
    en: 'the page URL is not under the trusted domain {host}; not signed',
  },
  no_trusted_domain: { 'zh-CN': '未配置可信域名（PUBLIC_BASE_URL），无法签名', en: 'no trusted domain is configured (PUBLIC_BASE_URL); cannot sign' },
  tenant_has_no_agent: { 'zh-CN': '租户未配置应用 AgentId，无法为侧边栏签名', en: 'the tenant has no agentId; cannot sign for the sidebar' },
  sidebar_member_only: { 'zh-CN': '侧边栏仅供企业成员（员工及以上角色）使用', en: 'the sidebar is for members of the corp (role staff or higher)' },
  sidebar_needs_member: {
    'zh-CN': '侧边栏需要以企业成员身份登录（当前登录未对应任何成员 userid，例如开发用超级管理员登录）',
    en: 'the sidebar needs a member of the corp (this sign-in names no member userid, e.g. the dev super-admin login)',
  },
  sidebar_customer_forbidden: { 'zh-CN': '你没有添加该客户，无法查看或编辑', en: 'you do not follow this customer' },
  sidebar_group_forbidden: { 'zh-CN': '你不是该群的群主或成员，无法查看', en: 'you neither own nor are in this group' },
  sidebar_unknown_tags: { 'zh-CN': '标签不存在或已删除：{ids}', en: 'unknown or deleted tags: {ids}' },
  sidebar_unknown_quick_reply: { 'zh-CN': '话术不存在', en: 'unknown quick reply' },
  // Sidebar: stage, fields and materials (侧边栏).
  sidebar_customer_not_followed: { 'zh-CN': '客户不存在或你没有添加该客户', en: 'no such customer among the ones you follow' },
  sidebar_material_unusable: {
    'zh-CN': '素材无法发送：{reason}',
    en: 'the material cannot be sent: {reason}',
  },
  // ── inheritance (transfers) ──
  invalid_transfer: { 'zh-CN': '客户继承请求无效', en: 'invalid transfer' },
  unknown_transfer: { 'zh-CN': '继承任务不存在', en: 'unknown transfer' },
  transfer_unknown_member: { 'zh-CN': '成员不存在：{userId}', en: 'unknown member: {userId}' },
  transfer_same_member: { 'zh-CN': '原成员与接替成员不能相同：{userId}', en: 'the handover and takeover member are the same: {userId}' },
  transfer_successor_inactive: { 'zh-CN': '接替成员 {userId} 不是在职状态，不能接替', en: 'successor {userId} is not active and cannot take over' },
  transfer_kind_resigned_member: {
    'zh-CN': '{userId} 已离职：请使用离职继承（kind: "resigned"）',
    en: '{userId} has resigned: use kind "resigned"',
  },
  transfer_kind_onjob_member: { 'zh-CN': '{userId} 未离职：请使用在职继承（kind: "onjob"）', en: '{userId} has not resigned: use kind "onjob"' },
  transfer_message_resigned: { 'zh-CN': '离职继承不支持转接提示语（message）', en: 'a resigned transfer takes no message' },
  transfer_too_many_items: {
    'zh-CN': '一次继承最多 {max} 个客户与群（本次 {count} 个）',
    en: 'a transfer holds at most {max} customers and groups ({count} given)',
  },
  // custom fields and customer stages (functions/admin-api/customer-fields.ts)
  invalid_customer_field: { 'zh-CN': '自定义字段定义无效', en: 'invalid custom field definition' },
  unknown_customer_field: { 'zh-CN': '自定义字段不存在或已删除', en: 'unknown or deleted custom field' },
  customer_fields_full: { 'zh-CN': '每个企业最多 {max} 个自定义字段', en: 'at most {max} custom fields per corp' },
  customer_field_options_removed: {
    'zh-CN': '字段选项只能新增，不能删除（客户可能已在使用）：{options}',
    en: 'options can be added, not removed (customers may hold them): {options}',
  },
  customer_field_values_invalid: { 'zh-CN': '自定义字段值无效：{fields}', en: 'invalid custom field values: {fields}' },
  invalid_customer_stages: { 'zh-CN': '客户阶段设置无效', en: 'invalid customer stages' },
  unknown_customer_stage: { 'zh-CN': '阶段不存在：{stage}（可选：{stages}）', en: 'unknown stage: {stage} (stages: {stages})' },
  customer_stage_in_use: { 'zh-CN': '阶段「{stage}」下还有 {count} 个客户，不能移除', en: 'stage {stage} still holds {count} customers; it cannot be removed' },
  customer_changed_meanwhile: { 'zh-CN': '该客户的资料刚被他人修改，请刷新后重试', en: 'the customer was changed meanwhile; reload and retry' },
  invalid_customer_filter: { 'zh-CN': '客户筛选条件无效：{fields}', en: 'invalid customer filter: {fields}' },
  // tags on customers, tag edits, personal data (issue #17)
  follow_not_found: { 'zh-CN': '该成员没有在跟进此客户', en: 'this member does not follow the customer' },
  tag_not_found: { 'zh-CN': '标签或标签组不存在', en: 'no such tag or tag group' },
  invalid_tag_edit: { 'zh-CN': '标签修改无效（add/remove 至少一项，每项最多 100 个）', en: 'invalid tag edit (add or remove required, at most 100 each)' },
  internal: { 'zh-CN': '服务内部错误', en: 'internal error' },
  unavailable: { 'zh-CN': '服务暂时不可用，请稍后重试', en: 'temporarily unavailable, retry' },
  // 获客链接 (issue 16 part 4)
  invalid_acquisition_link: { 'zh-CN': '获客链接无效', en: 'invalid acquisition link' },
  unknown_acquisition_link: { 'zh-CN': '获客链接不存在', en: 'unknown acquisition link' },
  channel_is_acquisition_link: {
    'zh-CN': '该渠道是获客链接，请通过 acquisition-links/{id} 修改',
    en: 'this channel is an acquisition link; update it through acquisition-links/{id}',
  },
  invalid_acquisition_stats_range: {
    'zh-CN': '获客链接统计：时间范围最多 30 天，且只能查询最近 180 天',
    en: 'link statistics: at most 30 days, within the last 180 days',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageId = keyof typeof MESSAGES;
export type MessageParams = Readonly<Record<string, string | number>>;

/** A message by id with its parameters, rendered in a language when it is answered. */
export interface Message {
  readonly id: MessageId;
  readonly params?: MessageParams | undefined;
}

export const msg = (id: MessageId, params?: MessageParams): Message => ({ id, params });

/** The message's text in a language; an unknown parameter stays visible as `{name}`. */
export function renderMessage(m: Message, lang: Lang): string {
  return MESSAGES[m.id][lang].replace(/\{(\w+)\}/g, (all, name: string) => (m.params && name in m.params ? String(m.params[name]) : all));
}

/** What a client reads for each code when a message exists in English only (zh-CN answers lead with it). */
export const CODE_LABEL_ZH: Readonly<Record<string, string>> = {
  validation_failed: '参数校验失败',
  payload_too_large: '内容过大',
  invalid_cursor: '分页游标无效',
  bad_signature: '签名错误',
  unauthorized: '未认证',
  forbidden: '无权操作',
  not_found: '不存在',
  conflict: '冲突',
  unprocessable: '无法处理',
  rate_limited: '请求过于频繁',
  dependency_failed: '依赖服务失败',
  wecom_rejected: '企业微信拒绝了此请求',
};
