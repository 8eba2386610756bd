// What the dashboard's lower blocks compute from the API's cohorts (GET …/metrics/cohorts): one row per
// channel over the range (adds, spend, CAC, D30 LTV and ROI from the cohorts that reached D30), and the
// colour of a retention cell in the heatmap. Money stays in fen here; the page shows yuan.
export const OFFSETS = ['d1', 'd7', 'd30', 'd60', 'd90', 'd180'] as const;
export type Offset = (typeof OFFSETS)[number];

export interface CohortRow {
  dimension: string;
  channelId: string | null;
  cohort: string;
  period: 'day' | 'week' | 'month';
  size: number;
  spend: number | null;
  cac: number | null;
  retention: Record<Offset, number | null>;
  revenue: Record<Offset, number | null>;
}

export interface ChannelRow {
  /** The channel id, or null for customers no channel brought (未归因). */
  channelId: string | null;
  adds: number;
  /** Fen. */
  spend: number;
  /** Fen per new customer; null without adds. */
  cac: number | null;
  /** D30 revenue per customer (fen) over the cohorts that reached D30; null when none did. */
  ltvD30: number | null;
  /** (D30 revenue − spend) ÷ spend over the cohorts that reached D30; null without spend. */
  roiD30: number | null;
}

/** One row per channel dimension, most adds first; sums before ratios (weighted, never averaged). */
export function channelRows(cohorts: readonly CohortRow[]): ChannelRow[] {
  const by = new Map<string, CohortRow[]>();
  for (const c of cohorts.filter((x) => x.dimension.startsWith('channel#'))) by.set(c.dimension, [...(by.get(c.dimension) ?? []), c]);
  return [...by.values()]
    .map((rows) => {
      const adds = rows.reduce((a, r) => a + r.size, 0);
      const spend = rows.reduce((a, r) => a + (r.spend ?? 0), 0);
      const matured = rows.filter((r) => r.revenue.d30 !== null);
      const mAdds = matured.reduce((a, r) => a + r.size, 0);
      const mSpend = matured.reduce((a, r) => a + (r.spend ?? 0), 0);
      const mRevenue = matured.reduce((a, r) => a + (r.revenue.d30 ?? 0), 0);
      return {
        channelId: rows[0]!.channelId,
        adds,
        spend,
        cac: adds > 0 ? Math.round(spend / adds) : null,
        ltvD30: mAdds > 0 ? Math.round(mRevenue / mAdds) : null,
        roiD30: mSpend > 0 ? (mRevenue - mSpend) / mSpend : null,
      };
    })
    .sort((a, b) => b.adds - a.adds || String(a.channelId).localeCompare(String(b.channelId)));
}

/** Background of a retention cell: deeper blue for higher retention; white text on the darker half. */
export function heat(r: number | null): { background: string; color: string } {
  if (r === null) return { background: '#f5f5f5', color: '#86909c' };
  const a = Math.max(0, Math.min(1, r));
  return { background: `rgba(22, 119, 255, ${(0.08 + 0.82 * a).toFixed(2)})`, color: a > 0.55 ? '#fff' : '#1d2129' };
}

/** A ratio such as ROI as a signed percentage (−12.5%). */
export const signedPercent = (r: number | null) => (r === null ? '—' : `${r > 0 ? '+' : ''}${(r * 100).toFixed(1)}%`);
