// Token caching and refresh with fakes: in-memory store, counted fetches, a movable clock.
import { MemoryTokenStore } from './memory-stores';
import { createTokenProvider, secretIdOf, type Credentials, type FetchedToken, type TokenStore } from './token-provider';

const cred: Credentials = { corpId: 'wwcorp', secret: 'secret-1' };
const HOUR = 3600_000;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function setup(store?: TokenStore) {
  let now = 1_700_000_000_000;
  const clock = { now: () => now };
  const shared = store ?? new MemoryTokenStore(clock);
  let n = 0;
  const fetches: Credentials[] = [];
  const fetchToken = jest.fn(async (c: Credentials): Promise<FetchedToken> => {
    fetches.push(c);
    await new Promise((r) => setTimeout(r, 5));
    return { token: `token-${++n}`, expiresInSeconds: 7200 };
  });
  const make = () => createTokenProvider({ store: shared, fetchToken, clock, sleep: async () => undefined });
  return { provider: make(), make, store: shared, fetchToken, fetches, advance: (ms: number) => (now += ms), clock };
}

describe('token provider', () => {
  it('fetches once for 20 parallel callers (single flight) and then serves from memory', async () => {
    // Given a cold container
    const { provider, fetchToken } = setup();
    // When 20 callers ask at once, then once more
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.getToken(cred)));
    await provider.getToken(cred);
    // Then gettoken ran once and everyone got its token
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
  });

  it('lets another container reuse the stored token without calling gettoken', async () => {
    const { provider, make, fetchToken } = setup();
    await provider.getToken(cred);
    const other = make();
    expect(await other.getToken(cred)).toBe('token-1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('keys tokens by corp and secret fingerprint', async () => {
    const { provider, store, fetchToken } = setup();
    await provider.getToken(cred);
    await provider.getToken({ corpId: 'wwcorp', secret: 'secret-2' });
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(secretIdOf('secret-1')).toMatch(/^[0-9a-f]{16}$/);
    expect((await store.get('wwcorp', secretIdOf('secret-1')))?.token).toBe('token-1');
  });

  it('refreshes 5 minutes before expiry: one caller refreshes, the others keep the valid token', async () => {
    // Given a token 4 minutes from expiry
    const { provider, fetchToken, advance } = setup();
    await provider.getToken(cred);
    advance(2 * HOUR - 4 * 60_000);
    const next = deferred<FetchedToken>();
    fetchToken.mockImplementationOnce(() => next.promise);
    // When one caller starts the refresh and others ask meanwhile
    const refreshing = provider.getToken(cred);
    await new Promise((r) => setImmediate(r));
    const meanwhile = await Promise.all([provider.getToken(cred), provider.getToken(cred)]);
    next.resolve({ token: 'token-new', expiresInSeconds: 7200 });
    // Then the others got the old token at once, the refresher the new one
    expect(meanwhile).toEqual(['token-1', 'token-1']);
    expect(await refreshing).toBe('token-new');
    expect(await provider.getToken(cred)).toBe('token-new');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('keeps using the still-valid token when the early refresh fails', async () => {
    const { provider, fetchToken, advance } = setup();
    await provider.getToken(cred);
    advance(2 * HOUR - 60_000);
    fetchToken.mockRejectedValueOnce(new Error('WeCom down'));
    expect(await provider.getToken(cred)).toBe('token-1');
    // and does not retry on every call (cooldown)
    expect(await provider.getToken(cred)).toBe('token-1');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('fetches a new token after invalidate, and the store forgets the old one', async () => {
    const { provider, store, fetchToken } = setup();
    const first = await provider.getToken(cred);
    await provider.invalidate(cred, first);
    expect(await store.get(cred.corpId, secretIdOf(cred.secret))).toBeNull();
    expect(await provider.getToken(cred)).toBe('token-2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('invalidates only if the stored token is still the refused one', async () => {
    // Given container B already replaced the token that container A saw refused
    const { provider, make, store } = setup();
    const old = await provider.getToken(cred);
    await provider.invalidate(cred, old);
    const b = make();
    const fresh = await b.getToken(cred);
    // When A's late invalidation of the old token arrives
    await provider.invalidate(cred, old);
    // Then the fresh token stays stored
    expect((await store.get(cred.corpId, secretIdOf(cred.secret)))?.token).toBe(fresh);
  });

  it('waits for the container that holds the refresh lock instead of calling gettoken too', async () => {
    // Given another container holds the lock and will save a token shortly
    let now = 1_700_000_000_000;
    const store = new MemoryTokenStore({ now: () => now });
    await store.tryLock(cred.corpId, secretIdOf(cred.secret), 'other-container', 10_000);
    const fetchToken = jest.fn(async () => ({ token: 'mine', expiresInSeconds: 7200 }));
    let polls = 0;
    const provider = createTokenProvider({
      store,
      fetchToken,
      clock: { now: () => now },
      sleep: async (ms) => {
        now += ms;
        if (++polls === 3) await store.save(cred.corpId, secretIdOf(cred.secret), { token: 'theirs', expiresAt: now + 7200_000 }, 30_000);
      },
    });
    // When this container needs a token
    const token = await provider.getToken(cred);
    // Then it used theirs
    expect(token).toBe('theirs');
    expect(fetchToken).not.toHaveBeenCalled();
  });

  it('still serves tokens when the store fails', async () => {
    const broken: TokenStore = {
      get: async () => {
        throw new Error('dynamodb down');
      },
      tryLock: async () => {
        throw new Error('dynamodb down');
      },
      release: async () => undefined,
      save: async () => {
        throw new Error('dynamodb down');
      },
      invalidate: async () => undefined,
    };
    const { provider, fetchToken } = setup(broken);
    expect(await provider.getToken(cred)).toBe('token-1');
    expect(await provider.getToken(cred)).toBe('token-1');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('propagates a gettoken failure when there is no valid token', async () => {
    const { provider, fetchToken } = setup();
    fetchToken.mockRejectedValueOnce(new Error('40001 invalid secret'));
    await expect(provider.getToken(cred)).rejects.toThrow('40001');
  });
  it('when a refresh answers the same token with only its remaining life, nobody asks again before it expires', async () => {
    // Given WeCom answering the held token, with the seconds it has left, until it expires (gettoken, jsapi tickets)
    let now = 1_700_000_000_000;
    const clock = { now: () => now };
    const store = new MemoryTokenStore(clock);
    let held = { token: 'token-0', expiresAt: 0 };
    const fetchToken = jest.fn(async (): Promise<FetchedToken> => {
      if (held.expiresAt <= now) held = { token: `token-${fetchToken.mock.calls.length}`, expiresAt: now + 7200_000 };
      return { token: held.token, expiresInSeconds: Math.ceil((held.expiresAt - now) / 1000) };
    });
    const make = () => createTokenProvider({ store, fetchToken, clock, sleep: async () => undefined });
    const a = make();
    expect(await a.getToken(cred)).toBe('token-1');
    // When the refresh window opens (4 minutes left), one refresh gets the same token back
    now += (7200 - 240) * 1000;
    expect(await a.getToken(cred)).toBe('token-1');
    expect(fetchToken).toHaveBeenCalledTimes(2);
    // Then for the rest of its life neither this container nor a new one asks again
    for (let i = 0; i < 7; i++) {
      now += 30_000;
      expect(await a.getToken(cred)).toBe('token-1');
      expect(await make().getToken(cred)).toBe('token-1');
    }
    expect(fetchToken).toHaveBeenCalledTimes(2);
    // And once it has expired, exactly one fetch brings the next one
    now += 30_000;
    expect(await Promise.all([a.getToken(cred), make().getToken(cred), make().getToken(cred)])).toEqual(['token-3', 'token-3', 'token-3']);
    expect(fetchToken).toHaveBeenCalledTimes(3);
  });
});
