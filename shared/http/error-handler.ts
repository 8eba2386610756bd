// Maps errors to HTTP responses in one place (docs/architecture.md#errors). Unknown errors become a generic 500:
// no stack, no message, no details ever reach a client.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isAppError } from '../errors';
import { logger } from '../observability';

export function errorBody(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function toHttpError(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (isAppError(error) && error.expose) {
    return {
      statusCode: error.httpStatus,
      headers: { 'content-type': 'application/json' },
      body: errorBody(error.code, error.message, error.details),
    };
  }
  const status = isAppError(error) ? error.httpStatus : 500;
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json' },
    body: errorBody(status === 503 ? 'unavailable' : 'internal', status === 503 ? 'temporarily unavailable, retry' : 'internal error'),
  };
}

export function httpErrorHandler(): MiddlewareObj {
  return {
    onError: async (request) => {
      const e = request.error;
      const status = isAppError(e) ? e.httpStatus : 500;
      if (status >= 500) logger.error('request failed', { error: e as Error });
      else logger.info('request rejected', { code: isAppError(e) ? e.code : 'unknown', status });
      request.response = toHttpError(e);
    },
  };
}
