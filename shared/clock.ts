// The one clock port. Everything that needs the time takes `clock: Clock` in its deps and asks
// `clock.now()`, which is always epoch milliseconds; seconds and Dates are derived where needed.
// Production wires `systemClock`; tests pass a clock they move by hand (test/support/clock.ts).

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whole epoch seconds of a millisecond instant (WeCom speaks seconds). */
export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
