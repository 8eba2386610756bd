// Powertools singletons, set up one way (docs/architecture.md#observability). Decrypted content is never logged at INFO.
// Tracer (X-Ray): a no-op outside Lambda (no AWS_EXECUTION_ENV: tests, `npm start`) or with POWERTOOLS_TRACE_ENABLED=false.
// Correlation keys: `withLogKeys` scopes keys (eventKey, corpId, route, …) to one async flow, so records handled
// concurrently in one batch each log their own keys; `lambdaObservability()` is the middleware every handler uses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { RequestLog } from './request-log';

export type LogKeys = Record<string, string | undefined>;

const scope = new AsyncLocalStorage<LogKeys>();

/** Runs `fn` with `keys` on every log line written inside it (and inside what it awaits), added to the enclosing scope's. */
export function withLogKeys<T>(keys: LogKeys, fn: () => Promise<T>): Promise<T> {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
  return scope.run({ ...scope.getStore(), ...defined }, fn);
}

/** The keys of the current scope (for tests and for handlers that pass them on). */
export const currentLogKeys = (): LogKeys => ({ ...scope.getStore() });

/** The Powertools standard JSON shape plus the scoped correlation keys; a line's own attributes win over them. */
class CorrelatedLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const ctx = attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: ctx?.coldStart,
        function_arn: ctx?.invokedFunctionArn,
        function_memory_size: ctx?.memoryLimitInMB,
        function_name: ctx?.functionName,
        function_request_id: ctx?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes({ ...currentLogKeys(), ...additional });
  }
}

export const logger = new Logger({
  serviceName: 'siyu',
  logLevel: (process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
  logFormatter: new CorrelatedLogFormatter(),
});

/** Operational CloudWatch metrics (EMF); not the tenants' business metrics (MetricsStore, shared/db/metrics-repository.ts). */
/** The request log port (shared/request-log.ts) on the Powertools logger, for handlers to pass to their use cases. */
export const requestLog: RequestLog = { keys: (k) => logger.appendKeys(k), info: (m, extra) => logger.info(m, extra ?? {}) };

export const cloudWatchMetrics = new Metrics({ namespace: 'Siyu', serviceName: 'siyu' });

/**
 * X-Ray. captureHTTPsRequests (default on) also traces `fetch` (undici), so every WeCom call is a subsegment named by
 * host; its recorded URL is protocol, host and path only, so the access_token query parameter never reaches X-Ray.
 */
export const tracer = new Tracer({ serviceName: 'siyu' });

/** Traces an AWS SDK v3 client's calls (a no-op while tracing is disabled). */
export function traced<C>(client: C): C {
  return tracer.captureAWSv3Client(client);
}

/** An HTTP request's API Gateway request id (the id API Gateway's access log and the caller's error report carry). */
const apiRequestKeys: MiddlewareObj = {
  before: (request) => {
    const requestId = (request.event as { requestContext?: { requestId?: unknown } } | undefined)?.requestContext?.requestId;
    if (typeof requestId === 'string') logger.appendKeys({ apiRequestId: requestId });
  },
};

/**
 * The middleware of every Lambda handler: X-Ray segment, Lambda context (function_request_id), the API Gateway
 * request id on HTTP invocations, and keys reset after each invocation.
 */
export function lambdaObservability(): MiddlewareObj[] {
  return [captureLambdaHandler(tracer, { captureResponse: false }), injectLambdaContext(logger, { resetKeys: true }), apiRequestKeys];
}
