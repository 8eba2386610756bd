// Fake of the lease store (~ shared/db/lease-repository.ts): acquire succeeds when the lease is free,
// expired (leaseUntil < now) or already held by the same owner; release only by its owner.
import type { LeaseStore } from '../../../shared/leases/lease';

export class InMemoryLeaseStore implements LeaseStore {
  private readonly held = new Map<string, { owner: string; until: number }>();
  readonly acquired: Array<{ corpId: string; name: string }> = [];

  async acquire(corpId: string, name: string, owner: string, nowMs: number, untilMs: number): Promise<boolean> {
    const id = `${corpId}\n${name}`;
    const cur = this.held.get(id);
    if (cur && cur.until >= nowMs && cur.owner !== owner) return false;
    this.held.set(id, { owner, until: untilMs });
    this.acquired.push({ corpId, name });
    return true;
  }

  async release(corpId: string, name: string, owner: string): Promise<void> {
    const id = `${corpId}\n${name}`;
    if (this.held.get(id)?.owner === owner) this.held.delete(id);
  }

  /** Someone else holds the lease until `untilMs` (a concurrent writer). */
  holdElsewhere(corpId: string, name: string, untilMs: number): void {
    this.held.set(`${corpId}\n${name}`, { owner: 'someone-else', until: untilMs });
  }

  isHeld(corpId: string, name: string, nowMs: number): boolean {
    const cur = this.held.get(`${corpId}\n${name}`);
    return cur !== undefined && cur.until >= nowMs;
  }
}
