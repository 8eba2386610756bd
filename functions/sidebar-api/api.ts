// The sidebar API (/sidebar/v1/…, docs/manual.md#侧边栏): its own small route table, who may call
// (member.ts: the staff session of the in-WeCom login, or a member's API key), and the request → schemas →
// use case → JSON reply path. Path matching and input parsing are shared with the admin API (shared/http/route-match.ts);
// every answer is checked against the route's response schema. A member sees only customers they follow and
// groups they own or are in.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { queryOf, rawBody } from '../../shared/http/api-event';
import { errorBody, errorHeaders, languageOf } from '../../shared/http/error-handler';
import { silentLog, type RequestLog } from '../../shared/request-log';
import { msg, renderMessage } from '../../shared/i18n/messages';
import { matcher, parseCall, type Method } from '../../shared/http/route-match';
import { customerParams, editRemark, editTags, remarkBody, sidebarCustomer, tagEditBody, tagLibrary, type SidebarCustomerDeps } from './customer';
import { setSidebarFields, setSidebarStage, type SidebarAttributeDeps } from './customer-attributes';
import { customerTagsView, remarkView, sidebarCustomerView, tagLibraryView } from './customer.view';
import { groupParams, sidebarGroup, sidebarGroupView, type SidebarGroupDeps } from './groups';
import { sidebarConfig, type SidebarConfigDeps } from './config-route';
import { jssdkConfig, type JssdkDeps } from './jssdk';
import { sidebarMember, type MemberDeps, type StaffMember } from './member';
import { me, meView, type MeDeps } from './me';
import {
  chatMessageView,
  materialChatMessage,
  materialIdParams,
  sidebarMaterials,
  sidebarMaterialsQuery,
  sidebarMaterialsView,
  type SidebarMaterialDeps,
} from './materials';
import { customerAttributesView, fieldValuesSchema, stageMoveSchema, stageMoveView } from '../../shared/customers/customer-attributes';
import {
  quickReplyIdParams,
  quickReplyMessage,
  quickReplyMessageView,
  quickReplySearchQuery,
  quickReplySent,
  quickReplySentView,
  searchQuickReplies,
  sidebarQuickRepliesView,
  type SidebarQuickReplyDeps,
} from './quick-replies';

export type SidebarApiDeps = JssdkDeps &
  MemberDeps &
  SidebarCustomerDeps &
  SidebarQuickReplyDeps &
  SidebarGroupDeps &
  MeDeps &
  SidebarConfigDeps &
  SidebarAttributeDeps &
  SidebarMaterialDeps & {
    /** Correlation keys (route, corpId) for the request's log lines; silent when absent. */
    log?: RequestLog;
  };

type In<S> = S extends z.ZodType ? z.output<S> : undefined;
interface SidebarRouteSpec<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined, R extends z.ZodType> {
  method: Method;
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  run: (deps: SidebarApiDeps, member: StaffMember, input: { params: In<P>; query: In<Q>; body: In<B> }) => Promise<z.output<R>>;
}
/** A route as the table holds it (types erased after the spec checked them). */
export interface SidebarRoute {
  method: Method;
  path: string;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  response: z.ZodType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- erased: the spec checked the input's types
  run: (deps: SidebarApiDeps, member: StaffMember, input: any) => Promise<unknown>;
}
const route = <
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(
  spec: SidebarRouteSpec<P, Q, B, R>,
): SidebarRoute => spec as SidebarRoute;

const CUSTOMER = '/sidebar/v1/customers/{externalUserId}';

