// A tenant's archive secrets as the admin API answers them: whether the secret is set, each private key's
// version, fingerprint and size, never a key. The presenter: archive-secrets.ts archiveSecretsView.
import * as z from 'zod';

export const archiveSecretsView = z.object({
  corpId: z.string(),
  secret: z.literal('***').nullable().describe('已设置为 ***，未设置为 null（只写不读）/ *** when set, null when not (write-only)'),
  keys: z
    .array(
      z.object({
        version: z.number().int().describe('公钥版本 publickey_ver'),
        fingerprint: z.string().describe('公钥 SHA-256 指纹（SPKI DER）/ SHA-256 of the public key (SPKI DER)'),
        bits: z.number().int(),
        addedAt: z.iso.datetime(),
      }),
    )
    .describe('私钥版本，新到旧 / private key versions, newest first'),
  updatedAt: z.iso.datetime().nullable(),
});
export type ArchiveSecretsView = z.output<typeof archiveSecretsView>;
