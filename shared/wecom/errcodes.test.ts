// The retry table is data; these pin the decisions the client relies on.
import { ERRCODE_POLICIES, MAX_TOTAL_BACKOFF_MS, backoffDelayMs, policyFor, type RetryAction } from './errcodes';

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

  it("classifying codes for people (kind) leaves the client's and the consumers' decisions as they were", () => {
    // The table before `kind` existed; every code not in it was fail / not retryable.
    const before: Record<number, [RetryAction, boolean]> = {
      [-1]: ['backoff', true],
      40014: ['refresh_token', true],
      42001: ['refresh_token', true],
      45009: ['backoff', true],
      45033: ['backoff', true],
      84061: ['fail', true],
    };
    for (const [code, p] of Object.entries(ERRCODE_POLICIES)) {
      expect([Number(code), p.action, p.retryable]).toEqual([Number(code), ...(before[Number(code)] ?? ['fail', false])]);
    }
  });

  it('classifies the refusals of a request, of credentials and of outages', () => {
    expect([40003, 40068, 40096, 60111, 84061, 41041].map((c) => policyFor(c).kind)).toEqual(Array(6).fill('request'));
    expect([40001, 40013, 40091].map((c) => policyFor(c).kind)).toEqual(Array(3).fill('credentials'));
    expect([-1, 45009, 45033, 40014, 42001].map((c) => policyFor(c).kind)).toEqual(Array(5).fill('transient'));
    expect(policyFor(48002).kind).toBe('permission');
    expect(policyFor(123456).kind).toBe('unknown');
  });

  it('gives every refusal an operator can meet a Chinese text', () => {
    const personFacing = Object.entries(ERRCODE_POLICIES).filter(([, p]) => ['request', 'credentials', 'permission'].includes(p.kind));
    expect(personFacing.filter(([, p]) => !p.zh).map(([c]) => c)).toEqual([]);
  });
});
