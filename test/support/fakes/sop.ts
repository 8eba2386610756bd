// Fake of the SOP store (~ shared/db/sop-repository.ts DynamoSopStore):
// - plans: conditional create, update only over version - 1, listed in createdAt order; enrolledUpTo only
//   moves forward (and only on an existing plan);
// - runs: enrol() once per (plan, customer); getRuns() those that exist; runsPage() in recipient order with
//   `last` when the page is full; advance() only from the step the run is at while it is active, appending
//   the outcome;
// - slots: a set of recipients per (plan, step, time); counters added up, read back as SopStats.
import type { SopStats, SopStore } from '../../../shared/db/sop-repository';
import type { SopPlan, SopRun, StepOutcome } from '../../../shared/domain/sop';
import { ConditionalCheckFailedError, copy } from './common';

export class InMemorySopStore implements SopStore {
  private readonly plans = new Map<string, SopPlan>();
  private readonly runs = new Map<string, SopRun>();
  private readonly slots = new Map<string, Set<string>>();
  private readonly counters = new Map<string, Record<string, number>>();

  async getPlan(corpId: string, id: string): Promise<SopPlan | undefined> {
    const p = this.plans.get(`${corpId}\n${id}`);
    return p ? copy(p) : undefined;
  }

  async listPlans(corpId: string): Promise<SopPlan[]> {
    return [...this.plans.values()]
      .filter((p) => p.corpId === corpId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(copy);
  }

  async createPlan(p: SopPlan): Promise<void> {
    const key = `${p.corpId}\n${p.id}`;
    if (this.plans.has(key)) throw new ConditionalCheckFailedError('The conditional request failed');
    this.plans.set(key, copy(p));
  }

  async updatePlan(p: SopPlan): Promise<boolean> {
    const key = `${p.corpId}\n${p.id}`;
    if (this.plans.get(key)?.version !== p.version - 1) return false;
    this.plans.set(key, copy(p));
    return true;
  }

  async setEnrolledUpTo(corpId: string, id: string, upTo: number): Promise<void> {
    const p = this.plans.get(`${corpId}\n${id}`);
    if (p && p.enrolledUpTo < upTo) p.enrolledUpTo = upTo;
  }

  async enrol(corpId: string, run: SopRun): Promise<boolean> {
    const key = runKey(corpId, run.planId, run.recipient);
    if (this.runs.has(key)) return false;
    this.runs.set(key, copy(run));
    return true;
  }

  async getRuns(corpId: string, planId: string, recipients: readonly string[]): Promise<SopRun[]> {
    return [...new Set(recipients)].flatMap((r) => {
      const run = this.runs.get(runKey(corpId, planId, r));
      return run ? [copy(run)] : [];
    });
  }

  async runsPage(corpId: string, planId: string, limit: number, after?: string): Promise<{ items: SopRun[]; last: string | null }> {
    const prefix = `${corpId}\n${planId}\n`;
    const items = [...this.runs.entries()]
      .filter(([k, r]) => k.startsWith(prefix) && (after === undefined || r.recipient > after))
      .map(([, r]) => r)
      .sort((a, b) => (a.recipient < b.recipient ? -1 : 1))
      .slice(0, limit)
      .map(copy);
    return { items, last: items.length === limit ? (items.at(-1)?.recipient ?? null) : null };
  }

  async addToSlot(corpId: string, planId: string, step: number, at: number, recipient: string): Promise<void> {
    const key = `${corpId}\n${planId}\n${step}\n${at}`;
    const slot = this.slots.get(key) ?? new Set<string>();
    slot.add(recipient);
    this.slots.set(key, slot);
  }

  async slotMembers(corpId: string, planId: string, step: number, at: number): Promise<string[]> {
    return [...(this.slots.get(`${corpId}\n${planId}\n${step}\n${at}`) ?? [])].sort();
  }

  async advance(
    corpId: string,
    run: SopRun,
    fromStep: number,
    next: Pick<SopRun, 'step' | 'nextAt' | 'status' | 'reason'>,
    outcome: SopRun['outcomes'][number],
  ): Promise<boolean> {
    const key = runKey(corpId, run.planId, run.recipient);
    const cur = this.runs.get(key);
    if (!cur || cur.step !== fromStep || cur.status !== 'active') return false;
    this.runs.set(key, {
      ...cur,
      step: next.step,
      nextAt: next.nextAt,
      status: next.status,
      reason: next.reason ?? undefined,
      outcomes: [...cur.outcomes, copy(outcome)],
    });
    return true;
  }

  async count(corpId: string, planId: string, counters: Record<string, number>): Promise<void> {
    const key = `${corpId}\n${planId}`;
    const c = this.counters.get(key) ?? {};
    for (const [k, n] of Object.entries(counters)) if (n !== 0) c[k] = (c[k] ?? 0) + n;
    this.counters.set(key, c);
  }

  async stats(corpId: string, planId: string): Promise<SopStats> {
    const stats: SopStats = { enrolled: 0, steps: {}, blockedByReason: {} };
    for (const [k, v] of Object.entries(this.counters.get(`${corpId}\n${planId}`) ?? {})) {
      const step = /^s(\d+)_(\w+)$/.exec(k);
      if (k === 'enrolled') stats.enrolled = v;
      else if (step) (stats.steps[Number(step[1])] ??= {})[step[2] as StepOutcome] = v;
      else if (k.startsWith('blocked_')) stats.blockedByReason[k.slice('blocked_'.length)] = v;
    }
    return stats;
  }
}

const runKey = (corpId: string, planId: string, recipient: string) => `${corpId}\n${planId}\n${recipient}`;
