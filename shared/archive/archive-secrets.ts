// A tenant's chat-archive (会话内容存档) secrets: the archive's own secret and its RSA private keys, one
// per publickey_ver (several kept for rotation: records encrypted with an older key still arrive). Stored
// encrypted with the SecretBox (context = tenant) like the tenant's other secrets; write-only: the API shows
// whether the secret is set and each key's version and fingerprint, never a key. Adapter:
// shared/db/archive-secret-repository.ts; routes: functions/admin-api/routes/archive-secrets.ts.
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import * as z from 'zod';
import type { Clock } from '../clock';
import { NotFoundError, ValidationError } from '../errors';
import { msg } from '../i18n/messages';
import type { SecretBox } from '../secrets/secret-box';
import type { TenantStore } from '../tenants/tenant';
import type { ArchiveSecretsView } from './archive-secrets.view';

/** Keys kept per tenant (WeCom lets an admin rotate the public key; old records keep their version). */
export const MAX_ARCHIVE_KEYS = 10;

export interface ArchiveKeyRecord {
  version: number;
  /** SecretBox ciphertext of the PEM. */
  pemEnc: string;
  /** `sha256:<hex>` of the public key (SPKI DER): what `openssl rsa -pubout -outform DER | sha256sum` prints. */
  fingerprint: string;
  bits: number;
  addedAt: string;
}

export interface ArchiveSecretsRecord {
  corpId: string;
  /** SecretBox ciphertext of the archive secret; absent until set (the puller skips the tenant). */
  secretEnc?: string | undefined;
  keys: ArchiveKeyRecord[];
  updatedAt: string;
}

export interface ArchiveSecretsStore {
  get(corpId: string): Promise<ArchiveSecretsRecord | undefined>;
  put(record: ArchiveSecretsRecord): Promise<void>;
  /** The tenants that have an archive record (the puller's list). */
  corpIds(): Promise<string[]>;
}

export const archiveSecretsInput = z
  .object({
    secret: z.string().trim().min(1).max(256).optional().describe('会话内容存档 Secret / the archive’s own secret'),
    privateKeys: z
      .array(
        z.object({
          version: z.number().int().min(1).describe('公钥版本 publickey_ver'),
          pem: z.string().min(1).max(16_384).describe('RSA 私钥（PEM）/ the RSA private key (PEM)'),
        }),
      )
      .max(MAX_ARCHIVE_KEYS)
      .optional(),
  })
  .strict()
  .refine((b) => b.secret !== undefined || (b.privateKeys?.length ?? 0) > 0, { message: 'secret or privateKeys required' });
export type ArchiveSecretsInput = z.output<typeof archiveSecretsInput>;

export const keyVersionParams = z.object({ version: z.coerce.number().int().min(1) });

export interface ArchiveSecretsDeps {
  tenants: TenantStore;
  archiveSecrets: ArchiveSecretsStore;
  secrets: SecretBox;
  clock: Clock;
}

/** The key's fingerprint and size, or a 400 naming the field when the PEM is not an RSA private key. */
export function inspectPrivateKey(pem: string, field: string): { fingerprint: string; bits: number } {
  let key;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw invalidKey(field, 'not a private key in PEM');
  }
  if (key.asymmetricKeyType !== 'rsa') throw invalidKey(field, `not an RSA key (${key.asymmetricKeyType ?? 'unknown'})`);
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { fingerprint: `sha256:${createHash('sha256').update(der).digest('hex')}`, bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
}

const invalidKey = (field: string, message: string) => new ValidationError(msg('invalid_archive_key'), { details: [{ field, message }] });

export function archiveSecretsView(corpId: string, r: ArchiveSecretsRecord | undefined): ArchiveSecretsView {
  return {
    corpId,
    secret: r?.secretEnc ? '***' : null,
    keys: (r?.keys ?? [])
      .map((k) => ({ version: k.version, fingerprint: k.fingerprint, bits: k.bits, addedAt: k.addedAt }))
      .sort((a, b) => b.version - a.version),
    updatedAt: r?.updatedAt ?? null,
  };
}

