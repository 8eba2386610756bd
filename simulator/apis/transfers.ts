// On-job customer transfer (在职继承, docs/wecom.md#on-job-transfer). A transfer is started per customer and would take
// effect after 24 h; the simulator records it and enforces the documented rules: both members exist,
// the customer is the handover member's, at most 100 per call, at most 2 transfers per customer in 90 days.
import { optString, optStringArray, reqString } from '../args';
import type { CorpState } from '../corp-state';
import { SimApiError, check } from '../sim-error';
import type { Routes } from './api-context';

export interface SimTransfer {
  handover: string;
  takeover: string;
  externalUserId: string;
  startedAt: number;
  message: string;
}

const NINETY_DAYS_MS = 90 * 86_400_000;
/** Per-customer errcode for the 90-day limit; the exact value is not documented (UNCONFIRMED). */
export const TRANSFER_LIMIT_ERRCODE = 40128;

const transfers = new WeakMap<CorpState, SimTransfer[]>();
export const transfersOf = (corp: CorpState): SimTransfer[] => {
  let list = transfers.get(corp);
  if (!list) transfers.set(corp, (list = []));
  return list;
};

export const transferRoutes: Routes = {
  '/cgi-bin/externalcontact/transfer_customer': {
    method: 'POST',
    handle(ctx) {
      const handover = reqString(ctx.body, 'handover_userid', 40003);
      const takeover = reqString(ctx.body, 'takeover_userid', 40003);
      for (const u of [handover, takeover]) if (!ctx.corp.staff.has(u)) throw new SimApiError(40003, `unknown userid ${u}`);
      check(handover !== takeover, 40058, 'handover and takeover are the same member');
      const ids = optStringArray(ctx.body, 'external_userid') ?? [];
      check(ids.length >= 1 && ids.length <= 100, 40058, 'external_userid must hold 1 to 100 ids');
      const message = optString(ctx.body, 'transfer_success_msg') ?? '';
      check([...message].length <= 200, 40058, 'transfer_success_msg exceeds 200 characters');
      const list = transfersOf(ctx.corp);
      const customer = ids.map((externalUserId) => {
        if (!ctx.corp.follow(externalUserId, handover)) return { external_userid: externalUserId, errcode: 84061 };
        const recent = list.filter((t) => t.externalUserId === externalUserId && ctx.now - t.startedAt < NINETY_DAYS_MS);
        if (recent.length >= 2) return { external_userid: externalUserId, errcode: TRANSFER_LIMIT_ERRCODE };
        list.push({ handover, takeover, externalUserId, startedAt: ctx.now, message });
        return { external_userid: externalUserId, errcode: 0 };
      });
      return { customer };
    },
  },
};
