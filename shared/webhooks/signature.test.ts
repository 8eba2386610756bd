// The delivery signature, against an HMAC computed here.
import { createHmac } from 'node:crypto';
import { webhookSignature } from './signature';

describe('webhookSignature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<raw body>"', () => {
    const body = '{"id":"ev1","data":{"名字":"张三"}}';
    const expected = createHmac('sha256', 'whsec_test')
      .update(Buffer.from(`1764547200.${body}`, 'utf8'))
      .digest('hex');
    expect(webhookSignature('whsec_test', 1764547200, body)).toBe(`v1=${expected}`);
  });
  it('changes with the timestamp, the body and the secret', () => {
    const s = webhookSignature('a', 1, 'x');
    expect(webhookSignature('a', 2, 'x')).not.toBe(s);
    expect(webhookSignature('a', 1, 'y')).not.toBe(s);
    expect(webhookSignature('b', 1, 'x')).not.toBe(s);
  });
});
