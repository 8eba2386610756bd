// The event key: a hash of the corp and the full decrypted payload (docs/architecture.md#exactly-once-effects).
// Never FromUserName+CreateTime: distinct events share a second (several customers scanning one code).
import { hash } from 'node:crypto';

export function eventKeyOf(corpId: string, decryptedPayload: string): string {
  return hash('sha256', `${corpId}\n${decryptedPayload}`, 'hex');
}
