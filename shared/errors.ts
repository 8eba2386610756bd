// One error model for every transport (docs/architecture.md#errors). Constructors have no side effects.
// A message is a catalogue id with params (shared/i18n/messages.ts), rendered in the request's language when
// answered, or a plain string (English, or already bilingual); `message` is always the English text (logs).
import type { Lang } from './i18n/language';
import { CODE_LABEL_ZH, renderMessage, type Message } from './i18n/messages';

export interface AppErrorOptions {
  details?: unknown;
  /** Details rendered per language (validation issues); they win over `details` for that language. */
  localizedDetails?: Partial<Record<Lang, unknown>>;
  cause?: unknown;
}
/** A catalogue message, or a plain text. */
export type Text = string | Message;

const HAS_CJK = /[\u4e00-\u9fff]/;

export class AppError extends Error {
  readonly details: unknown;
  readonly text: Message | undefined;
  readonly localizedDetails: Partial<Record<Lang, unknown>> | undefined;
  constructor(
    readonly code: string,
    message: Text,
    readonly httpStatus: number,
    readonly retryable: boolean,
    readonly expose: boolean,
    options: AppErrorOptions = {},
  ) {
    super(typeof message === 'string' ? message : renderMessage(message, 'en'), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.text = typeof message === 'string' ? undefined : message;
    this.details = options.details;
    this.localizedDetails = options.localizedDetails;
  }

  /** The message in `lang`. An English-only text answered in Chinese leads with the code's Chinese label. */
  messageIn(lang: Lang): string {
    if (this.text) return renderMessage(this.text, lang);
    if (lang === 'en' || HAS_CJK.test(this.message)) return this.message;
    const label = CODE_LABEL_ZH[this.code];
    return label ? `${label}：${this.message}` : this.message;
  }

  detailsIn(lang: Lang): unknown {
    return this.localizedDetails?.[lang] ?? this.details;
  }
}

export class ValidationError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('validation_failed', message, 400, false, true, options);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('payload_too_large', message, 413, false, true, options);
  }
}
/** A page cursor this API did not hand out for this list and query (tampered, truncated, another tenant's). */
export class InvalidCursorError extends AppError {
  constructor(message: Text = { id: 'cursor_invalid' }) {
    super('invalid_cursor', message, 400, false, true);
  }
}
export class SignatureError extends AppError {
  constructor(message: Text = { id: 'signature_mismatch' }) {
    super('bad_signature', message, 401, false, true);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message: Text = { id: 'api_key_missing' }) {
    super('unauthorized', message, 401, false, true);
  }
}
export class ForbiddenError extends AppError {
  constructor(message: Text = { id: 'forbidden' }) {
    super('forbidden', message, 403, false, true);
  }
}
export class NotFoundError extends AppError {
  constructor(message: Text) {
    super('not_found', message, 404, false, true);
  }
}
export class ConflictError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('conflict', message, 409, false, true, options);
  }
}
export class UnprocessableError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('unprocessable', message, 422, false, true, options);
  }
}
export class RateLimitedError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('rate_limited', message, 429, true, true, options);
  }
}
/** A dependency (DynamoDB, SQS, KMS, WeCom) failed in a way that a retry may fix. */
export class DependencyError extends AppError {
  constructor(message: Text, options: AppErrorOptions = {}) {
    super('dependency_failed', message, 503, true, false, options);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
export const isRetryable = (e: unknown): boolean => !isAppError(e) || e.retryable;
