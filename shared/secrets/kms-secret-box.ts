// AWS implementation of SecretBox: KMS Encrypt/Decrypt with the tenant as encryption context.
// Secrets are short (≤ 4 KiB), so direct KMS encryption is enough; no data keys to manage.
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SecretBox, SecretContext } from './secret-box';

export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async encrypt(plain: string, context: SecretContext): Promise<string> {
    const out = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plain, 'utf8'),
        EncryptionContext: { tenantId: context.tenantId },
      }),
    );
    if (!out.CiphertextBlob) throw new Error('KMS returned no ciphertext');
    return `k1:${Buffer.from(out.CiphertextBlob).toString('base64')}`;
  }

  async decrypt(value: string, context: SecretContext): Promise<string> {
    if (!value.startsWith('k1:')) throw new Error('not a KMS secret-box value');
    const out = await this.kms.send(
      new DecryptCommand({
        CiphertextBlob: Buffer.from(value.slice(3), 'base64'),
        EncryptionContext: { tenantId: context.tenantId },
        KeyId: this.keyId,
      }),
    );
    if (!out.Plaintext) throw new Error('KMS returned no plaintext');
    return Buffer.from(out.Plaintext).toString('utf8');
  }
}
