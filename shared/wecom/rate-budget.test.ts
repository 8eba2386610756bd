// The per-tenant, per-API budget per minute window.
import { RateLimitedError } from '../errors';
import { MemoryRateBudgetStore } from './memory-stores';
import { DEFAULT_CALLS_PER_MINUTE, createRateBudget } from './rate-budget';

describe('rate budget', () => {
  it("defaults to 9000 calls a minute, under WeCom's 10,000", () => {
    expect(DEFAULT_CALLS_PER_MINUTE).toBe(9000);
  });

  it('throws RateLimitedError when a window is spent, per tenant and per API, and resets next minute', async () => {
    // Given 2 calls a minute
    let now = 120_000 + 59_000;
    const store = new MemoryRateBudgetStore();
    const budget = createRateBudget({ store, clock: { now: () => now }, perMinute: 2 });
    // When a tenant spends them on one API
    await budget.take('wwa', 'message/send');
    await budget.take('wwa', 'message/send');
    // Then a third call is refused with the time to the next window; other tenants and APIs are unaffected
    await expect(budget.take('wwa', 'message/send')).rejects.toMatchObject({
      constructor: RateLimitedError,
      retryable: true,
      details: { corpId: 'wwa', api: 'message/send', limit: 2, retryAfterMs: 1000 },
    });
    await budget.take('wwb', 'message/send');
    await budget.take('wwa', 'externalcontact/get');
    now += 1000;
    await budget.take('wwa', 'message/send');
    expect(store.count('wwa', 'message/send', 2)).toBe(2);
  });

  it('reserves calls in chunks: one store write per chunk, never past the limit, the rest one by one', async () => {
    // Given 2000 calls a minute (chunks of 10 = min(10, 1 % of the limit)) and two containers
    let now = 0;
    const store = new MemoryRateBudgetStore();
    const writes: number[] = [];
    const counting = { take: async (c: string, a: string, m: number, l: number, n?: number) => (writes.push(n ?? 1), store.take(c, a, m, l, n)) };
    const one = createRateBudget({ store: counting, clock: { now: () => now }, perMinute: 2000 });
    const two = createRateBudget({ store: counting, clock: { now: () => now }, perMinute: 2000 });
    // When one container makes 25 calls, it writes 3 chunks
    for (let i = 0; i < 25; i++) await one.take('wwa', 'externalcontact/get');
    expect(writes).toEqual([10, 10, 10]);
    expect(store.count('wwa', 'externalcontact/get', 0)).toBe(30);
    // And when the window nearly fills, the last calls are taken one at a time and the limit holds
    for (let i = 0; i < 1970; i++) await two.take('wwa', 'externalcontact/get');
    expect(store.count('wwa', 'externalcontact/get', 0)).toBe(2000);
    for (let i = 0; i < 5; i++) await one.take('wwa', 'externalcontact/get'); // its own reserved 5
    await expect(one.take('wwa', 'externalcontact/get')).rejects.toBeInstanceOf(RateLimitedError);
    await expect(two.take('wwa', 'externalcontact/get')).rejects.toBeInstanceOf(RateLimitedError);
    // Reservations do not outlive their minute
    now = 60_000;
    await one.take('wwa', 'externalcontact/get');
    expect(store.count('wwa', 'externalcontact/get', 1)).toBe(10);
  });

  it('applies lower per-API budgets', async () => {
    const budget = createRateBudget({ store: new MemoryRateBudgetStore(), perApi: { 'message/send': 1 } });
    await budget.take('wwa', 'message/send');
    await expect(budget.take('wwa', 'message/send')).rejects.toBeInstanceOf(RateLimitedError);
  });
  it('allows one JS-SDK ticket call a minute per ticket API and corp (WeCom: 400 an hour per corp, 100 per app)', async () => {
    let now = 600_000;
    const budget = createRateBudget({ store: new MemoryRateBudgetStore(), clock: { now: () => now } });
    for (const api of ['get_jsapi_ticket', 'ticket/get']) {
      await budget.take('wwa', api);
      await expect(budget.take('wwa', api)).rejects.toBeInstanceOf(RateLimitedError);
    }
    await budget.take('wwb', 'get_jsapi_ticket');
    now += 60_000;
    await budget.take('wwa', 'get_jsapi_ticket');
    // a caller's own setting still wins
    const loose = createRateBudget({ store: new MemoryRateBudgetStore(), clock: { now: () => now }, perApi: { 'ticket/get': 3 } });
    for (let i = 0; i < 3; i++) await loose.take('wwa', 'ticket/get');
  });
});
