// Reading API Gateway HTTP API (payload v2) events; the same shape serverless-offline produces.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function rawBody(event: APIGatewayProxyEventV2): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function queryOf(event: APIGatewayProxyEventV2): Record<string, string | undefined> {
  return { ...(event.queryStringParameters ?? {}) };
}

export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * The origin a request came to, from its Host header: the forwarded protocol when a proxy says it (API Gateway
 * sets X-Forwarded-Proto), else http on loopback (the local stack) and https elsewhere. Undefined for a
 * missing or malformed host.
 */
export function requestOrigin(event: APIGatewayProxyEventV2): string | undefined {
  const host = headerOf(event, 'host');
  if (!host || !/^[\w.-]+(:\d+)?$/.test(host)) return undefined;
  const proto = headerOf(event, 'x-forwarded-proto') ?? (/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto === 'http' ? 'http' : 'https'}://${host}`;
}
