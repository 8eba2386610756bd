// Customers in the admin API (docs/manual.md#admin-api): GET …/customers?staff=&tag=&channel=&status=&addedFrom=&addedTo=&stage=&field.<id>=&cursor=&limit= and
// GET …/customers/{externalUserId} (with custom field values, stage and stage history); ?format=csv exports the list (客户列表)
// with a stage column and one column per custom field. Role scope: staff keys see their own customers, manager keys those of
// their department's staff (staff registry), other roles all; follows and timeline outside the scope are
// not shown, and a customer with none inside it is a 404. The members' remark phone numbers (stored sealed) are
// opened in the detail only, for roles with customers:phones (admin, manager in scope); never in the list or CSV.
import * as z from 'zod';
import type { Principal } from '../../shared/auth/authenticate';
import { channelIdOfState } from '../../shared/channels/channel';
import type { Clock } from '../../shared/clock';
import { PERMISSIONS } from '../../shared/auth/permissions';
import { openMobiles } from '../../shared/customers/remark-mobiles';
import { customerScope } from '../../shared/customers/scope';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { DynamoCustomerFieldStore } from '../../shared/db/customer-field-repository';
import type { CustomerProfile, DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { cellOf, hasAttributeFilter, matchesAttributes, visibleValues, type AttributeFilter, type FieldDefinition } from '../../shared/domain/customer-fields';
import { inScope, matchesFilter, visibleFollows, type CustomerScope, type TimelineItem } from '../../shared/domain/customers';
import type { FollowView } from '../../shared/domain/relationship';
import { ForbiddenError, NotFoundError } from '../../shared/errors';
import { csvPages, localTime, type Column, type CsvLang } from '../../shared/http/csv';
import { daySchema } from '../../shared/input/day.schema';
import { cursorParam, limitParam } from '../../shared/input/params';
import { msg } from '../../shared/i18n/messages';
import type { SecretBox } from '../../shared/secrets/secret-box';
import { checkAttributeFilter, moveOut, stageMoveView } from './customer-fields';

export interface CustomerDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'followsOfStaffPage'>;
  customerRecords: Pick<DynamoCustomerStore, 'get' | 'page' | 'timeline'>;
  staffRegistry: StaffRegistry;
  customerFields: Pick<DynamoCustomerFieldStore, 'definitions' | 'stages' | 'attributes' | 'history'>;
  /** Opens the remark phone numbers (the tenant secret box). */
  secrets: SecretBox;
}

const TIMELINE_LIMIT = 100;
const STAGE_HISTORY_LIMIT = 100;
/** `field.<id>=<value>` in the customers query: a custom field condition (docs/manual.md#自定义字段与客户阶段). */
const FIELD_PREFIX = 'field.';
const FIELD_KEY = /^field\.[A-Za-z0-9_-]{1,64}$/;
/** Customers examined per request at most; a page may hold fewer than `limit` items and still a cursor. */
const SCAN_BUDGET = 500;

const id = z.string().min(1).max(128);
export const customersQuery = z
  .looseObject({
    staff: id.optional(),
    tag: id.optional(),
    channel: id.optional(),
    status: z.enum(['active', 'deleted_by_staff', 'deleted_by_customer']).optional(),
    addedFrom: daySchema.optional().describe('添加日期起（含，YYYY-MM-DD，北京时间）/ added on or after this day (Asia/Shanghai)'),
    addedTo: daySchema.optional().describe('添加日期止（含）/ added on or before this day (Asia/Shanghai)'),
    limit: limitParam(100),
    cursor: cursorParam,
    format: z.enum(['json', 'csv']).default('json'),
    stage: z
      .string()
      .min(1)
      .max(400)
      .optional()
      .describe(
        '客户阶段，多个用英文逗号分隔（任一）；另可加 field.<字段id>=值 按自定义字段筛选 / stage(s), comma-separated (any of); add field.<fieldId>=value to filter by custom fields',
      ),
  })
  .refine((q) => q.addedFrom === undefined || q.addedTo === undefined || q.addedFrom <= q.addedTo, {
    message: '添加日期止不能早于起 (addedTo before addedFrom)',
    path: ['addedTo'],
  })
  .superRefine((q, ctx) => {
    for (const [k, v] of Object.entries(q)) {
      if (!k.startsWith(FIELD_PREFIX)) continue;
      if (!FIELD_KEY.test(k) || typeof v !== 'string' || v.length === 0 || v.length > 200)
        ctx.addIssue({ code: 'custom', path: [k], message: 'field.<字段id>=值（1–200 字符）/ field.<fieldId>=value (1–200 characters)' });
    }
  })
  .transform(({ staff, tag, channel, status, addedFrom, addedTo, limit, cursor, format, stage, ...rest }) => ({
    staff,
    tag,
    channel,
    status,
    addedFrom,
    addedTo,
    limit,
    cursor,
    format,
    stages: stage
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    fields: Object.entries(rest)
      .filter((e): e is [string, string] => e[0].startsWith(FIELD_PREFIX) && typeof e[1] === 'string')
      .map(([k, value]) => ({ field: k.slice(FIELD_PREFIX.length), value })),
  }));
