// What an admin route is: method, path, permission and whose data it answers with (scope), the zod
// schemas of its path parameters, query, body and response, and the use case it runs. The dispatcher
// (dispatch.ts) parses params, query and body with these schemas before `run`, so a use case receives
// typed values and never parses a request itself.
import * as z from 'zod';
import type { Principal } from '../../shared/auth/authenticate';
import type { Permission } from '../../shared/auth/policy';
import type { CustomerScope } from '../../shared/domain/customers';
import type { CsvLang, CsvName } from '../../shared/http/csv';
import type { Text } from '../../shared/errors';

export type { Method } from '../../shared/http/route-match';
import type { Method } from '../../shared/http/route-match';

/** A JSON answer. */
export interface JsonReply<T> {
  kind: 'json';
  status: number;
  body: T;
}
/**
 * A CSV file (an export): its text with the header row (the dispatcher adds the BOM and the headers of
 * shared/http/csv.ts csvHeaders), the file name's stem (the dispatcher appends `-<today>.csv`), and the cursor to
 * continue from when the file stopped at the cap.
 */
export interface CsvReply {
  kind: 'csv';
  status: 200;
  body: string;
  name?: CsvName | undefined;
  nextCursor?: string | null | undefined;
}
export type Reply<T> = JsonReply<T> | CsvReply;

export const json = <T>(body: T, status = 200): JsonReply<T> => ({ kind: 'json', status, body });
export const created = <T>(body: T): JsonReply<T> => json(body, 201);
/** `csv(text)` (named 导出-<day>.csv), `csv(text, { name: { zh: '客户列表', en: 'customers' }, nextCursor })`. */
export const csv = (body: string, o: { name?: CsvName; nextCursor?: string | null } = {}): CsvReply => ({ kind: 'csv', status: 200, body, ...o });

/**
 * A response schema that states the type only (the use case's presenter shapes the value): it admits any
 * value at runtime. Routes whose answer is described field by field use a real zod schema instead.
 */
/** The schemas made by `shape` (the OpenAPI document reports their routes as untyped). */
const UNTYPED = new WeakSet<z.ZodType>();
export const shape = <T>(): z.ZodType<T> => {
  const s = z.custom<T>(() => true);
  UNTYPED.add(s);
  return s;
};
export const isUntyped = (s: z.ZodType): boolean => UNTYPED.has(s);

/** What a use case returns (for `shape<Out<typeof useCase>>()`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any function
export type Out<F extends (...args: any[]) => unknown> = Awaited<ReturnType<F>>;

/** `{id}` in a path. */
export const idParams = z.object({ id: z.string() });

type In<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One request, as a use case receives it: the tenant, the caller, and the parsed params, query and body. */
export interface Call<P = unknown, Q = unknown, B = unknown> {
  corpId: string;
  /** Who calls: routes scope what they return by it (e.g. a staff key's own customers). */
  principal: Principal;
  /** The caller's data scope (staff: own customers; manager: the department's staff), read once on demand. */
  scope: () => Promise<CustomerScope>;
  /** The language of exports (Accept-Language: zh by default, en). */
  lang: CsvLang;
  params: P;
  query: Q;
  body: B;
}

export interface RouteSpec<D, P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined, R extends z.ZodType> {
  method: Method;
  /** `{corpId}` is always there (checked by the dispatcher); other `{name}`s are declared in `params`. */
  path: string;
  permission: Permission;
  /**
   * Whose data the answer holds. `tenant`: configuration or tenant-wide aggregates, the same for every
   * caller the permission admits. `caller`: rows that name staff members or customers, limited to the
   * caller's data scope (a staff key its own customers, a manager key its department's staff and their
   * customers). The scope matrix test (scope-matrix.int.test.ts) checks every read route against it.
   */
  scope: 'tenant' | 'caller';
  params?: P;
  query?: Q;
  body?: B;
  /** The message of the 400 when the query or body fails its schema. */
  invalid?: { query?: Text; body?: Text };
  response: R;
  run: (deps: D, call: Call<In<P>, In<Q>, In<B>>) => Promise<Reply<z.output<R>>>;
  /** For a write: how the operation log reads the resource before and after it (operation-log.ts). */
  audit?: AuditSpec<D>;
  /** The OpenAPI summary, Chinese first (default: derived from the path, openapi/summaries.ts). */
  summary?: string;
}

/**
 * How the operation log reads the resource a write changes: `read` returns it as stored (undefined when
 * absent), given the target id (the path's `{id}`, or after a create the created id). Without it, the
 * log records the request body (secrets masked).
 */
export interface AuditSpec<D> {
  read: (deps: D, corpId: string, id: string | undefined) => Promise<unknown>;
}

/** A route as the dispatcher holds it (schemas and types erased). */
export interface Route<D = never> {
  method: Method;
  path: string;
  permission: Permission;
  scope: 'tenant' | 'caller';
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  invalid?: { query?: Text; body?: Text } | undefined;
  response: z.ZodType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased: the spec checked the call's types
  run: (deps: D, call: Call<any, any, any>) => Promise<Reply<unknown>>;
  audit?: AuditSpec<D> | undefined;
  summary?: string | undefined;
}

/** Declares a route; the use case's deps `D` are inferred from `run`'s first parameter. */
export function route<
  D,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<D, P, Q, B, R>): RouteSpec<D, P, Q, B, R> {
  return spec;
}
