// In-memory fake of shared/db/transfer-repository.ts: create() is a conditional put (a second create of the same
// id fails as DynamoDB's does); update() stores only over version - 1 (false otherwise, also for one that is
// gone); list() newest id first, `last` set when the page is full.
import type { TransferStore } from '../../../shared/db/transfer-repository';
import type { TransferRecord } from '../../../shared/domain/transfer';
import { ConditionalCheckFailedError, copy } from './common';

export class InMemoryTransferStore implements TransferStore {
  private readonly items = new Map<string, TransferRecord>();

  async get(corpId: string, id: string): Promise<TransferRecord | undefined> {
    const t = this.items.get(`${corpId}\n${id}`);
    return t ? copy(t) : undefined;
  }

  async create(t: TransferRecord): Promise<void> {
    const key = `${t.corpId}\n${t.id}`;
    if (this.items.has(key)) throw new ConditionalCheckFailedError('The conditional request failed');
    this.items.set(key, copy(t));
  }

  async update(t: TransferRecord): Promise<boolean> {
    const key = `${t.corpId}\n${t.id}`;
    const cur = this.items.get(key);
    if (!cur || cur.version !== t.version - 1) return false;
    this.items.set(key, copy(t));
    return true;
  }

  async list(corpId: string, limit: number, after?: string): Promise<{ items: TransferRecord[]; last: string | null }> {
    const all = [...this.items.values()].filter((t) => t.corpId === corpId && (after === undefined || t.id < after)).sort((a, b) => b.id.localeCompare(a.id));
    const items = all.slice(0, limit).map(copy);
    return { items, last: items.length === limit ? items[items.length - 1]!.id : null };
  }
}
