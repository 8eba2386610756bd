// The request-scoped log a use case may write to: correlation keys for the rest of the request's lines
// (route, corpId) and an info line. A port, so use cases stay free of the Powertools logger; handlers pass
// shared/observability.ts's `requestLog`, tests pass nothing (silent) or a recorder.
export interface RequestLog {
  /** Adds keys to every later line of this request. */
  keys(keys: Record<string, string>): void;
  info(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: RequestLog = { keys: () => undefined, info: () => undefined };
