// GET /admin/v1/openapi.json, without authentication: the document of the route table, its server the
// origin the request came to. Any other request goes on to the admin API.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { requestOrigin } from '../../../shared/http/api-event';
import { openApiDocument, OPENAPI_PATH, type DocumentedRoute } from './document';

export function withOpenApi<E extends APIGatewayProxyEventV2, R>(api: (event: E) => Promise<R>, routes: readonly DocumentedRoute[]) {
  const texts = new Map<string, string>();
  return async (event: E): Promise<R | APIGatewayProxyStructuredResultV2> => {
    if (event.rawPath !== OPENAPI_PATH || event.requestContext.http.method.toUpperCase() !== 'GET') return api(event);
    const origin = requestOrigin(event);
    let body = texts.get(origin ?? '');
    if (body === undefined) {
      body = JSON.stringify(openApiDocument(routes, origin));
      if (texts.size < 16) texts.set(origin ?? '', body);
    }
    return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }, body };
  };
}
