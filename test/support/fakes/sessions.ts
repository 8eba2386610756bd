// Fake of the session store (~ shared/db/session-repository.ts): put refuses an existing id hash, touch only
// moves lastSeenAt forward on an existing session, delete is idempotent, list in id-hash order; a login token
// is taken once (a second take finds nothing). Expired items stay until deleted, as before DynamoDB's TTL runs.
import type { SessionRecord, SessionStore } from '../../../shared/auth/session';
import { copy } from './common';

export class InMemorySessionStore implements SessionStore {
  readonly rows = new Map<string, SessionRecord>();
  readonly tokens = new Map<string, string>();

  async put(record: SessionRecord): Promise<void> {
    const k = `${record.corpId}\n${record.idHash}`;
    if (this.rows.has(k)) throw new Error('ConditionalCheckFailedException');
    this.rows.set(k, copy(record));
  }

  async get(corpId: string, idHash: string): Promise<SessionRecord | undefined> {
    const r = this.rows.get(`${corpId}\n${idHash}`);
    return r ? copy(r) : undefined;
  }

  async touch(corpId: string, idHash: string, lastSeenAt: string): Promise<void> {
    const r = this.rows.get(`${corpId}\n${idHash}`);
    if (r && r.lastSeenAt < lastSeenAt) r.lastSeenAt = lastSeenAt;
  }

  async delete(corpId: string, idHash: string): Promise<void> {
    this.rows.delete(`${corpId}\n${idHash}`);
  }

  async list(corpId: string): Promise<SessionRecord[]> {
    return [...this.rows.values()]
      .filter((r) => r.corpId === corpId)
      .sort((a, b) => (a.idHash < b.idHash ? -1 : 1))
      .map(copy);
  }

  async putLoginToken(corpId: string, tokenHash: string, expiresAt: string): Promise<void> {
    this.tokens.set(`${corpId}\n${tokenHash}`, expiresAt);
  }

  async takeLoginToken(corpId: string, tokenHash: string): Promise<{ expiresAt: string } | undefined> {
    const k = `${corpId}\n${tokenHash}`;
    const expiresAt = this.tokens.get(k);
    this.tokens.delete(k);
    return expiresAt === undefined ? undefined : { expiresAt };
  }
}
