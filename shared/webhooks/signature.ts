// The signature a webhook delivery carries (docs/manual.md#webhook-推送): X-Siyu-Signature = `v1=<hex HMAC-SHA256
// of "<timestamp>.<raw body>">` with the subscription's secret, X-Siyu-Timestamp = the Unix seconds signed.
import { createHmac } from 'node:crypto';

export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex')}`;
}
