// Inheritance (离职继承 / 在职继承) in the admin API (docs/manual.md#客户继承): GET …/staff/{userid}/unassigned (a resigned
// member's customers from get_unassigned_list, and the member's customers and groups from our projection),
// POST …/transfers (planned under WeCom's limits, shared/domain/transfer.ts; refused items carry their reason;
// stored `pending` with a due marker of job `transfers`, answered 202), GET …/transfers and …/transfers/{id}.
// The transfers job (functions/schedules/transfers/run-transfers.ts) makes the WeCom calls and follows the results.
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import type { StaffRegistry } from '../../shared/customers/staff-sync';
import { decodeCursor, encodeCursor } from '../../shared/db/cursor';
import type { DynamoFollowStore } from '../../shared/db/follow-repository';
import type { QuotaLedger } from '../../shared/db/quota-ledger-repository';
import type { TransferStore } from '../../shared/db/transfer-repository';
import { inScope, type CustomerScope } from '../../shared/domain/customers';
import {
  TRANSFER_LIMITS,
  countIn90Days,
  countOnDay,
  ledgerRecipient,
  monthsOfNinetyDays,
  planTransfer,
  transferStatusOf,
  type TransferRecord,
} from '../../shared/domain/transfer';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { shanghaiDay } from '../../shared/events/time';
import type { GroupStore } from '../../shared/groups/group';
import { msg } from '../../shared/i18n/messages';
import { pageQuery } from '../../shared/input/params';
import { idSchema } from '../../shared/outreach/outreach.schema';
import type { DueStore } from '../../shared/schedules/due';
import { requireTenantApi, type TenantApiDeps } from '../../shared/tenants/tenant-api';
import type { TransferView, UnassignedView } from './transfers.view';

export interface TransferDeps extends TenantApiDeps {
  transfers: TransferStore;
  staffRegistry: StaffRegistry;
  follows: Pick<DynamoFollowStore, 'followsOfCustomer' | 'followsOfStaffPage'>;
  groups: GroupStore;
  quota: QuotaLedger;
  due: DueStore;
  clock: Clock;
}

/** Items one transfer may hold (the record is one DynamoDB item of ≤ 400 KB). */
export const MAX_TRANSFER_ITEMS = 2000;

const userIdSchema = z.string().regex(/^[A-Za-z0-9_@.-]{1,64}$/, 'a WeCom userid');

export const transferBody = z.strictObject({
  kind: z.enum(['resigned', 'onjob']),
  from: userIdSchema,
  to: z.union([userIdSchema.transform((u) => [u]), z.array(userIdSchema).min(1).max(50)]),
  customers: z.array(idSchema).max(MAX_TRANSFER_ITEMS).optional(),
  groups: z.array(idSchema).max(MAX_TRANSFER_ITEMS).optional(),
  message: z
    .string()
    .min(1)
    .refine((s) => [...s].length <= TRANSFER_LIMITS.messageChars, `at most ${TRANSFER_LIMITS.messageChars} characters`)
    .optional(),
});

export const transfersQuery = pageQuery(100);
export const unassignedParams = z.object({ userid: userIdSchema });

const iso = (s: number | undefined) => (s === undefined ? undefined : new Date(s * 1000).toISOString());

/** A transfer as the API shows it (transfers.view.ts): times as ISO strings. */
export function publicTransfer(t: TransferRecord): TransferView {
  return {
    id: t.id,
    kind: t.kind,
    from: t.from,
    to: t.to,
    ...(t.message !== undefined ? { message: t.message } : {}),
    status: t.status,
    items: t.items.map((i) => ({
      target: i.target,
      id: i.id,
      ...(i.to ? { to: i.to } : {}),
      status: i.status,
      ...(i.reason ? { reason: i.reason } : {}),
      ...(i.errcode !== undefined ? { errcode: i.errcode } : {}),
      ...(i.takeoverAt !== undefined ? { takeoverAt: iso(i.takeoverAt) } : {}),
      ...(i.finishedAt !== undefined ? { finishedAt: iso(i.finishedAt) } : {}),
    })),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

/** Time-ordered ids (creation ms in base 36, then randomness): sk order is creation order. */
const newTransferId = (nowMs: number) => `${nowMs.toString(36).padStart(9, '0')}${randomBytes(6).toString('hex')}`;

/** Every active follow of a member in our projection. */
async function followedBy(deps: Pick<TransferDeps, 'follows'>, corpId: string, userId: string): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await deps.follows.followsOfStaffPage(corpId, userId, 500, after);
    for (const f of page.items) if (f.status === 'active') out.push(f.externalUserId);
    if (!page.last) return out;
    after = page.last;
  }
}

async function ownedBy(deps: Pick<TransferDeps, 'groups'>, corpId: string, userId: string): Promise<string[]> {
  return (await deps.groups.list(corpId)).filter((g) => g.owner === userId && g.status === 'active').map((g) => g.chatId);
}

async function member(deps: Pick<TransferDeps, 'staffRegistry'>, corpId: string, userId: string) {
  const s = await deps.staffRegistry.get(corpId, userId);
  if (!s) throw new NotFoundError(msg('transfer_unknown_member', { userId }));
  return s;
}

