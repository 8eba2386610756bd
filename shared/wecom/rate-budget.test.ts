// The per-tenant, per-API budget per minute window.
import { RateLimitedError } from '../errors';
import { MemoryRateBudgetStore } from './memory-stores';
import { DEFAULT_CALLS_PER_MINUTE, createRateBudget } from './rate-budget';

describe('rate budget', () => {
  it('defaults to 9000 calls a minute, under WeCom\'s 10,000', () => {
    expect(DEFAULT_CALLS_PER_MINUTE).toBe(9000);
  });

  it('throws RateLimitedError when a window is spent, per tenant and per API, and resets next minute', async () => {
    // Given 2 calls a minute
    let now = 120_000 + 59_000;
    const store = new MemoryRateBudgetStore();
    const budget = createRateBudget({ store, clock: () => now, perMinute: 2 });
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

  it('applies lower per-API budgets', async () => {
    const budget = createRateBudget({ store: new MemoryRateBudgetStore(), perApi: { 'message/send': 1 } });
    await budget.take('wwa', 'message/send');
    await expect(budget.take('wwa', 'message/send')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
