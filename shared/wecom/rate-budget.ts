// Our own per-tenant, per-API call budget per minute, below WeCom's 10,000 (docs/wecom.md#rate-limits), shared
// by all containers through the store. When it is spent we refuse before calling WeCom: a 45009 would
// block the API for the whole corp for 60 s.
import { type Clock, systemClock } from '../clock';
import { RateLimitedError } from '../errors';
import { msg } from '../i18n/messages';

/** Atomic counter per (corp, api, minute window) (port). */
export interface RateBudgetStore {
  /** Counts `amount` calls unless that would pass `limit` in the window; false = not enough left. */
  take(corpId: string, api: string, minute: number, limit: number, amount?: number): Promise<boolean>;
}

export interface RateBudget {
  /** Spends one call of `api` for `corpId`, or throws RateLimitedError. */
  take(corpId: string, api: string): Promise<void>;
}

export const DEFAULT_CALLS_PER_MINUTE = 9000;

/**
 * APIs with a lower budget by default. JS-SDK tickets: WeCom allows 400 an hour per corp and 100 per app
 * (docs/wecom.md#js-sdk); one call a minute per ticket API is at most 60 an hour of each, whatever goes wrong.
 */
export const DEFAULT_PER_API: Readonly<Record<string, number>> = { get_jsapi_ticket: 1, 'ticket/get': 1 };

export interface RateBudgetOptions {
  store: RateBudgetStore;
  clock?: Clock;
  /** Calls per corp per API per minute (default 9000). */
  perMinute?: number;
  /** Lower budgets for particular APIs (by path without /cgi-bin/, e.g. `message/send`); DEFAULT_PER_API otherwise. */
  perApi?: Readonly<Record<string, number>>;
  /**
   * Calls reserved per store write (default 10, and never more than 1 % of the limit): a container takes a
   * few calls at a time and spends them locally, so a busy API costs one write per chunk, not per call.
   * Reserved calls count against the window whether used or not, so the limit is never passed; at worst a
   * tenant is refused a few calls early when many containers hold partial chunks at the end of a minute.
   */
  chunk?: number;
}

export function createRateBudget(o: RateBudgetOptions): RateBudget {
  const clock = o.clock ?? systemClock;
  const perMinute = o.perMinute ?? DEFAULT_CALLS_PER_MINUTE;
  /** Calls reserved in the store and not yet spent, per (corp, api, minute); older windows are dropped. */
  const reserved = new Map<string, number>();
  let reservedMinute = -1;
  return {
    async take(corpId, api) {
      const now = clock.now();
      const minute = Math.floor(now / 60_000);
      const limit = o.perApi?.[api] ?? DEFAULT_PER_API[api] ?? perMinute;
      if (minute !== reservedMinute) {
        reserved.clear();
        reservedMinute = minute;
      }
      const key = `${corpId}\n${api}`;
      const left = reserved.get(key) ?? 0;
      if (left > 0) {
        reserved.set(key, left - 1);
        return;
      }
      const chunk = Math.max(1, Math.min(o.chunk ?? 10, Math.floor(limit / 100)));
      if (chunk > 1 && (await o.store.take(corpId, api, minute, limit, chunk))) {
        if (minute === reservedMinute) reserved.set(key, (reserved.get(key) ?? 0) + chunk - 1);
        return;
      }
      if (await o.store.take(corpId, api, minute, limit, 1)) return;
      const retryAfterMs = (minute + 1) * 60_000 - now;
      throw new RateLimitedError(msg('call_budget_spent', { api }), {
        details: { corpId, api, limit, retryAfterMs },
      });
    },
  };
}
