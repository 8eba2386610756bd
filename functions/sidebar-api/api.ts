// The sidebar API (/sidebar/v1/…, docs/manual.md#侧边栏): its own small route table, who may call, and the
// request → use case → JSON reply path. Callers are members of a corp: for now an admin-API key of role
// staff or higher (a super-admin key names no corp, an auditor key is read-only reporting: both refused);
// the staff session cookie joins through the same `sidebarMember` at merge.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { authenticate, type AuthenticateDeps } from '../../shared/auth/authenticate';
import type { Role } from '../../shared/auth/api-key';
import { ForbiddenError, NotFoundError } from '../../shared/errors';
import { headerOf, queryOf } from '../../shared/http/api-event';
import { msg } from '../../shared/i18n/messages';
import { parseInput } from '../../shared/validation';
import { sidebarConfig, type SidebarConfigDeps } from './config-route';
import { jssdkConfig, type JssdkDeps, type SidebarMember } from './jssdk';

export type SidebarApiDeps = JssdkDeps & AuthenticateDeps & SidebarConfigDeps;

const MEMBER_ROLES: readonly Role[] = ['admin', 'manager', 'staff'];

/** The member behind a request, or 401/403. */
export async function sidebarMember(deps: AuthenticateDeps, event: APIGatewayProxyEventV2): Promise<SidebarMember> {
  const principal = await authenticate(deps, headerOf(event, 'authorization'));
  if (!principal.corpId || !MEMBER_ROLES.includes(principal.role)) throw new ForbiddenError(msg('sidebar_member_only'));
  return { corpId: principal.corpId, userId: principal.userId };
}

interface SidebarRoute<Q extends z.ZodType> {
  query: Q;
  run(deps: SidebarApiDeps, member: SidebarMember, query: z.output<Q>): Promise<unknown>;
}
const route = <Q extends z.ZodType>(r: SidebarRoute<Q>) => r as SidebarRoute<z.ZodType>;

export const SIDEBAR_ROUTES: Readonly<Record<string, SidebarRoute<z.ZodType>>> = {
  'GET /sidebar/v1/jssdk': route({
    query: z.object({ url: z.string().min(1).max(2048) }),
    run: (deps, member, q) => jssdkConfig(deps, member, q.url),
  }),
  'GET /sidebar/v1/config': route({ query: z.object({}), run: async (deps) => sidebarConfig(deps) }),
};

export function makeSidebarApi(deps: SidebarApiDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const path = event.rawPath.replace(/\/+$/, '');
    const r = SIDEBAR_ROUTES[`${event.requestContext.http.method} ${path}`];
    if (!r) throw new NotFoundError(msg('route_not_found'));
    const member = await sidebarMember(deps, event);
    const query = parseInput(r.query, queryOf(event), msg('invalid_query'));
    const body = await r.run(deps, member, query);
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
  };
}
