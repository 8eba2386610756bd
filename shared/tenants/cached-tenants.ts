// Tenant records cached per container for a short time: every consumer reads the tenant on every event
// (its secret for the WeCom client, its default welcome), 3 reads per customer add before this cache.
// A put through this store (the admin API's own writes) replaces the cached record at once; another
// container sees a change after at most `ttlMs` (docs/architecture.md#tenant-cache says what that means for
// each setting). Unknown corp ids are not cached (a tenant just created is seen at once). Concurrent gets of
// one corp share one read (single flight); a failed read is not cached.
import { LRUCache } from 'lru-cache';
import { type Clock, systemClock } from '../clock';
import type { TenantRecord, TenantStore } from './tenant';

export interface CachedTenantStoreOptions {
  /** How long a record is used before it is read again (default 30 s). */
  ttlMs?: number;
  /** Tenants held at most (default 1,000; least recently used go first). */
  max?: number;
  clock?: Clock;
}

export const TENANT_CACHE_TTL_MS = 30_000;

export class CachedTenantStore implements TenantStore {
  private readonly cache: LRUCache<string, TenantRecord>;
  private readonly loading = new Map<string, Promise<TenantRecord | undefined>>();

  constructor(
    private readonly inner: TenantStore,
    options: CachedTenantStoreOptions = {},
  ) {
    // ttlResolution 0: read the clock on every check, so an injected clock works.
    this.cache = new LRUCache({
      max: options.max ?? 1_000,
      ttl: options.ttlMs ?? TENANT_CACHE_TTL_MS,
      perf: options.clock ?? systemClock,
      ttlResolution: 0,
    });
  }

  async get(corpId: string): Promise<TenantRecord | undefined> {
    const hit = this.cache.get(corpId);
    if (hit) return structuredClone(hit);
    let loading = this.loading.get(corpId);
    if (!loading) {
      const load: Promise<TenantRecord | undefined> = this.inner
        .get(corpId)
        .then((t) => {
          // A put while this read was under way wins: the read may have seen the record before it.
          if (t && this.loading.get(corpId) === load) this.cache.set(corpId, structuredClone(t));
          return t;
        })
        .finally(() => {
          if (this.loading.get(corpId) === load) this.loading.delete(corpId);
        });
      loading = load;
      this.loading.set(corpId, load);
    }
    const t = await loading;
    return t ? structuredClone(t) : undefined;
  }

  async put(record: TenantRecord): Promise<void> {
    this.cache.delete(record.corpId);
    this.loading.delete(record.corpId);
    await this.inner.put(record);
    this.cache.set(record.corpId, structuredClone(record));
  }
}
