// Typed publish functions for the webhook events other parts establish (stages, broadcast results,
// customer transfers are being built in parallel): they call these where the fact becomes true, so every
// event of a type has the same payload (docs/manual.md#webhook-推送 shows each).
import type { WebhookPublisher } from './webhook';

export interface StageChanged {
  externalUserId: string;
  from: string | null;
  to: string;
  /** Who moved the customer (userid or api key id). */
  by: string;
}

export const publishStageChanged = (w: WebhookPublisher, corpId: string, e: StageChanged, o: { occurredAt: number; sourceKey: string }) =>
  w.publish(corpId, 'customer.stage_changed', { ...e }, o);

export interface TagsChanged {
  externalUserId: string;
  /** The member whose follow carries the tags (tags live on a follow in WeCom). */
  userId: string;
  added: string[];
  removed: string[];
  /** The follow's tags after the change. */
  tags: string[];
}

/**
 * customer.tags_changed, published by whichever path first stores the change on the follow: the
 * edit_external_contact consumer (an edit made in WeCom) or Siyu's own mark_tag (admin API, sidebar). The other
 * path then finds the tags already stored, has no diff and publishes nothing.
 */
export const publishTagsChanged = (w: WebhookPublisher, corpId: string, e: TagsChanged, o: { occurredAt: number; sourceKey: string }) =>
  w.publish(corpId, 'customer.tags_changed', { ...e }, o);

export interface BroadcastFinished {
  broadcastId: string;
  /** The final delivery status: finished (every member sent), cancelled, expired (WeCom's result window closed). */
  status: 'finished' | 'cancelled' | 'expired';
  /** Counts of the result: sent, failed, skipped … as the broadcast reports them. */
  counts: Record<string, number>;
}

export const publishBroadcastFinished = (w: WebhookPublisher, corpId: string, e: BroadcastFinished, o: { occurredAt: number }) =>
  w.publish(corpId, 'broadcast.finished', { ...e }, { ...o, sourceKey: e.broadcastId });

export interface TransferFinished {
  externalUserId: string;
  handoverUserId: string;
  takeoverUserId: string;
  /** WeCom's transfer result: 1 接替完毕 · 2 等待接替 · 3 客户拒绝 · 4 接替成员客户达上限 (wecom-api.md). */
  status: 'succeeded' | 'refused' | 'limit_reached' | 'failed';
}

export const publishTransferFinished = (w: WebhookPublisher, corpId: string, e: TransferFinished, o: { occurredAt: number; sourceKey: string }) =>
  w.publish(corpId, 'transfer.finished', { ...e }, o);
