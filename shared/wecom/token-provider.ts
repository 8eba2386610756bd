// Access tokens per (corp, secret) (docs/wecom.md#access-tokens): an in-process cache in front of a shared store
// (DynamoDB, encrypted), one in-process refresh per key (single flight), and a store lock so that
// concurrent containers do not all call gettoken. The refresh starts `refreshAheadMs` before expiry,
// while everyone else keeps using the still-valid token; a refresh that brings back a token with no more life
// than that (WeCom answers the one it holds) is not retried before it expires. On 40014/42001 the client
// invalidates the token (only if it is still the stored one) and asks again.
import { type Clock, systemClock } from '../clock';
import { hash } from 'node:crypto';

export interface Credentials {
  corpId: string;
  secret: string;
}

export interface CachedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The shared store of tokens (port). `secretId` is a fingerprint of the secret, never the secret. */
export interface TokenStore {
  get(corpId: string, secretId: string): Promise<CachedToken | null>;
  /** Takes the refresh lock for `ttlMs` unless another owner holds an unexpired one. */
  tryLock(corpId: string, secretId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Releases the lock if `owner` holds it (after a failed refresh). */
  release(corpId: string, secretId: string, owner: string): Promise<void>;
  /** Stores a fresh token; the lock stays taken for `holdLockMs` more, a cooldown against repeated refreshes. */
  save(corpId: string, secretId: string, token: CachedToken, holdLockMs: number): Promise<void>;
  /** Removes the stored token and the lock if the stored token is still `token`. */
  invalidate(corpId: string, secretId: string, token: string): Promise<void>;
}

export interface FetchedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenProvider {
  getToken(credentials: Credentials): Promise<string>;
  /** The token was refused (40014/42001): forget it, here and in the store, if it is still current. */
  invalidate(credentials: Credentials, token: string): Promise<void>;
}

export interface TokenProviderOptions {
  store: TokenStore;
  /** Calls gettoken. */
  fetchToken: (credentials: Credentials) => Promise<FetchedToken>;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Start refreshing this long before expiry (default 5 minutes). */
  refreshAheadMs?: number;
  /** Lifetime of the store lock while one caller refreshes (default 10 s). */
  lockTtlMs?: number;
  /** After a refresh attempt, no new attempt for this long (default 30 s). */
  refreshCooldownMs?: number;
  /** Poll interval while another container refreshes (default 100 ms). */
  pollMs?: number;
  /** Lock owner id (default random). */
  owner?: string;
}

/** First 16 hex characters of sha256(secret): identifies a secret in keys without revealing it. */
export function secretIdOf(secret: string): string {
  return hash('sha256', secret, 'hex').slice(0, 16);
}

interface Entry extends CachedToken {
  /** No refresh attempt before this instant (epoch ms). */
  nextRefreshAt: number;
}

export function createTokenProvider(o: TokenProviderOptions): TokenProvider {
  const clock = o.clock ?? systemClock;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const refreshAhead = o.refreshAheadMs ?? 5 * 60_000;
  const lockTtl = o.lockTtlMs ?? 10_000;
  const cooldown = o.refreshCooldownMs ?? 30_000;
  const pollMs = o.pollMs ?? 100;
  const owner = o.owner ?? `tp-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;
  const cache = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<CachedToken>>();

  const keyOf = (c: Credentials) => `${c.corpId}\n${secretIdOf(c.secret)}`;
  const valid = (t: CachedToken | null | undefined, now: number): t is CachedToken => !!t && now < t.expiresAt;
  const fresh = (t: CachedToken | null | undefined, now: number) => valid(t, now) && now < t.expiresAt - refreshAhead;

  // The store is an optimisation: when it fails, callers still get tokens (at the cost of more gettokens).
  async function quietly<T>(op: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await op();
    } catch {
      return fallback;
    }
  }

  function remember(key: string, t: CachedToken, nextRefreshAt: number): CachedToken {
    cache.set(key, { token: t.token, expiresAt: t.expiresAt, nextRefreshAt });
    return t;
  }

  async function fetchAndSave(c: Credentials, key: string, secretId: string): Promise<CachedToken> {
    const got = await o.fetchToken(c);
    const now = clock.now();
    const t = { token: got.token, expiresAt: now + got.expiresInSeconds * 1000 };
    // One that comes back already due (WeCom answering the one it holds, with the time it has left) cannot be
    // refreshed sooner: no one asks again, here or in another container, until it expires.
    // (The lock ends 1 ms before the token, so that at its expiry the lock is free: stores compare lockUntil < now.)
    const hold = fresh(t, now) ? cooldown : Math.max(cooldown, t.expiresAt - now - 1);
    await quietly(() => o.store.save(c.corpId, secretId, t, hold), undefined);
    return remember(key, t, now + hold);
  }

  /** Finds or fetches a token; `current` is the in-process one still valid but due for refresh, if any. */
  async function obtain(c: Credentials, current: CachedToken | undefined): Promise<CachedToken> {
    const key = keyOf(c);
    const secretId = secretIdOf(c.secret);
    const stored = await quietly(() => o.store.get(c.corpId, secretId), null);
    let now = clock.now();
    const candidates = [current, stored].filter((t): t is CachedToken => valid(t, now));
    const best = candidates.sort((a, b) => b.expiresAt - a.expiresAt)[0];
    if (best && fresh(best, now)) return remember(key, best, 0);

    if (await quietly(() => o.store.tryLock(c.corpId, secretId, owner, lockTtl), true)) {
      try {
        return await fetchAndSave(c, key, secretId);
      } catch (e) {
        await quietly(() => o.store.release(c.corpId, secretId, owner), undefined);
        now = clock.now();
        if (valid(best, now)) return remember(key, best, now + cooldown);
        throw e;
      }
    }
    // Another container is refreshing. A still-valid token is good enough meanwhile.
    if (best) return remember(key, best, now + cooldown);
    const deadline = now + lockTtl;
    while (clock.now() < deadline) {
      await sleep(pollMs);
      const s = await quietly(() => o.store.get(c.corpId, secretId), null);
      if (valid(s, clock.now())) return remember(key, s, fresh(s, clock.now()) ? 0 : clock.now() + cooldown);
      if (await quietly(() => o.store.tryLock(c.corpId, secretId, owner, lockTtl), false)) return fetchAndSave(c, key, secretId);
    }
    // The lock holder vanished without saving or releasing: fetch anyway.
    return fetchAndSave(c, key, secretId);
  }

  function singleFlight(c: Credentials, current: CachedToken | undefined): Promise<CachedToken> {
    const key = keyOf(c);
    let p = inFlight.get(key);
    if (!p) {
      p = obtain(c, current).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  }

  return {
    async getToken(c) {
      const entry = cache.get(keyOf(c));
      const now = clock.now();
      if (entry && valid(entry, now)) {
        if (fresh(entry, now) || now < entry.nextRefreshAt || inFlight.has(keyOf(c))) return entry.token;
        // Due for refresh: this caller refreshes; a failure leaves the still-valid token in use.
        try {
          return (await singleFlight(c, entry)).token;
        } catch {
          entry.nextRefreshAt = clock.now() + cooldown;
          return entry.token;
        }
      }
      return (await singleFlight(c, undefined)).token;
    },

    async invalidate(c, token) {
      const key = keyOf(c);
      if (cache.get(key)?.token === token) cache.delete(key);
      await quietly(() => o.store.invalidate(c.corpId, secretIdOf(c.secret), token), undefined);
    },
  };
}
