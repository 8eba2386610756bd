// Customers in the admin API (docs/manual.md#admin-api): GET …/customers?staff=&tag=&channel=&status=&addedFrom=&addedTo=&cursor=&limit= and
// GET …/customers/{externalUserId}; ?format=csv exports the list (客户列表). Role scope: staff keys see their own customers, manager keys those of
// their department's staff (staff registry), other roles all; follows and timeline outside the scope are
// not shown, and a customer with none inside it is a 404.
import { z } from 'zod';
import type { Principal } from '../../shared/auth/authenticate';
import { channelIdOfState } from '../../shared/channels/channel';
import type { Clock } from '../../shared/clock';
import { customerScope } from '../../shared/customers/scope';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { CustomerProfile, DynamoCustomerStore } from '../../shared/db/customer-repository';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import { inScope, matchesFilter, visibleFollows, type CustomerScope, type TimelineItem } from '../../shared/domain/customers';
import type { FollowView } from '../../shared/domain/relationship';
import { ForbiddenError, NotFoundError } from '../../shared/errors';
import { csvPages, localTime, type Column, type CsvLang } from '../../shared/http/csv';
import { daySchema } from '../../shared/input/day.schema';
import { cursorParam, limitParam } from '../../shared/input/params';
import { msg } from '../../shared/i18n/messages';

export interface CustomerDeps {
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'followsOfStaffPage'>;
  customerRecords: Pick<DynamoCustomerStore, 'get' | 'page' | 'timeline'>;
  staffRegistry: StaffRegistry;
}

const TIMELINE_LIMIT = 100;
/** Customers examined per request at most; a page may hold fewer than `limit` items and still a cursor. */
const SCAN_BUDGET = 500;

const id = z.string().min(1).max(128);
export const customersQuery = z
  .object({
    staff: id.optional(),
    tag: id.optional(),
    channel: id.optional(),
    status: z.enum(['active', 'deleted_by_staff', 'deleted_by_customer']).optional(),
    addedFrom: daySchema.optional().describe('添加日期起（含，YYYY-MM-DD，北京时间）/ added on or after this day (Asia/Shanghai)'),
    addedTo: daySchema.optional().describe('添加日期止（含）/ added on or before this day (Asia/Shanghai)'),
    limit: limitParam(100),
    cursor: cursorParam,
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.addedFrom === undefined || q.addedTo === undefined || q.addedFrom <= q.addedTo, {
    message: '添加日期止不能早于起 (addedTo before addedFrom)',
    path: ['addedTo'],
  });
export const customerParams = z.object({ externalUserId: z.string() });

const isoOrNull = z.iso.datetime().nullable();
/** One follow (员工 ↔ 客户) of a customer as the API shows it. */
export const followView = z.strictObject({
  userId: z.string(),
  state: z.string().nullable().describe('添加时的联系我 state / the contact way state of the add'),
  channelId: z.string().nullable().describe('state 对应的渠道，非渠道添加为 null / the channel the state names'),
  tags: z.array(z.string()).describe('企业标签 id / corp tag ids'),
  remark: z.string().nullable(),
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
};
export const customerView = z.strictObject(customerFields);
export const customerListView = z.strictObject({ items: z.array(customerView), cursor: z.string().nullable() });
export const timelineItemView = z.strictObject({
  at: isoOrNull,
  kind: z.enum(['added', 'added_half', 'deleted_by_staff', 'deleted_by_customer', 'transfer_failed', 'transferred', 'tags_changed', 'remark_changed']),
  userId: z.string(),
  channelId: z.string().optional(),
  state: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional().describe('事件附带信息（如 failReason、source）/ what the event carried'),
});
export const customerDetailView = z.strictObject({ ...customerFields, timeline: z.array(timelineItemView) });

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

function customerOut(externalUserId: string, profile: CustomerProfile | undefined, follows: FollowView[]): z.output<typeof customerView> {
  return {
    externalUserId,
    name: profile?.name ?? null,
    avatar: profile?.avatar ?? null,
    type: profile?.type ?? null,
    corpName: profile?.corpName ?? null,
    follows: follows.map(followOut),
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
  const timeline = (await deps.customerRecords.timeline(corpId, externalUserId, TIMELINE_LIMIT)).filter((t) => inScope(scope, t.userId));
  return { ...customerOut(externalUserId, profile, follows), timeline: timeline.map(timelineOut) };
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

export async function listCustomers(
  deps: CustomerDeps,
  corpId: string,
  principal: Principal,
  q: Omit<z.output<typeof customersQuery>, 'format'>,
): Promise<z.output<typeof customerListView>> {
  const limit = q.limit ?? 20;
  let after = q.cursor ? decodeCursor('customers', q.cursor).a : undefined;
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
      if (matchesFilter(follows, q, scope, channelIdOfState)) {
        items.push(customerOut(ext, await deps.customerRecords.get(corpId, ext), visibleFollows(follows, scope)));
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
 * list's filters, page by page from `cursor` up to the cap (shared/http/csv.ts).
 */
export function customersCsv(
  deps: CustomerDeps & { clock: Clock },
  corpId: string,
  principal: Principal,
  q: Omit<z.output<typeof customersQuery>, 'format'>,
  lang: CsvLang,
) {
  return csvPages({
    columns: CUSTOMER_CSV,
    lang,
    cursor: q.cursor,
    now: () => deps.clock.now(),
    page: async (cursor) => {
      const page = await listCustomers(deps, corpId, principal, { ...q, limit: 100, cursor });
      return { items: page.items.flatMap((customer) => customer.follows.map((follow) => ({ customer, follow }))), cursor: page.cursor };
    },
  });
}
