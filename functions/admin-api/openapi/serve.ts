// GET /admin/v1/openapi.json, without authentication: the document of the route table, its server the
// origin the request came to. Any other request goes on to the admin API.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { headerOf } from '../../../shared/http/api-event';
import { openApiDocument, OPENAPI_PATH, type DocumentedRoute } from './document';

/** `https://host` (or the forwarded protocol; http on loopback, as the local stack serves). */
export function originOf(event: APIGatewayProxyEventV2): string | undefined {
  const host = headerOf(event, 'host');
  if (!host || !/^[\w.-]+(:\d+)?$/.test(host)) return undefined;
  const proto = headerOf(event, 'x-forwarded-proto') ?? (/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto === 'http' ? 'http' : 'https'}://${host}`;
}

export function withOpenApi<E extends APIGatewayProxyEventV2, R>(api: (event: E) => Promise<R>, routes: readonly DocumentedRoute[]) {
  const texts = new Map<string, string>();
  return async (event: E): Promise<R | APIGatewayProxyStructuredResultV2> => {
    if (event.rawPath !== OPENAPI_PATH || event.requestContext.http.method.toUpperCase() !== 'GET') return api(event);
    const origin = originOf(event);
    let body = texts.get(origin ?? '');
    if (body === undefined) {
      body = JSON.stringify(openApiDocument(routes, origin));
      if (texts.size < 16) texts.set(origin ?? '', body);
    }
    return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body };
  };
}
