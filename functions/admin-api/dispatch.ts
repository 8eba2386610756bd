// The admin API's dispatcher: matches a request to a route of the table, answers OPTIONS and a wrong
// method (405) with `Allow`, authenticates and authorizes, parses params, query and body with the route's
// schemas (a failure is a 400 validation_failed naming each field), runs the use case and writes its
// reply (JSON, or CSV for an export).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { authenticateRequest, checkSessionCorp, type SessionAuthDeps } from '../../shared/auth/session-auth';
import { requestCredentials } from '../../shared/auth/request-credentials';
import { authorize } from '../../shared/auth/policy';
import { customerScope } from '../../shared/customers/scope';
import type { CustomerScope } from '../../shared/domain/customers';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { headerOf, queryOf, rawBody } from '../../shared/http/api-event';
import { errorBody, errorHeaders, languageOf } from '../../shared/http/error-handler';
import { silentLog, type RequestLog } from '../../shared/request-log';
import { csvHeaders, csvLang, withBom, type CsvLang } from '../../shared/http/csv';
import { shanghaiDay } from '../../shared/events/time';
import { msg, renderMessage } from '../../shared/i18n/messages';
import { corpIdSchema } from '../../shared/tenants/tenant.schema';
import { refusalForPerson } from '../../shared/wecom/refusal';
import type { ApiKeyStore } from '../../shared/auth/api-key';
import { epochSeconds, type Clock } from '../../shared/clock';
import { withOperationLog, type OperationLogDeps } from './operation-log';
import { matcher, parseCall, type RawInput } from '../../shared/http/route-match';
import type { Call, Reply, Route } from './route';

export { matcher, parseCall, type RawInput };

/** A route as `invoke` takes it: its schemas and its run. */
type Runnable<D, T> = { run: (deps: D, call: Call<never, never, never>) => Promise<Reply<T>> } & Pick<Route, 'params' | 'query' | 'body' | 'invalid'>;
/** The raw request parts, and who calls (default: the super-admin with a tenant-wide scope). */
type InvokeInput = RawInput & { principal?: Call['principal']; scope?: CustomerScope; lang?: CsvLang };

/** Runs one route the way the dispatcher does after authorization (parse, then run), for tests that drive a use case with raw input. */
export async function invoke<D, T>(route: Runnable<D, T>, deps: D, corpId: string, raw: InvokeInput = {}): Promise<Reply<T>> {
  const parsed = parseCall(route, raw);
  const scope = raw.scope ?? { kind: 'all' as const };
  return route.run(deps, {
    ...(parsed as Pick<Call<never, never, never>, 'params' | 'query' | 'body'>),
    corpId,
    principal: raw.principal ?? { role: 'superadmin', keyId: 'test' },
    scope: async () => scope,
    lang: raw.lang ?? 'zh',
  });
}

/** The JSON body of `invoke` (a CSV reply is an error). */
export async function invokeJson<D, T>(route: Runnable<D, T>, deps: D, corpId: string, raw: InvokeInput = {}): Promise<T> {
  const reply = await invoke(route, deps, corpId, raw);
  if (reply.kind !== 'json') throw new Error('expected a JSON reply');
  return reply.body;
}

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = rawBody(event);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(msg('body_not_json'));
  }
}

function write(reply: Reply<unknown>, lang: CsvLang, nowMs: number): APIGatewayProxyStructuredResultV2 {
  // An export: BOM, file name (stem + today in Shanghai) and the continuation cursor (shared/http/csv.ts).
  if (reply.kind === 'csv') {
    const headers = csvHeaders({ name: reply.name, lang, day: shanghaiDay(epochSeconds(nowMs)), nextCursor: reply.nextCursor });
    return { statusCode: reply.status, headers, body: withBom(reply.body) };
  }
  return { statusCode: reply.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply.body) };
}

/** What the dispatcher itself needs: the key store and super-admin hash, the sessions (login), the clock, the staff registry for scopes and roles, and the operation log. */
export interface DispatchDeps extends OperationLogDeps, Omit<SessionAuthDeps, 'staffRegistry'> {
  apiKeys: ApiKeyStore;
  superAdminKeyHash: string | undefined;
  clock: Clock;
  staffRegistry: Parameters<typeof customerScope>[0]['staffRegistry'] & SessionAuthDeps['staffRegistry'];
  /** Correlation keys (route, corpId) for the request's log lines; silent when absent. */
  log?: RequestLog;
}

export function makeDispatcher<D extends DispatchDeps>(deps: D, routes: readonly Route<D>[]) {
  const match = matcher(routes);
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const found = match(method, event.rawPath);
    if (found.kind === 'none') throw new NotFoundError(msg('route_not_found'));
    if (found.kind === 'methods') {
      const allow = (method === 'OPTIONS' ? [...found.allow, 'OPTIONS'] : found.allow).join(', ');
      // No CORS configuration exists (serverless.yml httpApi has none), so OPTIONS answers Allow only.
      if (method === 'OPTIONS') return { statusCode: 204, headers: { allow } };
      const lang = languageOf(event);
      return {
        statusCode: 405,
        headers: { ...errorHeaders(lang), allow: found.allow.join(', ') },
        body: errorBody('method_not_allowed', renderMessage(msg('method_not_allowed', { method, allow: found.allow.join(', ') }), lang)),
      };
    }
    const { route, params } = found;
    const log = deps.log ?? silentLog;
    log.keys({ route: `${route.method} ${route.path}` });
    // An API key (Authorization) or a login session (cookie; CSRF-checked on writes, its own corp only): shared/auth/session-auth.ts.
    const principal = await authenticateRequest(deps, requestCredentials(event));
    const corp = corpIdSchema.safeParse(params.corpId);
    if (!corp.success) throw new ValidationError(msg('invalid_corp_id'), { details: [{ field: 'corpId', message: corp.error.message }] });
    log.keys({ corpId: corp.data });
    checkSessionCorp(principal, corp.data);
    authorize(principal, route.permission, corp.data);
    const input = parseCall(route, { params, query: queryOf(event), body: route.method === 'GET' ? undefined : jsonBody(event) });
    let scope: Promise<CustomerScope> | undefined;
    const scopeOf = () => (scope ??= customerScope(deps, corp.data, principal));
    const lang = csvLang(headerOf(event, 'accept-language'));
    const call = { corpId: corp.data, principal, scope: scopeOf, lang, ...input };
    // A write that succeeded is recorded in the operation log before the answer (operation-log.ts); WeCom
    // refusing what the request carried is the caller's 4xx, not our 5xx (shared/wecom/refusal.ts).
    const reply = await withOperationLog(deps, route, call, () =>
      route.run(deps, call).catch((e: unknown) => {
        throw refusalForPerson(e);
      }),
    );
    return write(reply, lang, deps.clock.now());
  };
}
