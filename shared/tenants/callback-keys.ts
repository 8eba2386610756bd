// The callback's view of a tenant: its token and AES key, decrypted once and cached briefly in the
// container (a KMS call per callback would cost the welcome path). Anyone can send a callback for any corp
// id, so what the cache holds is bounded: known tenants in one LRU (max `maxKnown`, `ttlMs`), unknown corp
// ids in another (max `maxUnknown`, `negativeTtlMs`), so a flood of random ids neither grows memory nor
// evicts real tenants, and a repeated unknown id costs one store read per `negativeTtlMs`. Concurrent gets
// of one corp share one load (single flight); a failed load is not cached.
import { type Clock, systemClock } from '../clock';
import { LRUCache } from 'lru-cache';
import type { CallbackKeyStore, CallbackKeys } from '../events/ports';
import type { SecretBox } from '../secrets/secret-box';
import { decodeAesKey } from '../wecom/crypto';
import type { TenantStore } from './tenant';

export interface CachedCallbackKeysOptions {
  /** How long a known tenant's keys are used before they are read again (default 60 s). */
  ttlMs?: number;
  /** How long a corp id is taken as unknown before the store is asked again (default 5 s). */
  negativeTtlMs?: number;
  /** Known tenants held at most (default 10,000; least recently used go first). */
  maxKnown?: number;
  /** Unknown corp ids held at most (default 10,000). */
  maxUnknown?: number;
  clock?: Clock;
}

export class CachedCallbackKeys implements CallbackKeyStore {
  private readonly known: LRUCache<string, CallbackKeys>;
  private readonly unknown: LRUCache<string, true>;
  /** Loads under way, one per corp; each entry leaves when its load settles. */
  private readonly loading = new Map<string, Promise<CallbackKeys | undefined>>();

  constructor(
    private readonly tenants: TenantStore,
    private readonly secrets: SecretBox,
    options: CachedCallbackKeysOptions = {},
  ) {
    // ttlResolution 0: read the clock on every check (no cached "now", no timers), so an injected clock works.
    const clock = { perf: options.clock ?? systemClock, ttlResolution: 0 };
    this.known = new LRUCache({ max: options.maxKnown ?? 10_000, ttl: options.ttlMs ?? 60_000, ...clock });
    this.unknown = new LRUCache({ max: options.maxUnknown ?? 10_000, ttl: options.negativeTtlMs ?? 5_000, ...clock });
  }

  /** Corp ids held now, known and unknown (expired entries may count until they are touched or evicted). */
  get size(): { known: number; unknown: number } {
    return { known: this.known.size, unknown: this.unknown.size };
  }

  get(corpId: string): Promise<CallbackKeys | undefined> {
    const hit = this.known.get(corpId);
    if (hit) return Promise.resolve(hit);
    if (this.unknown.get(corpId)) return Promise.resolve(undefined);
    let loading = this.loading.get(corpId);
    if (!loading) {
      loading = this.load(corpId)
        .then((keys) => {
          if (keys) this.known.set(corpId, keys);
          else this.unknown.set(corpId, true);
          return keys;
        })
        .finally(() => this.loading.delete(corpId));
      this.loading.set(corpId, loading);
    }
    return loading;
  }

  private async load(corpId: string): Promise<CallbackKeys | undefined> {
    const t = await this.tenants.get(corpId);
    if (!t) return undefined;
    const ctx = { tenantId: corpId };
    const [token, encodingAesKey] = await Promise.all([this.secrets.decrypt(t.tokenEnc, ctx), this.secrets.decrypt(t.encodingAesKeyEnc, ctx)]);
    return { token, aesKey: decodeAesKey(encodingAesKey) };
  }
}
