// The event key: a hash of the corp and the full decrypted payload (architecture principle 2).
// Never FromUserName+CreateTime: distinct events share a second (several customers scanning one code).
import { createHash } from 'node:crypto';

export function eventKeyOf(corpId: string, decryptedPayload: string): string {
  return createHash('sha256').update(corpId, 'utf8').update('\n').update(decryptedPayload, 'utf8').digest('hex');
}
