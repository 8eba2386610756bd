// The retry table is data; these pin the decisions the client relies on.
import { ERRCODE_POLICIES, MAX_TOTAL_BACKOFF_MS, backoffDelayMs, policyFor } from './errcodes';

describe('errcode policies', () => {
  it.each([
    [40014, 'refresh_token'],
    [42001, 'refresh_token'],
    [-1, 'backoff'],
    [45009, 'backoff'],
    [45033, 'backoff'],
    [41051, 'fail'],
    [41096, 'fail'],
    [40058, 'fail'],
    [123456, 'fail'],
  ])('%i → %s', (code, action) => {
    expect(policyFor(code).action).toBe(action);
  });

  it('retries -1 at most 3 times in all, like WeCom advises', () => {
    expect(ERRCODE_POLICIES[-1]?.maxAttempts).toBe(3);
  });

  it('only marks redeliverable what a later attempt can fix', () => {
    expect(policyFor(84061).retryable).toBe(true);
    expect(policyFor(41051).retryable).toBe(false);
    expect(policyFor(999999).retryable).toBe(false);
  });

  it('jitters between half and all of a doubling delay, capped', () => {
    const p = policyFor(45009);
    expect(backoffDelayMs(p, 1, () => 0)).toBe(500);
    expect(backoffDelayMs(p, 1, () => 1)).toBe(1000);
    expect(backoffDelayMs(p, 2, () => 1)).toBe(2000);
    expect(backoffDelayMs(p, 5, () => 1)).toBe(2000);
    // the two retries of a 3-attempt call fit in the total wait budget even at the maximum
    expect(backoffDelayMs(p, 1, () => 1) + backoffDelayMs(p, 2, () => 1)).toBeLessThanOrEqual(MAX_TOTAL_BACKOFF_MS);
  });
});
