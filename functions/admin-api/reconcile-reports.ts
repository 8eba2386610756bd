// GET …/reconcile-reports?limit= — what the nightly reconcile found and repaired, newest run first: per
// run its day, when it ran, the counts per kind of fix, the ids fixed, the synthetic events it recorded
// and delivered, and the sections WeCom refused to list. Runs are nightly (and by hand), so the newest
// 1–100 runs cover months; the report store reads newest first and has no cursor.
import * as z from 'zod';
import type { ReconcileReport, ReconcileReportStore } from '../../shared/db/reconcile-repository';
import { FIX_KINDS } from '../../shared/domain/reconcile';
import { limitParam } from '../../shared/input/params';

export const reconcileReportsQuery = z.object({ limit: limitParam(100) });

const fixKind = z.enum(FIX_KINDS);
/** One run's report as the API shows it. */
export const reconcileReportView = z.strictObject({
  day: z.string(),
  ranAt: z.iso.datetime(),
  counts: z.record(fixKind, z.number().int().min(0)),
  fixed: z.array(z.strictObject({ kind: fixKind, ids: z.array(z.string()) })),
  recorded: z.number().int().min(0),
  delivered: z.number().int().min(0),
  unread: z.array(z.strictObject({ section: z.string(), userId: z.string().optional(), error: z.string() })),
});
export const reconcileReportsResponse = z.strictObject({ items: z.array(reconcileReportView) });

const view = (r: ReconcileReport): z.output<typeof reconcileReportView> => ({
  day: r.day,
  ranAt: new Date(r.ranAtMs).toISOString(),
  counts: r.counts,
  fixed: r.fixed,
  recorded: r.recorded,
  delivered: r.delivered,
  unread: r.unread.map((u) => ({ section: u.section, ...(u.userId === undefined ? {} : { userId: u.userId }), error: u.error })),
});

export async function listReconcileReports(
  deps: { reconcileReports: Pick<ReconcileReportStore, 'latest'> },
  corpId: string,
  q: z.output<typeof reconcileReportsQuery>,
): Promise<z.output<typeof reconcileReportsResponse>> {
  return { items: (await deps.reconcileReports.latest(corpId, q.limit ?? 20)).map(view) };
}
