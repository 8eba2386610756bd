// CachedCallbackKeys with fakes: bounded for unknown corp ids, brief negative caching, known tenants kept
// for their TTL, one load per corp at a time, failures not cached.
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box';
import { CachedCallbackKeys } from './callback-keys';
import type { TenantRecord, TenantStore } from './tenant';

const aesKey = randomBytes(32).toString('base64').slice(0, 43).replace(/[+/]/g, 'x');

/** A tenant store that counts its reads; `failNext` makes the next read throw (DynamoDB throttled). */
class CountingTenantStore implements TenantStore {
  reads = 0;
  failNext = 0;
  gate: Promise<void> | undefined;
  private readonly byCorp = new Map<string, TenantRecord>();
  add(corpId: string): this {
    const at = new Date(0).toISOString();
    this.byCorp.set(corpId, {
      corpId,
      name: corpId,
      notify: [],
      tokenEnc: `tok-${corpId}`,
      encodingAesKeyEnc: aesKey,
      secretEnc: 's',
      createdAt: at,
      updatedAt: at,
    });
    return this;
  }
  async get(corpId: string) {
    this.reads++;
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('ProvisionedThroughputExceededException');
    }
    return this.byCorp.get(corpId);
  }
  async put() {}
}
const plainBox: SecretBox = { encrypt: async (p) => p, decrypt: async (c) => c };

function setup(options: { ttlMs?: number; negativeTtlMs?: number } = {}) {
  let t = 1_000_000;
  const store = new CountingTenantStore().add('wwknown');
  const keys = new CachedCallbackKeys(store, plainBox, { ...options, clock: { now: () => t } });
  return { store, keys, advance: (ms: number) => void (t += ms) };
}

describe('CachedCallbackKeys', () => {
  it('holds at most its max after 20,000 distinct unknown corp ids: the oldest are evicted, the newest kept', async () => {
    const { store, keys } = setup();
    for (let i = 0; i < 20_000; i++) expect(await keys.get(`wwrandom${i}`)).toBeUndefined();
    expect(store.reads).toBe(20_000);
    await keys.get('wwrandom19999'); // recent: still cached as unknown
    expect(store.reads).toBe(20_000);
    await keys.get('wwrandom0'); // evicted long ago (within its negative TTL): read again
    expect(store.reads).toBe(20_001);
    expect(keys.size.unknown).toBeLessThanOrEqual(10_000);
  });

  it('asks the store about a repeated unknown id once within the negative TTL, and again after it', async () => {
    const { store, keys, advance } = setup({ negativeTtlMs: 5_000 });
    await keys.get('wwnobody');
    advance(4_999);
    await keys.get('wwnobody');
    expect(store.reads).toBe(1);
    advance(2);
    await keys.get('wwnobody');
    expect(store.reads).toBe(2);
  });

  it('keeps a known tenant for the TTL, then reads it again; a flood of unknown ids does not push it out', async () => {
    const { store, keys, advance } = setup({ ttlMs: 60_000 });
    const first = await keys.get('wwknown');
    expect(first?.token).toBe('tok-wwknown');
    for (let i = 0; i < 20_000; i++) await keys.get(`wwflood${i}`);
    advance(59_999);
    const reads = store.reads;
    expect(await keys.get('wwknown')).toBe(first);
    expect(store.reads).toBe(reads);
    advance(2);
    expect((await keys.get('wwknown'))?.token).toBe('tok-wwknown');
    expect(store.reads).toBe(reads + 1);
  });

  it('shares one load between concurrent gets of one corp', async () => {
    const { store, keys } = setup();
    let open!: () => void;
    store.gate = new Promise<void>((r) => (open = r));
    const all = Promise.all(Array.from({ length: 10 }, () => keys.get('wwknown')));
    const none = Promise.all(Array.from({ length: 10 }, () => keys.get('wwnobody')));
    open();
    expect(new Set(await all).size).toBe(1);
    expect(await none).toEqual(Array(10).fill(undefined));
    expect(store.reads).toBe(2);
  });

  it('does not cache a failed load', async () => {
    const { store, keys } = setup();
    store.failNext = 1;
    await expect(keys.get('wwknown')).rejects.toThrow('ProvisionedThroughputExceededException');
    expect((await keys.get('wwknown'))?.token).toBe('tok-wwknown');
    expect(store.reads).toBe(2);
  });
});
