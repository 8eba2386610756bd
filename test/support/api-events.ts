// API Gateway HTTP API (payload v2) events for handler tests.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function apiEvent(o: {
  method: string;
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const qs = new URLSearchParams(o.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `${o.method} ${o.path}`,
    rawPath: o.path,
    rawQueryString: qs,
    headers: { 'content-type': 'text/xml', ...(o.headers ?? {}) },
    ...(o.query ? { queryStringParameters: o.query } : {}),
    ...(o.pathParameters ? { pathParameters: o.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: o.method, path: o.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${o.method} ${o.path}`,
      stage: '$default',
      time: '',
      timeEpoch: Date.now(),
    },
    ...(o.body !== undefined ? { body: o.body } : {}),
    isBase64Encoded: false,
  };
}
