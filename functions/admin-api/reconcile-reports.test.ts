// GET …/reconcile-reports through its route on an in-memory report store: newest first, at most `limit`,
// in the shape its response schema states, and a bad limit refused before the store is read.
import type { ReconcileReport } from '../../shared/db/reconcile-repository';
import { FIX_KINDS } from '../../shared/domain/reconcile';
import { invokeJson } from './dispatch';
import { jobRoutes } from './routes/jobs';

const CORP = 'wwreconcile00001';
const counts = Object.fromEntries(FIX_KINDS.map((k) => [k, 0])) as ReconcileReport['counts'];
const report = (day: string, ranAtMs: number, extra: Partial<ReconcileReport> = {}): ReconcileReport => ({
  corpId: CORP,
  day,
  at: Math.floor(ranAtMs / 1000),
  ranAtMs,
  counts,
  fixed: [],
  recorded: 0,
  delivered: 0,
  unread: [],
  ...extra,
});

/** Newest first, like the DynamoDB store (sk: day, then run time). */
function fakeStore(reports: ReconcileReport[]) {
  const reads: Array<{ corpId: string; limit: number }> = [];
  return {
    reads,
    reconcileReports: {
      latest: async (corpId: string, limit: number) => {
        reads.push({ corpId, limit });
        return reports
          .filter((r) => r.corpId === corpId)
          .sort((a, b) => b.ranAtMs - a.ranAtMs)
          .slice(0, limit);
      },
    },
  };
}

const route = jobRoutes.reconcileReports;

describe('reconcile reports', () => {
  it('lists the newest runs first, at most limit, with what each found and repaired', async () => {
    const t = Date.parse('2026-11-20T18:30:00Z');
    const store = fakeStore([
      report('2026-11-21', t, {
        counts: { ...counts, follow_missing: 2 },
        fixed: [{ kind: 'follow_missing', ids: ['zhangsan/wm1', 'zhangsan/wm2'] }],
        recorded: 2,
        delivered: 6,
      }),
      report('2026-11-22', t + 86_400_000, { unread: [{ section: 'follows', userId: 'lisi', error: '60011' }] }),
      report('2026-11-23', t + 2 * 86_400_000),
      { ...report('2026-11-23', t + 3 * 86_400_000), corpId: 'wwothertenant001' },
    ]);
    const out = await invokeJson(route, store, CORP, { query: { limit: '2' } });
    expect(out.items.map((r) => r.day)).toEqual(['2026-11-23', '2026-11-22']);
    expect(out.items[1]).toEqual({
      day: '2026-11-22',
      ranAt: '2026-11-21T18:30:00.000Z',
      counts,
      fixed: [],
      recorded: 0,
      delivered: 0,
      unread: [{ section: 'follows', userId: 'lisi', error: '60011' }],
    });
    expect(route.response.parse(out)).toEqual(out);
    const all = await invokeJson(route, store, CORP);
    expect(all.items[2]).toMatchObject({
      day: '2026-11-21',
      counts: { follow_missing: 2 },
      fixed: [{ kind: 'follow_missing', ids: ['zhangsan/wm1', 'zhangsan/wm2'] }],
      recorded: 2,
      delivered: 6,
    });
    expect(store.reads).toEqual([
      { corpId: CORP, limit: 2 },
      { corpId: CORP, limit: 20 },
    ]);
  });

  it('refuses a limit outside 1–100 with 400 validation_failed, reading nothing', async () => {
    const store = fakeStore([]);
    for (const limit of ['0', '101', 'ten']) {
      await expect(invokeJson(route, store, CORP, { query: { limit } })).rejects.toMatchObject({
        code: 'validation_failed',
        httpStatus: 400,
        details: [{ field: 'limit' }],
      });
    }
    expect(store.reads).toEqual([]);
  });

  it('is read with the event log permission (admins and auditors, not managers or staff)', () => {
    expect({ method: route.method, path: route.path, permission: route.permission, scope: route.scope }).toEqual({
      method: 'GET',
      path: '/admin/v1/tenants/{corpId}/reconcile-reports',
      permission: 'events:read',
      scope: 'tenant',
    });
  });
});
