// Maps errors to HTTP responses in one place (docs/architecture.md#errors). Unknown errors become a generic 500:
// no stack, no message, no details ever reach a client. Messages and validation details are in the request's
// language (`Accept-Language`, default zh-CN), named by `Content-Language`; codes stay English identifiers.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isAppError } from '../errors';
import { DEFAULT_LANG, negotiateLanguage, type Lang } from '../i18n/language';
import { renderMessage } from '../i18n/messages';
import { logger } from '../observability';
import { headerOf } from './api-event';

export function errorBody(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** The language a request asked for (`Accept-Language`). */
export const languageOf = (event: APIGatewayProxyEventV2 | undefined): Lang => negotiateLanguage(event ? headerOf(event, 'accept-language') : undefined);

/** The headers of an error answer in `lang`. */
export const errorHeaders = (lang: Lang) => ({ 'content-type': 'application/json', 'content-language': lang });

export function toHttpError(error: unknown, lang: Lang = DEFAULT_LANG): APIGatewayProxyStructuredResultV2 {
  if (isAppError(error) && error.expose) {
    return { statusCode: error.httpStatus, headers: errorHeaders(lang), body: errorBody(error.code, error.messageIn(lang), error.detailsIn(lang)) };
  }
  const status = isAppError(error) ? error.httpStatus : 500;
  const id = status === 503 ? 'unavailable' : 'internal';
  return { statusCode: status, headers: errorHeaders(lang), body: errorBody(id, renderMessage({ id }, lang)) };
}

export function httpErrorHandler(): MiddlewareObj<APIGatewayProxyEventV2> {
  return {
    onError: async (request) => {
      const e = request.error;
      const status = isAppError(e) ? e.httpStatus : 500;
      if (status >= 500) logger.error('request failed', { error: e as Error });
      else logger.info('request rejected', { code: isAppError(e) ? e.code : 'unknown', status });
      request.response = toHttpError(e, languageOf(request.event));
    },
  };
}
