// In-memory implementations of the token store and the rate-budget store: for a single process
// (scripts, local tools) and for unit tests. Production uses the DynamoDB repositories.
import { type Clock, systemClock } from '../clock';
import type { RateBudgetStore } from './rate-budget';
import type { CachedToken, TokenStore } from './token-provider';

export class MemoryTokenStore implements TokenStore {
  private readonly items = new Map<string, { token?: CachedToken; lockOwner?: string; lockUntil?: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  private item(corpId: string, secretId: string) {
    const k = `${corpId}\n${secretId}`;
    let i = this.items.get(k);
    if (!i) this.items.set(k, (i = {}));
    return i;
  }

  async get(corpId: string, secretId: string): Promise<CachedToken | null> {
    const t = this.item(corpId, secretId).token;
    return t ? { ...t } : null;
  }

  async tryLock(corpId: string, secretId: string, owner: string, ttlMs: number): Promise<boolean> {
    const i = this.item(corpId, secretId);
    const now = this.clock.now();
    if (i.lockUntil !== undefined && i.lockUntil > now && i.lockOwner !== owner) return false;
    i.lockOwner = owner;
    i.lockUntil = now + ttlMs;
    return true;
  }

  async release(corpId: string, secretId: string, owner: string): Promise<void> {
    const i = this.item(corpId, secretId);
    if (i.lockOwner === owner) {
      delete i.lockOwner;
      delete i.lockUntil;
    }
  }

  async save(corpId: string, secretId: string, token: CachedToken, holdLockMs: number): Promise<void> {
    const i = this.item(corpId, secretId);
    i.token = { ...token };
    if (holdLockMs > 0) i.lockUntil = this.clock.now() + holdLockMs;
    else delete i.lockUntil;
  }

  async invalidate(corpId: string, secretId: string, token: string): Promise<void> {
    const i = this.item(corpId, secretId);
    if (i.token?.token === token) {
      delete i.token;
      delete i.lockOwner;
      delete i.lockUntil;
    }
  }
}

export class MemoryRateBudgetStore implements RateBudgetStore {
  private readonly counts = new Map<string, number>();

  async take(corpId: string, api: string, minute: number, limit: number, amount = 1): Promise<boolean> {
    const k = `${corpId}\n${api}\n${minute}`;
    const n = this.counts.get(k) ?? 0;
    if (n + amount > limit) return false;
    this.counts.set(k, n + amount);
    return true;
  }

  /** Calls counted in one window (tests). */
  count(corpId: string, api: string, minute: number): number {
    return this.counts.get(`${corpId}\n${api}\n${minute}`) ?? 0;
  }
}
