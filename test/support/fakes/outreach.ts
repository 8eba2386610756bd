// Fakes of the outreach stores.
// - InMemoryMomentStore ~ shared/db/moment-repository.ts: create() is a conditional put (a second create
//   of the same id fails as DynamoDB's does); update() stores only over version - 1 in status `from`
//   (false otherwise, also for a campaign that is gone); list() newest id first, `last` set when the page
//   is full (a Query that stopped at its Limit).
// - InMemoryBroadcastStore ~ shared/db/broadcast-repository.ts: conditional create; update() only over
//   version - 1.
// - InMemoryQuotaLedger ~ shared/db/quota-ledger-repository.ts: per recipient and Shanghai month a total,
//   per-day counts and the sends counted; reserve() counts once per (send, recipient) unless the monthly or
//   the daily cap is reached (the outcome says which), release() gives one count back once per send
//   (keeping the send recorded, or forgetting it so the send may count it again).
import type { BroadcastRecord, BroadcastStore } from '../../../shared/db/broadcast-repository';
import type { MomentStore } from '../../../shared/db/moment-repository';
import type { QuotaLedger, ReserveOutcome } from '../../../shared/db/quota-ledger-repository';
import { ledgerMonthsFor, monthOf, type LedgerMonth } from '../../../shared/domain/quota';
import type { SpendStore } from '../../../shared/orders/orders';
import type { MomentCampaign, MomentStatus } from '../../../shared/domain/moments';
import { ConditionalCheckFailedError, copy } from './common';

export class InMemoryMomentStore implements MomentStore {
  private readonly items = new Map<string, MomentCampaign>();

  async get(corpId: string, id: string): Promise<MomentCampaign | undefined> {
    const c = this.items.get(`${corpId}\n${id}`);
    return c ? copy(c) : undefined;
  }

  async create(c: MomentCampaign): Promise<void> {
    const key = `${c.corpId}\n${c.id}`;
    if (this.items.has(key)) throw new ConditionalCheckFailedError('The conditional request failed');
    this.items.set(key, copy(c));
  }

  async update(c: MomentCampaign, from: MomentStatus): Promise<boolean> {
    const key = `${c.corpId}\n${c.id}`;
    const cur = this.items.get(key);
    if (!cur || cur.version !== c.version - 1 || cur.status !== from) return false;
    this.items.set(key, copy(c));
    return true;
  }

  async list(corpId: string, limit: number, after?: string): Promise<{ items: MomentCampaign[]; last: string | null }> {
    const items = [...this.items.values()]
      .filter((c) => c.corpId === corpId && (after === undefined || c.id < after))
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map(copy);
    return { items, last: items.length === limit ? (items.at(-1)?.id ?? null) : null };
  }
}

export class InMemoryBroadcastStore implements BroadcastStore {
  private readonly items = new Map<string, BroadcastRecord>();

  async get(corpId: string, id: string): Promise<BroadcastRecord | undefined> {
    const b = this.items.get(`${corpId}\n${id}`);
    return b ? copy(b) : undefined;
  }

  async create(r: BroadcastRecord): Promise<void> {
    const key = `${r.corpId}\n${r.id}`;
    if (this.items.has(key)) throw new ConditionalCheckFailedError('The conditional request failed');
    this.items.set(key, copy(r));
  }

  async update(r: BroadcastRecord): Promise<boolean> {
    const key = `${r.corpId}\n${r.id}`;
    if (this.items.get(key)?.version !== r.version - 1) return false;
    this.items.set(key, copy(r));
    return true;
  }

  async list(corpId: string, limit: number, after?: string): Promise<{ items: BroadcastRecord[]; last: string | null }> {
    const all = [...this.items.values()].filter((b) => b.corpId === corpId && (after === undefined || b.id < after)).sort((a, b) => (a.id < b.id ? 1 : -1));
    const items = all.slice(0, limit).map(copy);
    return { items, last: all.length > limit ? items[items.length - 1]!.id : null };
  }
}

interface QuotaItem {
  total: number;
  days: Record<number, number>;
  sends: Set<string>;
  released: Set<string>;
}

export class InMemoryQuotaLedger implements QuotaLedger {
  private readonly items = new Map<string, QuotaItem>();

  async months(corpId: string, recipients: readonly string[], day: string): Promise<Map<string, LedgerMonth[]>> {
    return this.monthsIn(corpId, recipients, ledgerMonthsFor(day));
  }

  async monthsIn(corpId: string, recipients: readonly string[], wanted: readonly string[]): Promise<Map<string, LedgerMonth[]>> {
    const out = new Map<string, LedgerMonth[]>(recipients.map((r) => [r, []]));
    for (const r of out.keys()) {
      for (const month of wanted) {
        const i = this.items.get(itemKey(corpId, r, month));
        if (i) out.get(r)!.push({ month, total: i.total, days: { ...i.days }, sends: new Set(i.sends) });
      }
    }
    return out;
  }

  async reserve(corpId: string, recipient: string, sendId: string, day: string, caps: { month: number; day?: number | undefined }): Promise<ReserveOutcome> {
    const key = itemKey(corpId, recipient, monthOf(day));
    const i = this.items.get(key) ?? { total: 0, days: {}, sends: new Set<string>(), released: new Set<string>() };
    const d = dayOfMonth(day);
    if (i.sends.has(sendId)) return 'already';
    if (i.total >= caps.month) return 'monthly_cap';
    if (caps.day !== undefined && (i.days[d] ?? 0) >= caps.day) return 'daily_cap';
    i.total++;
    i.days[d] = (i.days[d] ?? 0) + 1;
    i.sends.add(sendId);
    this.items.set(key, i);
    return 'counted';
  }

  async release(corpId: string, recipient: string, sendId: string, day: string, keepSend: boolean): Promise<void> {
    const i = this.items.get(itemKey(corpId, recipient, monthOf(day)));
    const d = dayOfMonth(day);
    if (!i || !i.sends.has(sendId) || i.released.has(sendId) || (i.days[d] ?? 0) <= 0) return;
    i.total--;
    i.days[d] = (i.days[d] ?? 0) - 1;
    if (keepSend) i.released.add(sendId);
    else i.sends.delete(sendId);
  }
}

const itemKey = (corpId: string, recipient: string, month: string) => `${corpId}\n${recipient}\n${month}`;
const dayOfMonth = (day: string) => Number(day.slice(8, 10));

/** Fake of the channel spend store (~ DynamoSpendStore): one amount per (channel, day), a put replaces it; 0 when none. */
export class InMemorySpendStore implements SpendStore {
  private readonly amounts = new Map<string, number>();

  async put(corpId: string, channelId: string, day: string, amount: number, _at: number): Promise<void> {
    this.amounts.set(`${corpId}\n${channelId}\n${day}`, amount);
  }

  async get(corpId: string, channelId: string, day: string): Promise<number> {
    return this.amounts.get(`${corpId}\n${channelId}\n${day}`) ?? 0;
  }
}
