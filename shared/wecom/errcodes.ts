// What to do with each WeCom errcode, in one place (wecom-api.md §13.3, §17.8).
//   refresh_token: the token was invalidated or expired: drop it, fetch a new one, retry once.
//   backoff:       transient: retry after a jittered, growing delay, a bounded number of times.
//   fail:          everything else: a WecomApiError; `retryable` says whether a later redelivery
//                  (an SQS retry) can succeed, e.g. 84061 right after an add event.

export type RetryAction = 'refresh_token' | 'backoff' | 'fail';

export interface ErrcodePolicy {
  action: RetryAction;
  /** Total attempts, the first one included (backoff only). */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry, with jitter (backoff only). */
  baseDelayMs?: number;
  /** Whether a failure with this errcode is worth retrying later (a new delivery). */
  retryable: boolean;
  meaning: string;
}

export const ERRCODE_POLICIES: Readonly<Record<number, ErrcodePolicy>> = {
  [-1]: { action: 'backoff', maxAttempts: 3, baseDelayMs: 200, retryable: true, meaning: 'system busy' },
  40014: { action: 'refresh_token', retryable: true, meaning: 'invalid access_token' },
  42001: { action: 'refresh_token', retryable: true, meaning: 'access_token expired' },
  45009: { action: 'backoff', maxAttempts: 3, baseDelayMs: 1000, retryable: true, meaning: 'API frequency exceeded' },
  45033: { action: 'backoff', maxAttempts: 3, baseDelayMs: 300, retryable: true, meaning: 'API concurrency exceeded' },
  // Transient right after an add event (the relationship is not visible yet): fail now, redeliver later.
  84061: { action: 'fail', retryable: true, meaning: 'not an external contact (yet)' },
  // Business outcomes and configuration errors: retrying cannot help.
  40001: { action: 'fail', retryable: false, meaning: 'invalid secret' },
  40013: { action: 'fail', retryable: false, meaning: 'invalid corpid' },
  41050: { action: 'fail', retryable: false, meaning: 'invalid or expired welcome code' },
  41051: { action: 'fail', retryable: false, meaning: 'welcome already delivered / customer started chatting' },
  // Another app is delivering the welcome; by the time a redelivery runs the 20 s window is over.
  41096: { action: 'fail', retryable: false, meaning: 'welcome message is being distributed by another app' },
  48002: { action: 'fail', retryable: false, meaning: 'API not authorized for this app' },
  60020: { action: 'fail', retryable: false, meaning: 'IP not in the trusted list' },
  95001: { action: 'fail', retryable: false, meaning: 'kf: 5-message limit reached' },
  95002: { action: 'fail', retryable: false, meaning: 'kf: outside the 48 h window' },
  95018: { action: 'fail', retryable: false, meaning: 'kf: session state forbids API sending' },
};

const DEFAULT_POLICY: ErrcodePolicy = { action: 'fail', retryable: false, meaning: 'WeCom error' };

export function policyFor(errcode: number): ErrcodePolicy {
  return ERRCODE_POLICIES[errcode] ?? DEFAULT_POLICY;
}

/** Upper bound of the time spent sleeping between attempts of one call. */
export const MAX_TOTAL_BACKOFF_MS = 3000;
/** Upper bound of a single backoff delay. */
export const MAX_BACKOFF_DELAY_MS = 2000;

/**
 * Delay before retry number `retry` (1 = first retry): base·2^(retry−1), capped, with "equal jitter"
 * (between half and all of it) so that parallel callers spread out.
 */
export function backoffDelayMs(policy: ErrcodePolicy, retry: number, random: () => number): number {
  const base = policy.baseDelayMs ?? 200;
  const full = Math.min(MAX_BACKOFF_DELAY_MS, base * 2 ** Math.max(0, retry - 1));
  return Math.round(full / 2 + random() * (full / 2));
}
