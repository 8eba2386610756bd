// The HTTP side of webhook delivery, with the SSRF guard: the host is resolved, every address it resolves to
// is checked (shared/domain/webhooks.ts blockedAddressReason), and the connection goes to the address that was
// checked (a custom `lookup`), so a DNS answer that changes between check and connect (rebinding) cannot
// redirect a delivery inside the network. `allowPrivate` (WEBHOOK_ALLOW_PRIVATE=1, set by scripts/start.ts and
// the tests) admits private addresses and plain http, for local receivers only.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { blockedAddressReason, webhookUrlProblem } from '../domain/webhooks';
import type { PostResult, WebhookPoster, WebhookTargetCheck } from './webhook';

export interface TargetOptions {
  allowPrivate: boolean;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  /** For tests: the resolver (default: the system's). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

export class RefusedTargetError extends Error {
  constructor(readonly reason: string) {
    super(`webhook target refused: ${reason}`);
  }
}

const systemResolve = (host: string) =>
  new Promise<LookupAddress[]>((ok, fail) => dnsLookup(host, { all: true, verbatim: true }, (e, addrs) => (e ? fail(e) : ok(addrs))));

/** The address to connect to, or the reason there is none: every resolved address must pass. */
export async function checkedAddress(host: string, o: TargetOptions): Promise<LookupAddress> {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  let addrs: LookupAddress[];
  if (isIP(bare)) addrs = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addrs = await (o.resolve ?? systemResolve)(bare);
    } catch {
      throw new RefusedTargetError('unresolvable');
    }
  }
  if (addrs.length === 0) throw new RefusedTargetError('unresolvable');
  if (!o.allowPrivate) {
    for (const a of addrs) {
      const reason = blockedAddressReason(a.address);
      if (reason) throw new RefusedTargetError(reason);
    }
  }
  return addrs[0]!;
}

export function webhookTargetCheck(o: TargetOptions): WebhookTargetCheck {
  return {
    async problem(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return 'invalid_url';
      }
      const p = webhookUrlProblem(url, { allowInsecure: o.allowPrivate });
      if (p) return p;
      try {
        await checkedAddress(url.hostname, o);
        return undefined;
      } catch (e) {
        if (e instanceof RefusedTargetError) return e.reason;
        throw e;
      }
    },
  };
}

export function webhookPoster(o: TargetOptions): WebhookPoster {
  const timeoutMs = o.timeoutMs ?? 5000;
  return {
    async post(raw, headers, body) {
      const url = new URL(raw);
      if (webhookUrlProblem(url, { allowInsecure: o.allowPrivate })) throw new RefusedTargetError('scheme');
      const target = await checkedAddress(url.hostname, o);
      // Connect to the checked address; TLS still verifies the certificate against the host name (SNI).
      const lookup: LookupFunction = (_host, options, cb) => {
        if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, [target]);
        else cb(null, target.address, target.family);
      };
      const started = Date.now();
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise<PostResult>((ok, fail) => {
        const req = request(
          url,
          {
            method: 'POST',
            lookup,
            headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Siyu-Webhook/1', ...headers },
            timeout: timeoutMs,
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              if (text.length < 200) text += chunk;
            });
            res.on('end', () => ok({ status: res.statusCode ?? 0, durationMs: Date.now() - started, snippet: text.slice(0, 200) }));
            res.on('error', fail);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
        req.on('error', fail);
        req.end(body);
      });
    },
  };
}

/** WEBHOOK_ALLOW_PRIVATE=1: local receivers (scripts/start.ts, tests). Never set in production. */
export const allowPrivateTargets = (env: NodeJS.ProcessEnv = process.env): boolean => env.WEBHOOK_ALLOW_PRIVATE === '1';
