// Fake of the reconcile report store (~ shared/db/reconcile-repository.ts): one item per run keyed by
// (day, ranAtMs), so a re-run of a day keeps the earlier run; latest() newest first.
import type { ReconcileReport, ReconcileReportStore } from '../../../shared/db/reconcile-repository';
import { copy } from './common';

export class InMemoryReconcileReportStore implements ReconcileReportStore {
  private readonly runs = new Map<string, { sk: string; report: ReconcileReport }>();

  async put(r: ReconcileReport): Promise<void> {
    const sk = `RECONCILE#${r.day}#${String(r.ranAtMs).padStart(13, '0')}`;
    this.runs.set(`${r.corpId}\n${sk}`, { sk, report: copy(r) });
  }

  async latest(corpId: string, limit: number): Promise<ReconcileReport[]> {
    return [...this.runs.values()]
      .filter((x) => x.report.corpId === corpId)
      .sort((a, b) => (a.sk < b.sk ? 1 : -1))
      .slice(0, limit)
      .map((x) => copy(x.report));
  }
}
