// Local and test implementation of SecretBox: AES-256-GCM with a local 32-byte key, the tenant as AAD.
// Format: "l1:" + base64(iv(12) || tag(16) || ciphertext).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox, SecretContext } from './secret-box';

export class LocalSecretBox implements SecretBox {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
    if (this.key.length !== 32) throw new Error('LOCAL_SECRET_KEY must be 32 bytes, base64-encoded');
  }

  async encrypt(plain: string, context: SecretContext): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context.tenantId, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `l1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  async decrypt(value: string, context: SecretContext): Promise<string> {
    if (!value.startsWith('l1:')) throw new Error('not a local secret-box value');
    const raw = Buffer.from(value.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context.tenantId, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
