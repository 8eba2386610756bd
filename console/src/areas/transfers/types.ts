// The inheritance (客户继承) shapes the console reads (functions/admin-api/transfers.view.ts), trimmed to what it shows.
export type ItemStatus = 'pending' | 'waiting' | 'done' | 'refused' | 'failed';

export interface TransferItem {
  target: 'customer' | 'group';
  id: string;
  to?: string;
  status: ItemStatus;
  reason?: string;
  errcode?: number;
  takeoverAt?: string;
  finishedAt?: string;
}

export interface Transfer {
  id: string;
  kind: 'resigned' | 'onjob';
  from: string;
  to: string[];
  message?: string;
  status: 'pending' | 'running' | 'done';
  items: TransferItem[];
  createdAt: string;
  updatedAt: string;
}

export interface Unassigned {
  userId: string;
  status: 'active' | 'disabled' | 'inactive' | 'resigned';
  unassigned: Array<{ externalUserId: string; dimissionTime?: string }> | null;
  customers: string[];
  groups: string[];
}

export const ITEM_STATUSES: ItemStatus[] = ['pending', 'waiting', 'done', 'refused', 'failed'];
/** The on-job message limit (WeCom: 200 characters, counted as code points like the API). */
export const MESSAGE_CHARS = 200;
export const chars = (s: string) => [...s].length;

/** Per-status counts of a transfer's items, in ITEM_STATUSES order. */
export function countsOf(items: TransferItem[]): Record<ItemStatus, number> {
  const out = { pending: 0, waiting: 0, done: 0, refused: 0, failed: 0 };
  for (const i of items) out[i.status] += 1;
  return out;
}
