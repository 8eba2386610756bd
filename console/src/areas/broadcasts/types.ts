// The broadcast shapes the console reads (functions/admin-api/broadcast.view.ts), trimmed to what it shows.
export type BlockReason = 'monthly_cap' | 'weekly_cap' | 'daily_cap';

export interface DryRun {
  dryRun: true;
  target: 'customers' | 'groups';
  audience: { count: number; sample: string[] };
  wouldSend: number;
  calls: number;
  blocked: { count: number; byReason: Partial<Record<BlockReason, number>>; sample: Array<{ recipient: string; reason: BlockReason }> };
  content: { text?: string; attachments: unknown[]; personalisation: string };
}

export interface Broadcast {
  id: string;
  target: 'customers' | 'groups';
  content: { text?: string; nameFallback?: string };
  sendAt: string;
  status: 'scheduled' | 'sending' | 'sent' | 'partially_blocked' | 'failed';
  audienceAsOf?: string;
  audience: number;
  sent: number;
  blockedCount: number;
  blockedByReason: Partial<Record<BlockReason, number>>;
  blocked: Array<{ recipient: string; reason: BlockReason }>;
  failedCount: number;
  failed: Array<{ recipient: string; reason: string }>;
  remaining: number;
  batches: Array<{ sender: string | null; size: number; msgid?: string; failed: number; error?: { errcode: number; errmsg: string }; at: number }>;
  error?: { errcode: number; errmsg: string };
  createdAt: string;
  updatedAt: string;
}

/** Broadcasts this browser created (the API reads one by id; there is no list route). */
const RECENT_KEY = 'siyu.broadcasts.recent';
export function recentBroadcasts(corpId: string): string[] {
  try {
    const all = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '{}') as Record<string, string[]>;
    return all[corpId] ?? [];
  } catch {
    return [];
  }
}
export function rememberBroadcast(corpId: string, id: string): void {
  try {
    const all = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '{}') as Record<string, string[]>;
    all[corpId] = [id, ...(all[corpId] ?? []).filter((x) => x !== id)].slice(0, 20);
    localStorage.setItem(RECENT_KEY, JSON.stringify(all));
  } catch {
    // private mode: the list lasts this page only
  }
}
