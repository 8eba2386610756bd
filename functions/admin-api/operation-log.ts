// The operation log (操作日志) in the admin API: the hook that records every write (withOperationLog, run by
// the dispatcher around a non-GET route), GET …/operation-log (newest first, filters, cursor, CSV) and GET
// …/operation-log/verify (re-walks the tenant's hash chain). docs/manual.md#操作日志--operation-log.
//
// A write is recorded after its use case succeeded and before the answer: a failed write (any error)
// records nothing. When the entry cannot be written (the read after the write or the append fails, after
// the store's retries), the request answers 500 operation_log_failed saying the change was applied but not
// recorded: an unrecorded change must not look like an ordinary success, and the caller checks with a GET
// before repeating (a repeated create would create twice). The error is not retryable for that reason.
import * as z from 'zod';
import type { Clock } from '../../shared/clock';
import { ValidationError } from '../../shared/errors';
import { toCsv } from '../../shared/http/csv';
import { instantSchema } from '../../shared/input/day.schema';
import { limitParam, cursorParam } from '../../shared/input/params';
import { boundedDiff } from '../../shared/oplog/bounded';
import { diffOf, maskSecrets } from '../../shared/oplog/diff';
import { verifyChain, type OperationEntry } from '../../shared/oplog/entry';
import type { OperationLogStore } from '../../shared/oplog/store';
import { OperationLogFailedError } from '../../shared/oplog/failed';

export { OperationLogFailedError };
import type { OperationEntryView } from './operation-log.view';
import type { AuditSpec, Call, Reply, Route } from './route';

export interface OperationLogDeps {
  operationLog: OperationLogStore;
  clock: Clock;
}

/** `audit` of a route whose resource is read by id (nothing to read before a create). */
export const auditById = <D>(get: (deps: D, corpId: string, id: string) => Promise<unknown>): AuditSpec<D> => ({
  read: async (deps, corpId, id) => (id === undefined ? undefined : get(deps, corpId, id)),
});

/** The id of what a write created (201 with an `id`), else undefined. */
function createdId(reply: Reply<unknown>): string | undefined {
  if (reply.kind !== 'json' || reply.status !== 201 || reply.body === null || typeof reply.body !== 'object') return undefined;
  const b = reply.body as Record<string, unknown>;
  const id = b.id;
  return typeof id === 'string' ? id : undefined;
}

const stringParams = (params: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((params ?? {}) as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));

/**
 * Runs a route's use case and, for a write, records it: who, the route, the target (path params, or the
 * created id) and the diff of the resource read before and after (`audit.read`), or the request body
 * (secrets masked) as the new values when the route declares no read.
 */
export async function withOperationLog<D extends OperationLogDeps>(
  deps: D,
  route: Route<D>,
  call: Call,
  run: () => Promise<Reply<unknown>>,
): Promise<Reply<unknown>> {
  if (route.method === 'GET') return run();
  const params = stringParams(call.params);
  const before = route.audit ? await route.audit.read(deps, call.corpId, params.id) : undefined;
  const reply = await run();
  const id = params.id ?? createdId(reply);
  const target = id === undefined ? params : { ...params, id };
  const { principal: p } = call;
  try {
    const diff = route.audit
      ? diffOf(before, await route.audit.read(deps, call.corpId, id))
      : diffOf(undefined, call.body === undefined ? undefined : maskSecrets(call.body));
    await deps.operationLog.append(
      {
        corpId: call.corpId,
        actor: { keyId: p.keyId, role: p.role, ...(p.userId ? { userId: p.userId } : {}) },
        route: `${route.method} ${route.path}`,
        target,
        status: reply.status,
        source: route.audit ? 'resource' : 'request',
        diff: boundedDiff(diff),
      },
      deps.clock.now(),
    );
  } catch (e) {
    // The error handler logs it (a 5xx, with this cause).
    throw new OperationLogFailedError(e);
  }
  return reply;
}

const INSTANT_MESSAGE = 'ISO 8601（带时区）或 Unix 秒，2000–2099 年 (ISO 8601 with an offset, or unix seconds, years 2000–2099)';

export const operationLogQuery = z.object({
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  actor: z.string().min(1).max(64).optional(),
  route: z.string().min(1).max(200).optional(),
  limit: limitParam(500),
  cursor: cursorParam,
  format: z.enum(['json', 'csv']).optional(),
});

/** `from`/`to` as epoch ms (no default window: the whole log unless bounded). */
function range(q: z.output<typeof operationLogQuery>): { from?: number; to?: number } {
  const out: { from?: number; to?: number } = {};
  const details: Array<{ field: string; message: string }> = [];
  for (const field of ['from', 'to'] as const) {
    if (q[field] === undefined) continue;
    const raw = q[field];
    const parsed = instantSchema.safeParse(/^\d{1,12}$/.test(raw) ? Number(raw) : raw);
    if (parsed.success) out[field] = parsed.data * 1000 + (field === 'to' ? 999 : 0);
    else details.push({ field, message: INSTANT_MESSAGE });
  }
  if (details.length > 0) throw new ValidationError('invalid time range', { details });
  if (out.from !== undefined && out.to !== undefined && out.to < out.from)
    throw new ValidationError('`to` is before `from`', { details: [{ field: 'to', message: 'before from' }] });
  return out;
}

const present = (e: OperationEntry): OperationEntryView => ({
  seq: e.seq,
  at: e.at,
  actor: { keyId: e.actor.keyId, role: e.actor.role, userId: e.actor.userId ?? null },
  route: e.route,
  target: e.target,
  status: e.status,
  source: e.source,
  diff: e.diff,
  prevHash: e.prevHash,
  hash: e.hash,
});

/** GET …/operation-log: a page of entries, newest first. */
export async function listOperationLog(deps: OperationLogDeps, corpId: string, q: z.output<typeof operationLogQuery>) {
  const page = await deps.operationLog.list(corpId, { ...range(q), actor: q.actor, route: q.route, limit: q.limit ?? 100, cursor: q.cursor });
  return { items: page.items.map(present), cursor: page.cursor ?? null };
}

const CSV_COLUMNS = ['seq', 'at', 'keyId', 'role', 'userId', 'route', 'target', 'status', 'source', 'diff', 'hash'] as const;

export const operationLogCsv = (items: ReturnType<typeof present>[]): string =>
  toCsv(
    CSV_COLUMNS,
    items.map((e) => ({ ...e, keyId: e.actor.keyId, role: e.actor.role, userId: e.actor.userId })),
  );

/** Most entries one CSV export holds (newest first); a longer range is exported in parts with from/to. */
export const MAX_EXPORT_ROWS = 10_000;

/** GET …/operation-log?format=csv: every entry of the filters (up to MAX_EXPORT_ROWS), newest first, from the cursor on. */
export async function exportOperationLog(deps: OperationLogDeps, corpId: string, q: z.output<typeof operationLogQuery>): Promise<string> {
  const items: ReturnType<typeof present>[] = [];
  let cursor = q.cursor;
  do {
    const page = await listOperationLog(deps, corpId, { ...q, cursor, limit: Math.min(500, MAX_EXPORT_ROWS - items.length) });
    items.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined && items.length < MAX_EXPORT_ROWS);
  return operationLogCsv(items);
}

/** GET …/operation-log/verify: re-walks the tenant's chain from its first entry. */
export async function verifyOperationLog(deps: Pick<OperationLogDeps, 'operationLog'>, corpId: string) {
  const head = await deps.operationLog.head(corpId);
  return verifyChain(deps.operationLog.chain(corpId), head);
}
