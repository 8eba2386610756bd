// A WeCom call answered with a business errcode (e.g. 41051). Carries what callers decide on.
import { AppError } from '../errors';

export class WecomApiError extends AppError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    retryable: boolean,
    /** The request field the refusal is about, when the use case said so (shared/wecom/refused-fields.ts). */
    readonly field?: string,
  ) {
    // errmsg is WeCom's text (no token, no secret); the 502 says "upstream refused", never exposed.
    // Person-facing callers translate it by the errcode's kind (shared/wecom/refusal.ts).
    super('wecom_error', `WeCom ${api} answered ${errcode}: ${errmsg}`, 502, retryable, false, { details: { errcode, api, ...(field ? { field } : {}) } });
  }

  /** The same refusal, said to be about the request field `field`. */
  about(field: string): WecomApiError {
    return new WecomApiError(this.errcode, this.errmsg, this.api, this.retryable, field);
  }
}

/** WeCom answered something that does not match the endpoint's response schema. */
export class WecomResponseError extends AppError {
  constructor(api: string, issues: unknown) {
    super('wecom_bad_response', `WeCom ${api} answered an unexpected response`, 502, false, false, { details: { api, issues } });
  }
}

/** What an operator needs to know of a failed WeCom read: the API, errcode and message, or the error's message. */
export function reasonOf(e: unknown): string {
  if (e instanceof WecomApiError) return `WeCom ${e.api} ${e.errcode}: ${e.errmsg}`;
  return e instanceof Error ? e.message : String(e);
}