type ListQuery = Partial<Omit<z.output<typeof customersQuery>, 'format' | 'stages' | 'fields'>> & AttributeFilter;
export const customerParams = z.object({ externalUserId: z.string() });

const isoOrNull = z.iso.datetime().nullable();
/** One follow (员工 ↔ 客户) of a customer as the API shows it. */
export const followView = z.strictObject({
  userId: z.string(),
  state: z.string().nullable().describe('添加时的联系我 state / the contact way state of the add'),
  channelId: z.string().nullable().describe('state 对应的渠道，非渠道添加为 null / the channel the state names'),
  tags: z.array(z.string()).describe('企业标签 id / corp tag ids'),
  remark: z.string().nullable(),
  remarkMobiles: z
    .array(z.string())
    .optional()
    .describe('成员备注的手机号：仅客户详情、仅管理员/主管可见，否则不返回 / the member’s remark phone numbers: detail only, admins and managers only'),
  addedAt: isoOrNull,
  status: z.enum(['active', 'deleted_by_staff', 'deleted_by_customer']),
  changedAt: isoOrNull,
});
const customerFields = {
  externalUserId: z.string(),
  name: z.string().nullable(),
  avatar: z.string().nullable(),
  type: z.number().int().nullable().describe('1 = 微信用户，2 = 企业微信用户 / 1 WeChat user, 2 WeCom user'),
  corpName: z.string().nullable(),
  follows: z.array(followView),
  stage: z.string().nullable().describe('客户阶段，未设置为 null / the customer’s stage, null when never set'),
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.array(z.string())]))
    .describe('自定义字段 id → 值（已删除字段不显示）/ custom field id → value (deleted fields hidden)'),
};
export const customerView = z.strictObject(customerFields);
export const customerListView = z.strictObject({ items: z.array(customerView), cursor: z.string().nullable() });
export const timelineItemView = z.strictObject({
  at: isoOrNull,
  kind: z.enum([
    'added',
    'added_half',
    'deleted_by_staff',
    'deleted_by_customer',
    'transfer_failed',
    'transferred',
    'tags_changed',
    'remark_changed',
    'stage_changed',
  ]),
  userId: z.string(),
  channelId: z.string().optional(),
  state: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional().describe('事件附带信息（如 failReason、source）/ what the event carried'),
});
export const customerDetailView = z.strictObject({
  ...customerFields,
  stageHistory: z.array(stageMoveView).describe('阶段变更记录，最新在前 / stage moves, newest first'),
  timeline: z.array(timelineItemView),
});

const iso = (s: number | null) => (s === null ? null : new Date(s * 1000).toISOString());

function followOut(f: FollowView): z.output<typeof followView> {
  return {
    userId: f.userId,
    state: f.state,
    channelId: channelIdOfState(f.state) ?? null,
    tags: f.tags,
    remark: f.remark,
    addedAt: iso(f.addedAt),
    status: f.status,
    changedAt: iso(f.changedAt),
  };
}