export async function unassigned(deps: TransferDeps, corpId: string, userId: string, scope: CustomerScope): Promise<UnassignedView> {
  if (!inScope(scope, userId)) throw new ForbiddenError(msg('staff_outside_scope'));
  const s = await member(deps, corpId, userId);
  let list: UnassignedView['unassigned'] = null;
  if (s.status === 'resigned') {
    // get_unassigned_list lists every resigned member's customers: read it all, keep this member's.
    const api = await requireTenantApi(deps, corpId);
    list = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await api.call('externalcontact/get_unassigned_list', { page_size: 1000, ...(cursor ? { cursor } : {}) });
      for (const i of page.info) {
        if (i.handover_userid === userId)
          list.push({ externalUserId: i.external_userid, ...(i.dimission_time ? { dimissionTime: iso(i.dimission_time) } : {}) });
      }
      if (page.is_last !== false || !page.next_cursor) break;
      cursor = page.next_cursor;
    }
  }
  return {
    userId,
    status: s.status,
    unassigned: list,
    customers: await followedBy(deps, corpId, userId),
    groups: await ownedBy(deps, corpId, userId),
  };
}

export async function createTransfer(deps: TransferDeps, corpId: string, input: z.output<typeof transferBody>, scope: CustomerScope): Promise<TransferView> {
  const nowMs = deps.clock.now();
  const to = [...new Set(input.to)];
  for (const u of [input.from, ...to]) if (!inScope(scope, u)) throw new ForbiddenError(msg('staff_outside_scope'));
  if (to.includes(input.from)) throw new ValidationError(msg('transfer_same_member', { userId: input.from }));
  const from = await member(deps, corpId, input.from);
  if (input.kind === 'onjob' && from.status === 'resigned') throw new ValidationError(msg('transfer_kind_resigned_member', { userId: input.from }));
  if (input.kind === 'resigned' && from.status !== 'resigned') throw new ValidationError(msg('transfer_kind_onjob_member', { userId: input.from }));
  if (input.kind === 'resigned' && input.message !== undefined) throw new ValidationError(msg('transfer_message_resigned'));
  for (const u of to) {
    const s = await member(deps, corpId, u);
    if (s.status !== 'active') throw new ValidationError(msg('transfer_successor_inactive', { userId: u }));
  }
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));

  const followed = await followedBy(deps, corpId, input.from);
  const owned = await ownedBy(deps, corpId, input.from);
  const customers = input.customers ?? followed;
  const groups = input.groups ?? owned;
  const count = new Set(customers).size + new Set(groups).size;
  if (count > MAX_TRANSFER_ITEMS) throw new ValidationError(msg('transfer_too_many_items', { max: MAX_TRANSFER_ITEMS, count }));

  // WeCom's 90-day and daily limits, from the quota ledger (counts under the ledgerRecipient keys).
  const day = shanghaiDay(Math.floor(nowMs / 1000));
  const months = monthsOfNinetyDays(day);
  const ledger = await deps.quota.monthsIn(
    corpId,
    [...new Set(customers)].map(ledgerRecipient.customer).concat([...new Set(groups)].map(ledgerRecipient.group), [ledgerRecipient.owner(input.from)]),
    months,
  );
  const count90 = (recipient: string) => countIn90Days(day, ledger.get(recipient) ?? []);
  const items = planTransfer({
    kind: input.kind,
    from: input.from,
    to,
    customers,
    groups,
    followed: new Set(followed),
    owned: new Set(owned),
    customerCount90: (id) => count90(ledgerRecipient.customer(id)),
    groupCount90: (id) => count90(ledgerRecipient.group(id)),
    ownerGroupsToday: countOnDay(day, ledger.get(ledgerRecipient.owner(input.from)) ?? []),
  });
  const now = new Date(nowMs).toISOString();
  const record: TransferRecord = {
    corpId,
    id: newTransferId(nowMs),
    kind: input.kind,
    from: input.from,
    to,
    ...(input.message !== undefined ? { message: input.message } : {}),
    status: transferStatusOf(items),
    items,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.transfers.create(record);
  if (record.status !== 'done') await deps.due.schedule({ corpId, job: 'transfers', id: record.id, dueAt: Math.floor(nowMs / 1000) });
  return publicTransfer(record);
}

/** A scoped caller sees a transfer when its member and every successor are inside the scope. */
const visible = (scope: CustomerScope, t: TransferRecord) => inScope(scope, t.from) && t.to.every((u) => inScope(scope, u));

export async function listTransfers(deps: Pick<TransferDeps, 'transfers'>, corpId: string, q: z.output<typeof transfersQuery>, scope: CustomerScope) {
  const page = await deps.transfers.list(corpId, q.limit ?? 50, q.cursor ? decodeCursor('transfers', q.cursor).a : undefined);
  return {
    items: page.items.filter((t) => visible(scope, t)).map(publicTransfer),
    cursor: page.last ? encodeCursor('transfers', { a: page.last }) : null,
  };
}

export async function getTransfer(deps: Pick<TransferDeps, 'transfers'>, corpId: string, id: string, scope: CustomerScope) {
  const t = await deps.transfers.get(corpId, id);
  if (!t || !visible(scope, t)) throw new NotFoundError(msg('unknown_transfer'));
  return publicTransfer(t);
}
