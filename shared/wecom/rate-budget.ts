// Our own per-tenant, per-API call budget per minute, below WeCom's 10,000 (wecom-api.md §13.2), shared
// by all containers through the store. When it is spent we refuse before calling WeCom: a 45009 would
// block the API for the whole corp for 60 s.
import { RateLimitedError } from '../errors';

/** Atomic counter per (corp, api, minute window) (port). */
export interface RateBudgetStore {
  /** Counts one call unless `limit` calls are already counted in that window; false = exhausted. */
  take(corpId: string, api: string, minute: number, limit: number): Promise<boolean>;
}

export interface RateBudget {
  /** Spends one call of `api` for `corpId`, or throws RateLimitedError. */
  take(corpId: string, api: string): Promise<void>;
}

export const DEFAULT_CALLS_PER_MINUTE = 9000;

export interface RateBudgetOptions {
  store: RateBudgetStore;
  clock?: () => number;
  /** Calls per corp per API per minute (default 9000). */
  perMinute?: number;
  /** Lower budgets for particular APIs (by path without /cgi-bin/, e.g. `message/send`). */
  perApi?: Readonly<Record<string, number>>;
}

export function createRateBudget(o: RateBudgetOptions): RateBudget {
  const clock = o.clock ?? Date.now;
  const perMinute = o.perMinute ?? DEFAULT_CALLS_PER_MINUTE;
  return {
    async take(corpId, api) {
      const now = clock();
      const minute = Math.floor(now / 60_000);
      const limit = o.perApi?.[api] ?? perMinute;
      if (await o.store.take(corpId, api, minute, limit)) return;
      const retryAfterMs = (minute + 1) * 60_000 - now;
      throw new RateLimitedError(`call budget of ${api} for this tenant is spent for this minute`, {
        details: { corpId, api, limit, retryAfterMs },
      });
    },
  };
}
