// Fakes of the outreach stores.
// - InMemoryMomentStore ~ shared/db/moment-repository.ts: create() is a conditional put (a second create
//   of the same id fails as DynamoDB's does); update() stores only over version - 1 in status `from`
//   (false otherwise, also for a campaign that is gone); list() newest id first, `last` set when the page
//   is full (a Query that stopped at its Limit).
import type { MomentStore } from '../../../shared/db/moment-repository';
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