function timelineOut(t: TimelineItem): z.output<typeof timelineItemView> {
  return {
    at: iso(t.at),
    kind: t.kind,
    userId: t.userId,
    ...(t.channelId ? { channelId: t.channelId } : {}),
    ...(t.state ? { state: t.state } : {}),
    ...(t.detail ? { detail: t.detail } : {}),
  };
}

/** A customer's stored stage and values (values of deleted definitions hidden). */
type Attributes = { stage: string | null; fields: z.output<typeof customerView>['fields'] };

async function attributesFor(deps: CustomerDeps, corpId: string, externalUserId: string, defs: readonly FieldDefinition[]): Promise<Attributes> {
  const a = await deps.customerFields.attributes(corpId, externalUserId);
  return { stage: a?.stage ?? null, fields: visibleValues(defs, a?.fields ?? {}) };
}

function customerOut(externalUserId: string, profile: CustomerProfile | undefined, follows: FollowView[], attrs: Attributes): z.output<typeof customerView> {
  return {
    externalUserId,
    name: profile?.name ?? null,
    avatar: profile?.avatar ?? null,
    type: profile?.type ?? null,
    corpName: profile?.corpName ?? null,
    follows: follows.map(followOut),
    stage: attrs.stage,
    fields: attrs.fields,
  };
}

export async function getCustomer(
  deps: CustomerDeps,
  corpId: string,
  principal: Principal,
  externalUserId: string,
): Promise<z.output<typeof customerDetailView>> {
  const scope = await customerScope(deps, corpId, principal);
  const [all, profile] = await Promise.all([deps.follows.followsOfCustomer(corpId, externalUserId), deps.customerRecords.get(corpId, externalUserId)]);
  const follows = visibleFollows(all, scope);
  if (follows.length === 0) throw new NotFoundError(msg('unknown_customer'));
  const [timeline, defs, history] = await Promise.all([
    deps.customerRecords.timeline(corpId, externalUserId, TIMELINE_LIMIT),
    deps.customerFields.definitions(corpId),
    deps.customerFields.history(corpId, externalUserId, STAGE_HISTORY_LIMIT),
  ]);
  const attrs = await attributesFor(deps, corpId, externalUserId, defs);
  const out = customerOut(externalUserId, profile, follows, attrs);
  if ((PERMISSIONS['customers:phones'] as readonly string[]).includes(principal.role)) {
    out.follows = await Promise.all(
      follows.map(async (f, i) => ({ ...out.follows[i]!, remarkMobiles: await openMobiles(deps.secrets, corpId, f.remarkMobilesCipher) })),
    );
  }
  return {
    ...out,
    stageHistory: history.map(moveOut),
    timeline: timeline.filter((t) => inScope(scope, t.userId) || t.kind === 'stage_changed').map(timelineOut),
  };
}

/** The ids to walk: one staff member's follows (GSI1), or the tenant's customer index. */
function baseOf(deps: CustomerDeps, corpId: string, scope: CustomerScope, principal: Principal, staff: string | undefined) {
  const userId = staff ?? (principal.role === 'staff' ? principal.userId : undefined);
  if (userId !== undefined) {
    if (!inScope(scope, userId)) throw new ForbiddenError(msg('customers_outside_scope'));
    return async (limit: number, after?: string) => {
      const p = await deps.follows.followsOfStaffPage(corpId, userId, limit, after);
      return { items: p.items.map((f) => f.externalUserId), last: p.last };
    };
  }
  return (limit: number, after?: string) => deps.customerRecords.page(corpId, limit, after);
}

