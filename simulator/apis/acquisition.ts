// 获客助手 acquisition links (../shared/docs/wecom-frontier.md §3): list/get/create/update/delete a link,
// the customers added through a link, the corp's quota and a link's statistics, and the control-API side
// (a WeChat user opening a link and adding a member through it, as the add_external_contact callback reports it).
// Errcodes: WeCom's docs name none specific to these endpoints; a refused parameter answers 40058 (invalid
// parameter) with a detail, an unknown userid 40003, as the contact-way endpoints do.
import { bytes, chars, optBool, optInt, optObject, optString, optStringArray, page, reqString, seconds, type Body } from '../args';
import type { CorpState } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { Routes } from './api-context';

/** §3.2: the users a link's range covers, at most 500 (DOC 97297, 2023/11/13; older text said 100). */
export const MAX_LINK_USERS = 500;
/** Not stated by the docs seen (§10.5); the simulator takes the contact way's remark limit, 30 characters. */
export const MAX_LINK_NAME_CHARS = 30;
/** §3.3: customer_channel is kept up to 64 bytes (truncated beyond). */
const MAX_STATE_BYTES = 64;
const DAY = 86_400;

interface Link {
  link_id: string;
  link_name: string;
  url: string;
  create_time: number;
  skip_verify: boolean;
  user_list: string[];
  department_list: number[];
}

interface LinkCustomer {
  linkId: string;
  external_userid: string;
  userid: string;
  chat_status: 0 | 1 | 2;
  state: string;
  /** Unix seconds of the add. */
  at: number;
}

interface AcquisitionState {
  links: Map<string, Link>;
  customers: LinkCustomer[];
  /** Unix seconds of each open of a link (statistic: click_link_customer_cnt). */
  clicks: Array<{ linkId: string; at: number }>;
  used: number;
  quota: Array<{ expire_date: number; balance: number }>;
}

const states = new WeakMap<CorpState, AcquisitionState>();

/** A corp's acquisition state; a new corp starts with 100 uses that expire a year after first use of the API. */
export function acquisitionOf(corp: CorpState, now: number): AcquisitionState {
  let s = states.get(corp);
  if (!s) {
    const t = seconds(now);
    states.set(corp, (s = { links: new Map(), customers: [], clicks: [], used: 0, quota: [{ expire_date: t - (t % DAY) + 365 * DAY, balance: 100 }] }));
  }
  return s;
}

const balanceOf = (s: AcquisitionState, t: number) => s.quota.filter((q) => q.expire_date > t).reduce((n, q) => n + q.balance, 0);

/** Members a range covers: listed users plus the active members of listed departments. */
function coveredUsers(corp: CorpState, users: string[], departments: number[]): Set<string> {
  const out = new Set(users);
  for (const s of corp.staff.values()) if (s.department.some((d) => departments.includes(d))) out.add(s.userId);
  return out;
}

/** The link fields of create/update, checked as WeCom would. */
function linkFields(corp: CorpState, b: Body, isUpdate: boolean): Partial<Link> {
  const out: Partial<Link> = {};
  const name = optString(b, 'link_name');
  if (!isUpdate) check(name !== undefined && name !== '', 40058, 'link_name is required');
  if (name !== undefined) {
    check(name !== '' && chars(name) <= MAX_LINK_NAME_CHARS, 40058, `link_name exceeds ${MAX_LINK_NAME_CHARS} characters`);
    out.link_name = name;
  }
  const skip = optBool(b, 'skip_verify');
  if (skip !== undefined) out.skip_verify = skip;
  const range = optObject(b, 'range');
  if (!isUpdate) check(range !== undefined, 40058, 'range is required');
  if (range !== undefined) {
    const users = optStringArray(range, 'user_list') ?? [];
    const rawDepartments = Array.isArray(range.department_list) ? range.department_list : [];
    for (const u of users) check(corp.staff.has(u), 40003, `unknown userid ${u}`);
    for (const d of rawDepartments) check(typeof d === 'number' && corp.departments.has(d), 60003, `unknown department ${String(d)}`);
    const departments = rawDepartments as number[];
    check(users.length + departments.length > 0, 40058, 'user_list and department_list are both empty');
    check(coveredUsers(corp, users, departments).size <= MAX_LINK_USERS, 40058, `range covers more than ${MAX_LINK_USERS} users`);
    out.user_list = users;
    out.department_list = departments;
  }
  return out;
}

function linkOf(corp: CorpState, now: number, b: Body): Link {
  const id = reqString(b, 'link_id');
  const link = acquisitionOf(corp, now).links.get(id);
  if (!link) throw new SimApiError(40058, `invalid link_id ${id}`);
  return link;
}

/**
 * A WeChat user opens a link (with `customer_channel`) and adds a member of its range: the follow carries
 * `state` = customer_channel (§3.3), one use of the quota is spent. Returns what the add_external_contact
 * callback reports.
 */
