// The callback's view of a tenant: its token and AES key, decrypted once and cached briefly in the
// container (a KMS call per callback would cost the welcome path). Unknown corps are cached for less.
import type { CallbackKeyStore, CallbackKeys } from '../events/ports';
import type { SecretBox } from '../secrets/secret-box';
import { decodeAesKey } from '../wecom/crypto';
import type { TenantStore } from './tenant.schema';

export interface CachedCallbackKeysOptions {
  ttlMs?: number;
  negativeTtlMs?: number;
  now?: () => number;
}

export class CachedCallbackKeys implements CallbackKeyStore {
  private readonly cache = new Map<string, { at: number; value: Promise<CallbackKeys | undefined> }>();
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly tenants: TenantStore,
    private readonly secrets: SecretBox,
    options: CachedCallbackKeysOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.negativeTtlMs = options.negativeTtlMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  get(corpId: string): Promise<CallbackKeys | undefined> {
    const hit = this.cache.get(corpId);
    const now = this.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = this.load(corpId);
    this.cache.set(corpId, { at: now, value });
    // Failures are not cached; unknown corps only briefly (so a new tenant is reachable within seconds).
    value.then(
      (v) => {
        if (v === undefined) this.cache.set(corpId, { at: now - this.ttlMs + this.negativeTtlMs, value });
      },
      () => this.cache.delete(corpId),
    );
    return value;
  }

  private async load(corpId: string): Promise<CallbackKeys | undefined> {
    const t = await this.tenants.get(corpId);
    if (!t) return undefined;
    const ctx = { tenantId: corpId };
    const [token, encodingAesKey] = await Promise.all([
      this.secrets.decrypt(t.tokenEnc, ctx),
      this.secrets.decrypt(t.encodingAesKeyEnc, ctx),
    ]);
    return { token, aesKey: decodeAesKey(encodingAesKey) };
  }
}
