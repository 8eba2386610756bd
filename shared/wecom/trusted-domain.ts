// Which page URLs Siyu signs JS-SDK configs for: http(s) URLs whose host is the trusted domain or one of its
// subdomains (WeCom's 可信域名 rule, DOC 90547), on the trusted port when one is given. Pure.

export interface TrustedDomain {
  hostname: string;
  /** '' = any port. */
  port: string;
}

/** The trusted domain named by a base URL such as PUBLIC_BASE_URL (`https://scrm.example.com`). */
export function trustedDomainOf(baseUrl: string): TrustedDomain {
  const u = new URL(baseUrl);
  return { hostname: u.hostname.toLowerCase(), port: u.port };
}

export function isTrustedPageUrl(url: string, trusted: TrustedDomain): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  const underDomain = host === trusted.hostname || host.endsWith(`.${trusted.hostname}`);
  return underDomain && (trusted.port === '' || u.port === trusted.port);
}
