// The clock as the shared modules the admin API calls still ask for it (leases and contact-way/join-way
// sync: `nowMs`; tenant upsert: `now` as a Date; staff sync: `nowSeconds`; tag sync: `nowMs`), derived
// from the one Clock port. Goes away as those modules take `clock` themselves.
import { epochSeconds, type Clock } from '../../shared/clock';

export const legacyTime = (clock: Clock) => ({
  nowMs: () => clock.now(),
  nowSeconds: () => epochSeconds(clock.now()),
  now: () => new Date(clock.now()),
});

/** `deps` with the legacy clock functions a shared module needs. */
export const withLegacyTime = <D extends { clock: Clock }>(deps: D) => ({ ...deps, ...legacyTime(deps.clock) });
