// Short named leases, so that one writer at a time works on a resource (a contact way, a kf account's
// sync cursor). Adapter: shared/db/lease-repository.ts.
import { type Clock } from '../clock';
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors';
import { msg } from '../i18n/messages';

export interface LeaseStore {
  /** Takes the named lease until `untilMs` when it is free or expired; false when someone else holds it. */
  acquire(corpId: string, name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean>;
  release(corpId: string, name: string, owner: string): Promise<void>;
}

export interface LeaseDeps {
  leases: LeaseStore;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
}

const WAIT_STEP_MS = 100;

/**
 * Runs `work` holding the lease `name` of a tenant. Waits up to `waitMs` for another holder; then throws
 * a ConflictError (a consumer's record is retried; the admin API answers 409). `holdMs` bounds how long a
 * crashed holder can block others.
 */
export async function withLease<T>(
  deps: LeaseDeps,
  corpId: string,
  name: string,
  work: () => Promise<T>,
  opts: { holdMs?: number; waitMs?: number } = {},
): Promise<T> {
  const owner = randomUUID();
  const holdMs = opts.holdMs ?? 30_000;
  const waitMs = opts.waitMs ?? 10_000;
  for (let waited = 0; ; waited += WAIT_STEP_MS) {
    const now = deps.clock.now();
    if (await deps.leases.acquire(corpId, name, owner, now, now + holdMs)) break;
    if (waited >= waitMs) throw new ConflictError(msg('lease_busy', { name }));
    await deps.sleep(WAIT_STEP_MS);
  }
  try {
    return await work();
  } finally {
    await deps.leases.release(corpId, name, owner);
  }
}
