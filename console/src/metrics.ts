// What the dashboard computes from the daily metric rows (docs/metrics.md): the range's totals for the
// tenant and one KPI row per staff member over the range. Rates are recomputed from sums (weighted),
// never averaged day by day.
export interface DailyRow {
  day: string;
  dimension: string;
  newCustomers: number;
  unconfirmed: number;
  lostByStaff: number;
  lostByCustomer: number;
  netGrowth: number;
  totalCustomers: number | null;
  passRate: number | null;
  gmv: number | null;
  contactedCustomers: number | null;
  replyRate: number | null;
  avgReplySeconds: number | null;
}

export interface Summary {
  newCustomers: number;
  lostByStaff: number;
  lostByCustomer: number;
  netGrowth: number;
  /** At the end of the range's last day with a total. */
  totalCustomers: number | null;
  passRate: number | null;
  gmv: number | null;
}

const sum = (rows: DailyRow[], f: (r: DailyRow) => number | null) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);

export function summaryOf(tenantRows: DailyRow[]): Summary {
  const rows = [...tenantRows].sort((a, b) => a.day.localeCompare(b.day));
  const added = sum(rows, (r) => r.newCustomers);
  const last = rows.filter((r) => r.totalCustomers !== null).at(-1);
  return {
    newCustomers: added,
    lostByStaff: sum(rows, (r) => r.lostByStaff),
    lostByCustomer: sum(rows, (r) => r.lostByCustomer),
    netGrowth: sum(rows, (r) => r.netGrowth),
    totalCustomers: last?.totalCustomers ?? null,
    passRate: added > 0 ? (added - sum(rows, (r) => r.unconfirmed)) / added : null,
    gmv: rows.some((r) => r.gmv !== null) ? sum(rows, (r) => r.gmv) : null,
  };
}

export interface StaffKpi {
  userid: string;
  adds: number;
  deletions: number;
  chats: number;
  /** Σ(chats × reply rate) ÷ Σ chats over the days with a rate. */
  replyRate: number | null;
  /** Weighted by replied chats (chats × reply rate). */
  avgReplySeconds: number | null;
}

export function staffKpis(staffRows: DailyRow[]): StaffKpi[] {
  const by = new Map<string, DailyRow[]>();
  for (const r of staffRows) {
    const id = r.dimension.replace(/^staff#/, '');
    by.set(id, [...(by.get(id) ?? []), r]);
  }
  return [...by].map(([userid, rows]) => {
    const rated = rows.filter((r) => r.replyRate !== null && r.contactedCustomers !== null);
    const chatsRated = sum(rated, (r) => r.contactedCustomers);
    const replied = rated.map((r) => ({ n: (r.contactedCustomers ?? 0) * (r.replyRate ?? 0), s: r.avgReplySeconds }));
    const timed = replied.filter((x) => x.s !== null && x.n > 0);
    const timedN = timed.reduce((a, x) => a + x.n, 0);
    return {
      userid,
      adds: sum(rows, (r) => r.newCustomers),
      deletions: sum(rows, (r) => r.lostByStaff + r.lostByCustomer),
      chats: sum(rows, (r) => r.contactedCustomers),
      replyRate: chatsRated > 0 ? replied.reduce((a, x) => a + x.n, 0) / chatsRated : null,
      avgReplySeconds: timedN > 0 ? Math.round(timed.reduce((a, x) => a + x.n * (x.s ?? 0), 0) / timedN) : null,
    };
  });
}

export type SortKey = keyof StaffKpi;

/** Sorted copy; missing values (null) last in either direction. */
export function sortKpis(rows: StaffKpi[], key: SortKey, dir: 'asc' | 'desc'): StaffKpi[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number));
  });
}