export function addThroughLink(
  corp: CorpState,
  now: number,
  input: { linkId: string; externalUserId: string; name: string; customerChannel?: string | undefined; userId?: string | undefined },
): { userId: string; externalUserId: string; state: string; linkId: string } {
  const s = acquisitionOf(corp, now);
  const link = s.links.get(input.linkId);
  if (!link) throw new SimApiError(40058, `invalid link_id ${input.linkId}`);
  const t = seconds(now);
  check(balanceOf(s, t) > 0, 40058, 'acquisition quota exhausted: the link does not work');
  const members = [...coveredUsers(corp, link.user_list, link.department_list)];
  const userId = input.userId ?? members[s.customers.filter((c) => c.linkId === link.link_id).length % members.length];
  check(userId !== undefined && members.includes(userId), 40058, `member ${String(input.userId)} is not in the link's range`);
  // Truncated to 64 bytes, never splitting a character.
  let state = input.customerChannel ?? '';
  while (bytes(state) > MAX_STATE_BYTES) state = [...state].slice(0, -1).join('');
  s.clicks.push({ linkId: link.link_id, at: t });
  corp.addCustomers([{ externalUserId: input.externalUserId, name: input.name, follows: [{ userId, state, createTime: t }] }], now);
  s.customers.push({ linkId: link.link_id, external_userid: input.externalUserId, userid: userId, chat_status: 0, state, at: t });
  const q = s.quota.filter((x) => x.expire_date > t && x.balance > 0).sort((a, b) => a.expire_date - b.expire_date)[0]!;
  q.balance -= 1;
  s.used += 1;
  return { userId, externalUserId: input.externalUserId, state, linkId: link.link_id };
}

export const acquisitionRoutes: Routes = {
  '/cgi-bin/externalcontact/customer_acquisition/list_link': {
    method: 'POST',
    handle(ctx) {
      const limit = optInt(ctx.body, 'limit') ?? 100;
      check(limit >= 1 && limit <= 100, 40058, 'limit must be 1..100');
      const links = [...acquisitionOf(ctx.corp, ctx.now).links.values()].sort((a, b) => a.create_time - b.create_time || a.link_id.localeCompare(b.link_id));
      const p = page(links, optString(ctx.body, 'cursor'), limit);
      return { link_id_list: p.items.map((l) => l.link_id), next_cursor: p.next };
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/get': {
    method: 'POST',
    handle(ctx) {
      const l = linkOf(ctx.corp, ctx.now, ctx.body);
      return {
        link: { link_name: l.link_name, url: l.url, create_time: l.create_time, skip_verify: l.skip_verify },
        range: { user_list: l.user_list, department_list: l.department_list },
      };
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/create_link': {
    method: 'POST',
    handle(ctx) {
      const fields = linkFields(ctx.corp, ctx.body, false);
      const linkId = ctx.corp.newId('cawcde', 18);
      const link: Link = {
        link_id: linkId,
        link_name: fields.link_name!,
        url: `https://work.weixin.qq.com/ca/${linkId}`,
        create_time: seconds(ctx.now),
        skip_verify: fields.skip_verify ?? true,
        user_list: fields.user_list ?? [],
        department_list: fields.department_list ?? [],
      };
      acquisitionOf(ctx.corp, ctx.now).links.set(linkId, link);
      return { link: { link_id: linkId, link_name: link.link_name, url: link.url, create_time: link.create_time } };
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/update_link': {
    method: 'POST',
    handle(ctx) {
      const link = linkOf(ctx.corp, ctx.now, ctx.body);
      // `range` is overwritten as a whole (§3.2); checked in full before anything changes.
      Object.assign(link, linkFields(ctx.corp, ctx.body, true));
      return {};
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/delete_link': {
    method: 'POST',
    handle(ctx) {
      const link = linkOf(ctx.corp, ctx.now, ctx.body);
      acquisitionOf(ctx.corp, ctx.now).links.delete(link.link_id);
      return {};
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/customer': {
    method: 'POST',
    handle(ctx) {
      const link = linkOf(ctx.corp, ctx.now, ctx.body);
      const limit = optInt(ctx.body, 'limit') ?? 1000;
      check(limit >= 1 && limit <= 1000, 40058, 'limit must be 1..1000');
      const rows = acquisitionOf(ctx.corp, ctx.now).customers.filter((c) => c.linkId === link.link_id);
      const p = page(rows, optString(ctx.body, 'cursor'), limit);
      return {
        customer_list: p.items.map((c) => ({ external_userid: c.external_userid, userid: c.userid, chat_status: c.chat_status, state: c.state })),
        next_cursor: p.next,
      };
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition_quota': {
    method: 'GET',
    handle(ctx) {
      const s = acquisitionOf(ctx.corp, ctx.now);
      const t = seconds(ctx.now);
      return { total: s.used, balance: balanceOf(s, t), quota_list: s.quota.filter((q) => q.expire_date > t).map((q) => ({ ...q })) };
    },
  },
  '/cgi-bin/externalcontact/customer_acquisition/statistic': {
    method: 'POST',
    handle(ctx) {
      const link = linkOf(ctx.corp, ctx.now, ctx.body);
      const start = optInt(ctx.body, 'start_time');
      const end = optInt(ctx.body, 'end_time');
      check(start !== undefined && end !== undefined && start <= end, 40058, 'start_time and end_time are required, start ≤ end');
      // Day granularity, closed interval; only the last 180 days; at most 30 days (§3.4).
      const t = seconds(ctx.now);
      check(start >= t - 180 * DAY, 40058, 'start_time is more than 180 days ago');
      check(end - start < 30 * DAY, 40058, 'the range exceeds 30 days');
      const from = start - ((((start + 8 * 3600) % DAY) + DAY) % DAY);
      const to = end - ((((end + 8 * 3600) % DAY) + DAY) % DAY) + DAY;
      const s = acquisitionOf(ctx.corp, ctx.now);
      const within = (at: number) => at >= from && at < to;
      return {
        click_link_customer_cnt: s.clicks.filter((c) => c.linkId === link.link_id && within(c.at)).length,
        new_customer_cnt: s.customers.filter((c) => c.linkId === link.link_id && within(c.at)).length,
      };
    },
  },
};