async function requireTenant(deps: Pick<ArchiveSecretsDeps, 'tenants'>, corpId: string): Promise<void> {
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));
}

export async function readArchiveSecrets(deps: Pick<ArchiveSecretsDeps, 'tenants' | 'archiveSecrets'>, corpId: string): Promise<ArchiveSecretsView> {
  await requireTenant(deps, corpId);
  return archiveSecretsView(corpId, await deps.archiveSecrets.get(corpId));
}

/** Sets the secret and/or adds keys (a given version replaces the stored one); everything else is kept. */
export async function putArchiveSecrets(deps: ArchiveSecretsDeps, corpId: string, input: ArchiveSecretsInput): Promise<ArchiveSecretsView> {
  await requireTenant(deps, corpId);
  const given = input.privateKeys ?? [];
  const versions = given.map((k) => k.version);
  const dup = versions.find((v, i) => versions.indexOf(v) !== i);
  if (dup !== undefined) throw new ValidationError(msg('invalid_archive_key'), { details: [{ field: 'privateKeys', message: `version ${dup} given twice` }] });
  // Every key is checked before anything is encrypted or written.
  const inspected = given.map((k, i) => ({ ...k, ...inspectPrivateKey(k.pem, `privateKeys.${i}.pem`) }));
  const existing = await deps.archiveSecrets.get(corpId);
  const now = new Date(deps.clock.now()).toISOString();
  const ctx = { tenantId: corpId };
  const added: ArchiveKeyRecord[] = await Promise.all(
    inspected.map(async (k) => ({
      version: k.version,
      pemEnc: await deps.secrets.encrypt(k.pem, ctx),
      fingerprint: k.fingerprint,
      bits: k.bits,
      addedAt: now,
    })),
  );
  const keys = [...(existing?.keys ?? []).filter((k) => !versions.includes(k.version)), ...added];
  if (keys.length > MAX_ARCHIVE_KEYS) {
    throw new ValidationError(msg('too_many_archive_keys'), { details: [{ field: 'privateKeys', message: `at most ${MAX_ARCHIVE_KEYS} versions` }] });
  }
  const record: ArchiveSecretsRecord = {
    corpId,
    secretEnc: input.secret !== undefined ? await deps.secrets.encrypt(input.secret, ctx) : existing?.secretEnc,
    keys,
    updatedAt: now,
  };
  await deps.archiveSecrets.put(record);
  return archiveSecretsView(corpId, record);
}

export async function deleteArchiveKey(deps: ArchiveSecretsDeps, corpId: string, version: number): Promise<ArchiveSecretsView> {
  await requireTenant(deps, corpId);
  const existing = await deps.archiveSecrets.get(corpId);
  if (!existing?.keys.some((k) => k.version === version)) throw new NotFoundError(msg('unknown_archive_key'));
  const record = { ...existing, keys: existing.keys.filter((k) => k.version !== version), updatedAt: new Date(deps.clock.now()).toISOString() };
  await deps.archiveSecrets.put(record);
  return archiveSecretsView(corpId, record);
}

/** What the puller needs of a tenant: the secret and its keys by version, decrypted; undefined without a secret. */
export async function openArchiveSecrets(
  deps: Pick<ArchiveSecretsDeps, 'archiveSecrets' | 'secrets'>,
  corpId: string,
): Promise<{ secret: string; keys: Map<number, string> } | undefined> {
  const r = await deps.archiveSecrets.get(corpId);
  if (!r?.secretEnc) return undefined;
  const ctx = { tenantId: corpId };
  const keys = new Map<number, string>();
  for (const k of r.keys) keys.set(k.version, await deps.secrets.decrypt(k.pemEnc, ctx));
  return { secret: await deps.secrets.decrypt(r.secretEnc, ctx), keys };
}
