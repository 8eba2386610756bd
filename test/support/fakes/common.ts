// Shared pieces of the in-memory store fakes: JSON copies (a store hands out and keeps copies, never the
// caller's object, as a table does) and the conditional-write failure the Dynamo adapters see.
export { ConditionalCheckFailedError } from '../fakes';

/** A deep copy through JSON, as an item written to and read back from the table. */
export const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A zero-padded time sort key, as shared/db/keys.ts builds them (10 digits of Unix seconds). */
export const timeKey = (seconds: number, rest: string) => `${String(seconds).padStart(10, '0')}#${rest}`;

/**
 * A tenant's records of one kind under `TENANT#<corp>` / `<PREFIX>#<id>`, as the plain get/list/put
 * adapters keep them: put replaces, get reads a copy, list is in id order (the sort key's order).
 */
export class RecordTable<T extends { corpId: string }> {
  private readonly items = new Map<string, T>();
  constructor(private readonly idOf: (r: T) => string) {}

  async get(corpId: string, id: string): Promise<T | undefined> {
    const r = this.items.get(`${corpId}\n${id}`);
    return r ? copy(r) : undefined;
  }

  async list(corpId: string): Promise<T[]> {
    return [...this.items.values()]
      .filter((r) => r.corpId === corpId)
      .sort((a, b) => (this.idOf(a) < this.idOf(b) ? -1 : this.idOf(a) > this.idOf(b) ? 1 : 0))
      .map(copy);
  }

  async put(record: T): Promise<void> {
    this.items.set(`${record.corpId}\n${this.idOf(record)}`, copy(record));
  }

  async delete(corpId: string, id: string): Promise<void> {
    this.items.delete(`${corpId}\n${id}`);
  }
}
