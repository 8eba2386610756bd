// Turns an API Gateway request into a callback request, runs GET (verify) or POST (accept), and shapes
// the response. Kept apart from handler.ts so tests can drive it with fake ports.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { queryOf, rawBody } from '../../shared/http/api-event';
import { corpIdSchema } from '../../shared/tenants/tenant.schema';
import { acceptMessage, type AcceptMessageDeps, type AcceptResult } from './accept-message';
import { verifyUrl } from './verify-url';
import { msg } from '../../shared/i18n/messages';
import { silentLog, type RequestLog } from '../../shared/request-log';

export type CallbackDeps = AcceptMessageDeps & { log?: RequestLog };

export function makeRouteCallback(deps: CallbackDeps) {
  const log = deps.log ?? silentLog;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const corp = corpIdSchema.safeParse(event.pathParameters?.corpId);
    if (!corp.success) throw new NotFoundError(msg('unknown_corp'));
    log.keys({ corpId: corp.data });
    const req = { corpId: corp.data, query: queryOf(event), body: rawBody(event) };
    const method = event.requestContext.http.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') throw new ValidationError(msg('callback_get_or_post'));
    const res: AcceptResult = method === 'GET' ? await verifyUrl(deps, req) : await acceptMessage(deps, req);
    // The line that starts a callback's trail: its eventKey is on every consumer's lines too (docs/architecture.md#observability).
    const a = res.accepted;
    if (a) log.info('callback accepted', { eventKey: a.eventKey, eventType: a.type, duplicate: a.duplicate });
    return { statusCode: res.status, headers: { 'content-type': res.contentType }, body: res.body };
  };
}
