// A transfer_fail callback (wecom-frontier.md §7: UserID is the takeover member) names no transfer: the running
// transfers of the tenant with a waiting item for that (customer, takeover member) are made due now, so the
// transfers job reads transfer_result at its next run and ends the item with WeCom's reason (3 or 4).
import type { TransferStore } from '../db/transfer-repository';
import type { DueStore } from '../schedules/due';

/** Running transfers looked at (newest first): a takeover is at most a day old, older ones are final. */
const RECENT = 100;

export async function pollTransfersNow(
  deps: { transfers: TransferStore; due: DueStore },
  corpId: string,
  externalUserId: string,
  takeover: string,
  nowSec: number,
): Promise<number> {
  const { items } = await deps.transfers.list(corpId, RECENT);
  let n = 0;
  for (const t of items) {
    if (t.status !== 'running') continue;
    if (!t.items.some((i) => i.target === 'customer' && i.status === 'waiting' && i.id === externalUserId && i.to === takeover)) continue;
    await deps.due.schedule({ corpId, job: 'transfers', id: t.id, dueAt: nowSec });
    n++;
  }
  return n;
}
