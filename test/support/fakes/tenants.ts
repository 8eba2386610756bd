// Fakes of the tenant ports: the tenant store (~ shared/db/tenant-repository.ts: get/put by corp id,
// a put replaces the item) and the secret box (~ shared/secrets/kms-secret-box.ts: the ciphertext is
// bound to its tenant, so a value decrypted under another tenant's context fails, as KMS does).
import type { SecretBox, SecretContext } from '../../../shared/secrets/secret-box';
import type { TenantRecord, TenantStore } from '../../../shared/tenants/tenant';
import { copy } from './common';

export class InMemoryTenantStore implements TenantStore {
  private readonly byCorp = new Map<string, TenantRecord>();

  async get(corpId: string): Promise<TenantRecord | undefined> {
    const t = this.byCorp.get(corpId);
    return t ? copy(t) : undefined;
  }

  async put(record: TenantRecord): Promise<void> {
    this.byCorp.set(record.corpId, copy(record));
  }
}

/** A reversible, context-bound "encryption": enough to see that the right tenant's secret is used. */
export class FakeSecretBox implements SecretBox {
  decrypts = 0;

  async encrypt(plain: string, context: SecretContext): Promise<string> {
    return `enc:${Buffer.from(JSON.stringify([context.tenantId, plain])).toString('base64')}`;
  }

  async decrypt(cipher: string, context: SecretContext): Promise<string> {
    this.decrypts++;
    const [tenantId, plain] = JSON.parse(Buffer.from(cipher.replace(/^enc:/, ''), 'base64').toString('utf8')) as [string, string];
    if (tenantId !== context.tenantId) throw new Error('InvalidCiphertextException: the encryption context does not match');
    return plain;
  }
}

/** A tenant as upsert-tenant stores it, its secrets encrypted by `box`. */
export async function fakeTenant(
  box: SecretBox,
  corpId: string,
  over: Partial<Omit<TenantRecord, 'corpId'>> & { secret?: string } = {},
): Promise<TenantRecord> {
  const { secret = 'corp-secret', ...rest } = over;
  return {
    corpId,
    name: corpId,
    notify: [],
    tokenEnc: await box.encrypt('Token01', { tenantId: corpId }),
    encodingAesKeyEnc: await box.encrypt('k'.repeat(43), { tenantId: corpId }),
    secretEnc: await box.encrypt(secret, { tenantId: corpId }),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
  };
}
