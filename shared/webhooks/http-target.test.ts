// The SSRF guard's resolution step: every address a host resolves to must pass, unless private targets are allowed.
import { checkedAddress, RefusedTargetError, webhookTargetCheck } from './http-target';

const resolver = (map: Record<string, string[]>) => async (host: string) => {
  const addrs = map[host];
  if (!addrs) throw new Error('ENOTFOUND');
  return addrs.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('webhook target check', () => {
  const resolve = resolver({
    'hooks.example.com': ['93.184.216.34'],
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'meta.example.com': ['169.254.169.254'],
    'v6.example.com': ['::ffff:127.0.0.1'],
  });
  const prod = webhookTargetCheck({ allowPrivate: false, resolve });

  it('allows an https URL resolving to public addresses', async () => {
    await expect(prod.problem('https://hooks.example.com/siyu')).resolves.toBeUndefined();
  });
  it.each([
    ['https://rebind.example.com/', 'private'],
    ['https://meta.example.com/', 'link_local'],
    ['https://v6.example.com/', 'loopback'],
    ['https://127.0.0.1/', 'loopback'],
    ['https://[::1]/', 'loopback'],
    ['https://[fd00::1]/', 'unique_local'],
    ['https://nowhere.example.com/', 'unresolvable'],
    ['http://hooks.example.com/', 'scheme'],
    ['not a url', 'invalid_url'],
  ])('refuses %s (%s)', async (url, reason) => {
    await expect(prod.problem(url)).resolves.toBe(reason);
  });
  it('allows private targets and http when WEBHOOK_ALLOW_PRIVATE is on (local only)', async () => {
    await expect(webhookTargetCheck({ allowPrivate: true, resolve }).problem('http://127.0.0.1:9/x')).resolves.toBeUndefined();
  });
  it('hands the delivery the address it checked', async () => {
    await expect(checkedAddress('hooks.example.com', { allowPrivate: false, resolve })).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(checkedAddress('rebind.example.com', { allowPrivate: false, resolve })).rejects.toBeInstanceOf(RefusedTargetError);
  });
});
