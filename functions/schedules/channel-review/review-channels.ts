// The channel-review schedule: every minute, channels whose review time has come (a window edge of their
// auto-accept schedule, or the midnight after a daily cap changed their contact way) get their contact
// way recomputed and rewritten when it differs: skip_verify flips at window edges, capped staff return
// at midnight. Due channels come from a time-sorted index, never a scan. Each channel is synced under
// its lease, and a rewrite happens only on a difference, so overlapping runs do the work once.
import { syncContactWay, type ContactWaySyncDeps, type SyncResult } from '../../../shared/channels/contact-way-sync';
import { tenantApi, type TenantApiDeps } from '../../../shared/tenants/tenant-api';
import type { WecomTenantClient } from '../../../shared/wecom/client';

export type ReviewDeps = ContactWaySyncDeps & TenantApiDeps;

export interface ReviewReport {
  due: number;
  updated: number;
  unchanged: number;
  gone: number;
  failed: Array<{ corpId: string; channelId: string; error: string }>;
}

/** Channels handled per run; the rest are due at the next run (a minute later). */
export const REVIEW_BATCH = 500;

export async function reviewChannels(deps: ReviewDeps, opts: { corpId?: string | undefined } = {}): Promise<ReviewReport> {
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const due = (await deps.channels.dueForReview(nowSeconds, REVIEW_BATCH)).filter((c) => !opts.corpId || c.corpId === opts.corpId);
  const report: ReviewReport = { due: due.length, updated: 0, unchanged: 0, gone: 0, failed: [] };
  const apis = new Map<string, Promise<WecomTenantClient | undefined>>();
  for (const c of due) {
    try {
      let api = apis.get(c.corpId);
      if (!api) apis.set(c.corpId, (api = tenantApi(deps, c.corpId)));
      const client = await api;
      if (!client) await deps.channels.unschedule(c.corpId, c.id); // the tenant is gone: stop looking
      const result: SyncResult = client ? await syncContactWay(deps, client, c.corpId, c.id) : 'gone';
      report[result]++;
    } catch (e) {
      report.failed.push({ corpId: c.corpId, channelId: c.id, error: (e as Error).message });
    }
  }
  return report;
}
