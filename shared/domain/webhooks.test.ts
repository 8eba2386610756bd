// The webhook retry schedule and the SSRF address classification.
import { WEBHOOK_MAX_ATTEMPTS, blockedAddressReason, webhookRetryDelay, webhookUrlProblem } from './webhooks';

describe('webhookRetryDelay', () => {
  it('backs off 10 s, 1 min, 5 min, 30 min between the attempts of a delivery', () => {
    expect(Array.from({ length: WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => webhookRetryDelay(i + 1))).toEqual([10, 60, 300, 1800]);
  });
  it('repeats its last step past the schedule, within SQS’s 12 h visibility cap', () => {
    expect(webhookRetryDelay(6)).toBe(7200);
    expect(webhookRetryDelay(60)).toBe(7200);
    expect(webhookRetryDelay(3, [1, 2, 99_999])).toBe(43_200);
  });
});

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'shared_address'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:c0a8:101', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['not-an-ip', 'invalid'],
    ['1.2.3', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s → %s', (ip, reason) => {
    expect(blockedAddressReason(ip)).toBe(reason);
  });

  it.each(['8.8.8.8', '172.15.255.255', '172.32.0.1', '100.128.0.1', '203.0.114.5', '2400:3200::1', '::ffff:8.8.8.8', '2001:4860:4860::8888'])(
    '%s is public',
    (ip) => {
      expect(blockedAddressReason(ip)).toBeUndefined();
    },
  );
});

describe('webhookUrlProblem', () => {
  it('accepts https; http only where insecure targets are allowed (local)', () => {
    expect(webhookUrlProblem(new URL('https://hooks.example.com/x'), { allowInsecure: false })).toBeUndefined();
    expect(webhookUrlProblem(new URL('http://hooks.example.com/x'), { allowInsecure: false })).toBe('scheme');
    expect(webhookUrlProblem(new URL('http://127.0.0.1:8080/x'), { allowInsecure: true })).toBeUndefined();
    expect(webhookUrlProblem(new URL('ftp://hooks.example.com/x'), { allowInsecure: true })).toBe('scheme');
  });
  it('refuses credentials in the URL', () => {
    expect(webhookUrlProblem(new URL('https://u:p@hooks.example.com/x'), { allowInsecure: false })).toBe('credentials');
  });
});