export const SIDEBAR_ROUTES: readonly SidebarRoute[] = [
  route({ method: 'GET', path: '/sidebar/v1/me', response: meView, run: (d, m) => me(d, m) }),
  route({
    method: 'GET',
    path: '/sidebar/v1/jssdk',
    query: z.object({ url: z.string().min(1).max(2048) }),
    response: z.custom<Awaited<ReturnType<typeof jssdkConfig>>>(() => true),
    run: (d, m, i) => jssdkConfig(d, m, i.query.url),
  }),
  route({
    method: 'GET',
    path: CUSTOMER,
    params: customerParams,
    response: sidebarCustomerView,
    run: (d, m, i) => sidebarCustomer(d, m, i.params.externalUserId),
  }),
  route({
    method: 'PATCH',
    path: CUSTOMER,
    params: customerParams,
    body: remarkBody,
    response: remarkView,
    run: (d, m, i) => editRemark(d, m, i.params.externalUserId, i.body),
  }),
  route({
    method: 'POST',
    path: `${CUSTOMER}/tags`,
    params: customerParams,
    body: tagEditBody,
    response: customerTagsView,
    run: (d, m, i) => editTags(d, m, i.params.externalUserId, i.body),
  }),
  route({
    method: 'PUT',
    path: `${CUSTOMER}/stage`,
    params: customerParams,
    body: stageMoveSchema,
    response: stageMoveView,
    run: (d, m, i) => setSidebarStage(d, m, i.params.externalUserId, i.body),
  }),
  route({
    method: 'PUT',
    path: `${CUSTOMER}/fields`,
    params: customerParams,
    body: fieldValuesSchema,
    response: customerAttributesView,
    run: (d, m, i) => setSidebarFields(d, m, i.params.externalUserId, i.body),
  }),
  route({
    method: 'GET',
    path: '/sidebar/v1/materials',
    query: sidebarMaterialsQuery,
    response: sidebarMaterialsView,
    run: (d, m, i) => sidebarMaterials(d, m, i.query),
  }),
  route({
    method: 'POST',
    path: '/sidebar/v1/materials/{id}/chat-message',
    params: materialIdParams,
    response: chatMessageView,
    run: (d, m, i) => materialChatMessage(d, m, i.params.id),
  }),
  route({ method: 'GET', path: '/sidebar/v1/config', response: z.object({ jssdkUrls: z.array(z.url()) }), run: async (d) => sidebarConfig(d) }),
  route({ method: 'GET', path: '/sidebar/v1/tags', response: tagLibraryView, run: (d, m) => tagLibrary(d, m) }),
  route({
    method: 'GET',
    path: '/sidebar/v1/quick-replies',
    query: quickReplySearchQuery,
    response: sidebarQuickRepliesView,
    run: (d, m, i) => searchQuickReplies(d, m, i.query),
  }),
  route({
    method: 'POST',
    path: '/sidebar/v1/quick-replies/{id}/sent',
    params: quickReplyIdParams,
    response: quickReplySentView,
    run: (d, m, i) => quickReplySent(d, m, i.params.id),
  }),
  route({
    method: 'POST',
    path: '/sidebar/v1/quick-replies/{id}/message',
    params: quickReplyIdParams,
    response: quickReplyMessageView,
    run: (d, m, i) => quickReplyMessage(d, m, i.params.id),
  }),
  route({
    method: 'GET',
    path: '/sidebar/v1/groups/{chatId}',
    params: groupParams,
    response: sidebarGroupView,
    run: (d, m, i) => sidebarGroup(d, m, i.params.chatId),
  }),
];

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = rawBody(event);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError(msg('body_not_json'));
  }
}

export function makeSidebarApi(deps: SidebarApiDeps) {
  const match = matcher(SIDEBAR_ROUTES as unknown as Parameters<typeof matcher<never>>[0]);
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext.http.method.toUpperCase();
    const found = match(method, event.rawPath);
    if (found.kind === 'none') throw new NotFoundError(msg('route_not_found'));
    if (found.kind === 'methods') {
      const lang = languageOf(event);
      const allow = found.allow.join(', ');
      return {
        statusCode: 405,
        headers: { ...errorHeaders(lang), allow },
        body: errorBody('method_not_allowed', renderMessage(msg('method_not_allowed', { method, allow }), lang)),
      };
    }
    const r = found.route as unknown as SidebarRoute;
    const log = deps.log ?? silentLog;
    log.keys({ route: `${r.method} ${r.path}` });
    // Who calls first: a refused caller learns nothing about the input, the customer or the group.
    const member = await sidebarMember(deps, event);
    log.keys({ corpId: member.corpId });
    const input = parseCall(r, { params: found.params, query: queryOf(event), body: method === 'GET' ? undefined : jsonBody(event) });
    const body = r.response.parse(await r.run(deps, member, input));
    return { statusCode: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(body) };
  };
}
