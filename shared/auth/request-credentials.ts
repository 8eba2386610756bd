// The parts of an API Gateway (payload v2) request that authentication reads: the Authorization header, the
// cookies (the event's `cookies` list or a Cookie header), the CSRF header, Origin/Referer and the Host.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { headerOf } from '../http/api-event';
import { CSRF_HEADER, parseCookies } from './session';
import type { RequestCredentials } from './session-auth';

export function requestCredentials(event: APIGatewayProxyEventV2): RequestCredentials {
  return {
    method: event.requestContext.http.method.toUpperCase(),
    authorization: headerOf(event, 'authorization'),
    cookies: parseCookies(event.cookies, headerOf(event, 'cookie')),
    csrfHeader: headerOf(event, CSRF_HEADER),
    origin: headerOf(event, 'origin'),
    referer: headerOf(event, 'referer'),
    host: headerOf(event, 'host') ?? event.requestContext.domainName,
  };
}
