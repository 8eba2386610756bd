// The per-container tenant cache: one read per TTL, the container's own puts seen at once, misses not cached.
import { CachedTenantStore } from './cached-tenants';
import type { TenantRecord, TenantStore } from './tenant';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from '../../test/support/fakes/tenants';

class CountingStore implements TenantStore {
  gets = 0;
  constructor(readonly inner = new InMemoryTenantStore()) {}
  async get(corpId: string) {
    this.gets++;
    return this.inner.get(corpId);
  }
  put(r: TenantRecord) {
    return this.inner.put(r);
  }
}

describe('CachedTenantStore', () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  const box = new FakeSecretBox();

  it('reads the record once per TTL', async () => {
    const store = new CountingStore();
    await store.put(await fakeTenant(box, 'ww1'));
    const cached = new CachedTenantStore(store, { ttlMs: 30_000, clock });
    await Promise.all([cached.get('ww1'), cached.get('ww1')]);
    await cached.get('ww1');
    expect(store.gets).toBe(1);
    now += 30_001;
    expect((await cached.get('ww1'))?.corpId).toBe('ww1');
    expect(store.gets).toBe(2);
  });

  it("sees the container's own put at once, and another container's after the TTL", async () => {
    const store = new CountingStore();
    const t = await fakeTenant(box, 'ww2', { name: '旧名' });
    await store.put(t);
    const cached = new CachedTenantStore(store, { ttlMs: 30_000, clock });
    expect((await cached.get('ww2'))?.name).toBe('旧名');
    await cached.put({ ...t, name: '新名' });
    expect((await cached.get('ww2'))?.name).toBe('新名');
    await store.put({ ...t, name: '别处改的' }); // another container's write
    expect((await cached.get('ww2'))?.name).toBe('新名');
    now += 30_001;
    expect((await cached.get('ww2'))?.name).toBe('别处改的');
  });

  it('does not cache an unknown corp, and callers cannot change the cached record', async () => {
    const store = new CountingStore();
    const cached = new CachedTenantStore(store, { clock });
    expect(await cached.get('ww3')).toBeUndefined();
    await store.put(await fakeTenant(box, 'ww3'));
    const got = await cached.get('ww3');
    expect(got?.corpId).toBe('ww3');
    got!.name = 'changed';
    expect((await cached.get('ww3'))?.name).toBe('ww3');
  });

  it('a put during a read wins over what the read saw', async () => {
    const store = new CountingStore();
    const t = await fakeTenant(box, 'ww4', { name: 'before' });
    await store.put(t);
    const cached = new CachedTenantStore(store, { clock });
    const reading = cached.get('ww4');
    await cached.put({ ...t, name: 'after' });
    await reading;
    expect((await cached.get('ww4'))?.name).toBe('after');
  });
});