export async function listCustomers(deps: CustomerDeps, corpId: string, principal: Principal, q: ListQuery): Promise<z.output<typeof customerListView>> {
  const limit = q.limit ?? 20;
  // The cursor first: a refused cursor reads nothing.
  let after = q.cursor ? decodeCursor('customers', q.cursor).a : undefined;
  const attributeFilter = { stages: q.stages, fields: q.fields };
  // Stage and field conditions are checked against the pipeline and the definitions (400 naming each bad one).
  const defs = hasAttributeFilter(attributeFilter) ? await checkAttributeFilter(deps, corpId, attributeFilter) : await deps.customerFields.definitions(corpId);
  const scope = await customerScope(deps, corpId, principal);
  const base = baseOf(deps, corpId, scope, principal, q.staff);
  const items: ReturnType<typeof customerOut>[] = [];
  let examined = 0;
  let more = true;
  while (items.length < limit && more && examined < SCAN_BUDGET) {
    const page = await base(Math.min(100, SCAN_BUDGET - examined), after);
    more = page.last !== null;
    for (const ext of page.items) {
      examined += 1;
      after = ext;
      const follows = await deps.follows.followsOfCustomer(corpId, ext);
      if (!matchesFilter(follows, q, scope, channelIdOfState)) continue;
      const attrs = await deps.customerFields.attributes(corpId, ext);
      if (matchesAttributes(defs, attrs, attributeFilter)) {
        const shown = { stage: attrs?.stage ?? null, fields: visibleValues(defs, attrs?.fields ?? {}) };
        items.push(customerOut(ext, await deps.customerRecords.get(corpId, ext), visibleFollows(follows, scope), shown));
        if (items.length === limit) {
          more = more || page.items.indexOf(ext) < page.items.length - 1;
          break;
        }
      }
    }
    if (page.items.length === 0) more = false;
  }
  return { items, cursor: more && after !== undefined ? encodeCursor('customers', { a: after }) : null };
}

/** One line of the customers export: a customer with one of its follows in the caller's scope (员工 ↔ 客户). */
interface FollowLine {
  customer: ReturnType<typeof customerOut>;
  follow: ReturnType<typeof followOut>;
}
const STATUS_ZH: Record<string, string> = { active: '已添加', pending: '待通过', deleted_by_staff: '员工删除客户', deleted_by_customer: '客户删除员工' };
const CUSTOMER_CSV: Column<FollowLine>[] = [
  { zh: '客户ID', en: 'externalUserId', value: (l) => l.customer.externalUserId },
  { zh: '客户', en: 'name', value: (l) => l.customer.name },
  { zh: '客户类型', en: 'type', value: (l) => l.customer.type },
  { zh: '客户企业', en: 'corpName', value: (l) => l.customer.corpName },
  { zh: '员工', en: 'userId', value: (l) => l.follow.userId },
  { zh: '备注', en: 'remark', value: (l) => l.follow.remark },
  { zh: '标签', en: 'tags', value: (l) => l.follow.tags.join('; ') },
  { zh: '渠道', en: 'channelId', value: (l) => l.follow.channelId },
  { zh: '添加时间', en: 'addedAt', value: (l) => localTime(l.follow.addedAt) },
  { zh: '状态', en: 'status', value: (l) => l.follow.status },
  { zh: '状态说明', en: 'statusText', value: (l) => STATUS_ZH[l.follow.status] ?? l.follow.status },
];

/**
 * The customers export (客户列表): one line per customer and staff member in the caller's scope, with the
 * list's filters, page by page from `cursor` up to the cap (shared/http/csv.ts). After the fixed columns:
 * the stage (客户阶段), then one column per active custom field (header: its name in Chinese, `field.<id>` in
 * English; multi choices joined with `; ` like tags).
 */
export async function customersCsv(deps: CustomerDeps & { clock: Clock }, corpId: string, principal: Principal, q: ListQuery, lang: CsvLang) {
  const defs = (await deps.customerFields.definitions(corpId)).filter((d) => d.status === 'active');
  const columns: Column<FollowLine>[] = [
    ...CUSTOMER_CSV,
    { zh: '客户阶段', en: 'stage', value: (l) => l.customer.stage },
    ...defs.map((d): Column<FollowLine> => ({ zh: d.name, en: `field.${d.id}`, value: (l) => cellOf(l.customer.fields[d.id]) })),
  ];
  return csvPages({
    columns,
    lang,
    cursor: q.cursor,
    now: () => deps.clock.now(),
    page: async (cursor) => {
      const page = await listCustomers(deps, corpId, principal, { ...q, limit: 100, cursor });
      return { items: page.items.flatMap((customer) => customer.follows.map((follow) => ({ customer, follow }))), cursor: page.cursor };
    },
  });
}
