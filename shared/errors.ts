// One error model for every transport (docs/architecture.md#errors). Constructors have no side effects.
export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
}

export class AppError extends Error {
  readonly details: unknown;
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly retryable: boolean,
    readonly expose: boolean,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.details = options.details;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('validation_failed', message, 400, false, true, options);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('payload_too_large', message, 413, false, true, options);
  }
}
/** A page cursor this API did not hand out for this list and query (tampered, truncated, another tenant's). */
export class InvalidCursorError extends AppError {
  constructor(message = '分页游标无效 (invalid cursor)') {
    super('invalid_cursor', message, 400, false, true);
  }
}
export class SignatureError extends AppError {
  constructor(message = 'signature mismatch') {
    super('bad_signature', message, 401, false, true);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'missing or invalid API key') {
    super('unauthorized', message, 401, false, true);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'this key may not do that') {
    super('forbidden', message, 403, false, true);
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message, 404, false, true);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('conflict', message, 409, false, true, options);
  }
}
export class UnprocessableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('unprocessable', message, 422, false, true, options);
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('rate_limited', message, 429, true, true, options);
  }
}
/** A dependency (DynamoDB, SQS, KMS, WeCom) failed in a way that a retry may fix. */
export class DependencyError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('dependency_failed', message, 503, true, false, options);
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
export const isRetryable = (e: unknown): boolean => !isAppError(e) || e.retryable;
