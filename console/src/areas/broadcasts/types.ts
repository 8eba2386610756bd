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
  delivery?: Delivery;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'accepted' | 'sending' | 'finished' | 'cancelled' | 'expired';

/** What members and recipients did after WeCom accepted it (群发结果). */
export interface Delivery {
  status: DeliveryStatus;
  acceptedAt: string;
  checkedAt?: string;
  reach: number;
  recipients: { unsent: number; sent: number; notFriend: number; alreadyReceived: number };
  staffTotal: number;
  staffSent: number;
  completion: number;
  staff: Array<{ userid: string; sent: boolean; sendTime?: string }>;
  reminders: string[];
  cancelledAt?: string;
}

/** A row of GET …/broadcasts. */
export interface BroadcastListItem {
  id: string;
  target: 'customers' | 'groups';
  status: Broadcast['status'];
  sendAt: string;
  audience: number;
  sent: number;
  blockedCount: number;
  failedCount: number;
  text?: string;
  delivery?: Pick<Delivery, 'status' | 'reach' | 'staffTotal' | 'staffSent' | 'completion'>;
  createdAt: string;
}

/** Reminding and cancelling make sense while members may still send. */
export const controllable = (d: Delivery | undefined) => d !== undefined && (d.status === 'accepted' || d.status === 'sending');
