// Outbound webhooks, the pure part: the event types tenants subscribe to, the retry schedule, and which addresses a delivery may never reach (SSRF guard). No I/O here: resolving
// and connecting live in shared/webhooks/http-target.ts.
/** Stable English names; payloads are documented in docs/manual.md#webhook-推送. */
export const WEBHOOK_EVENT_TYPES = [
  'customer.added',
  'customer.deleted',
  'customer.tags_changed',
  'customer.stage_changed',
  'keyword.matched',
  'audit.sensitive_word',
  'broadcast.finished',
  'transfer.finished',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const isWebhookEventType = (t: string): t is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(t);

/** Delays before attempt 2, 3, …: 10 s, 1 min, 5 min, 30 min (then the DLQ; infra/queues.yml maxReceiveCount); 2 h if attempts are raised. */
export const WEBHOOK_BACKOFF_SECONDS = [10, 60, 300, 1800, 7200] as const;
/** Attempts before a delivery is marked failed and its message goes to the DLQ (= the queue's maxReceiveCount). */
export const WEBHOOK_MAX_ATTEMPTS = 5;

/** Seconds to wait after failed attempt `attempt` (1-based); the last step repeats (capped by SQS's 12 h). */
export function webhookRetryDelay(attempt: number, schedule: readonly number[] = WEBHOOK_BACKOFF_SECONDS): number {
  const i = Math.max(0, Math.min(attempt - 1, schedule.length - 1));
  return Math.min(schedule[i] ?? 0, 43_200);
}

export type BlockedReason = 'loopback' | 'private' | 'link_local' | 'unspecified' | 'multicast' | 'reserved' | 'shared_address' | 'unique_local' | 'invalid';

function ipv4Bytes(ip: string): number[] | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function classifyIpv4([a, b]: number[]): BlockedReason | undefined {
  if (a === undefined || b === undefined) return 'invalid';
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 ("this network")
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link_local'; // incl. 169.254.169.254, the cloud metadata service
  if (a === 100 && b >= 64 && b <= 127) return 'shared_address'; // 100.64/10 carrier-grade NAT
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // incl. 255.255.255.255
  if (a === 192 && b === 0) return 'reserved'; // 192.0.0/24 and 192.0.2/24 (documentation)
  if (a === 198 && (b === 18 || b === 19)) return 'reserved'; // benchmarking
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded dotted IPv4 tail), or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  const dotted = s.slice(lastColon + 1);
  if (dotted.includes('.')) {
    const v4 = ipv4Bytes(dotted);
    if (!v4) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) => (h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  let groups = head;
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return undefined;
    groups = [...head, ...Array<number>(fill).fill(0), ...rest];
  }
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** Why a delivery must not go to this IP address (v4 or v6, incl. IPv4-mapped), or undefined when it may. */
export function blockedAddressReason(ip: string): BlockedReason | undefined {
  const v4 = ipv4Bytes(ip);
  if (v4) return classifyIpv4(v4);
  const g = ipv6Groups(ip);
  if (!g) return 'invalid';
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return 'unspecified'; // ::
  if (zeros(7) && g[7] === 1) return 'loopback'; // ::1
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) and 64:ff9b::a.b.c.d (NAT64): the IPv4 rules.
  const embedded = (zeros(5) && g[5] === 0xffff) || zeros(6) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
  if (embedded) return classifyIpv4([g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff]);
  if ((g[0]! & 0xfe00) === 0xfc00) return 'unique_local'; // fc00::/7
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link_local'; // fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 (deprecated site-local)
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  return undefined;
}

/** Why a subscription URL is refused before any lookup (scheme, credentials), or undefined. */
export function webhookUrlProblem(url: URL, o: { allowInsecure: boolean }): 'scheme' | 'credentials' | undefined {
  if (url.protocol !== 'https:' && !(o.allowInsecure && url.protocol === 'http:')) return 'scheme';
  if (url.username || url.password) return 'credentials';
  return undefined;
}
