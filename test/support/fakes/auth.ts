// Fake of the API key store (~ shared/db/api-key-repository.ts): put replaces, list in key id order
// (revoked and expired keys included), revoke() sets revokedAt once (a second revoke keeps the first
// time) and answers undefined for a key that does not exist.
import type { ApiKeyRecord, ApiKeyStore } from '../../../shared/auth/api-key';
import { copy, RecordTable } from './common';

export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly table = new RecordTable<ApiKeyRecord>((r) => r.keyId);

  get(corpId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    return this.table.get(corpId, keyId);
  }

  put(record: ApiKeyRecord): Promise<void> {
    return this.table.put(record);
  }

  list(corpId: string): Promise<ApiKeyRecord[]> {
    return this.table.list(corpId);
  }

  async revoke(corpId: string, keyId: string, at: string): Promise<ApiKeyRecord | undefined> {
    const k = await this.table.get(corpId, keyId);
    if (!k) return undefined;
    if (k.revokedAt) return k;
    const revoked = { ...k, revokedAt: at };
    await this.table.put(revoked);
    return copy(revoked);
  }
}
