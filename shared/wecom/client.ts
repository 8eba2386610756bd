// The one way to call WeCom's server API. Per call: validate the request → spend our per-minute
// budget → access token → HTTP → errcode policy (errcodes.ts) → validate the response.
//   40014/42001        invalidate the token, refresh, retry once
//   -1, 45009, 45033   back off with jitter (≤ 3 attempts, ≤ ~3 s of waiting), then DependencyError
//   anything else      WecomApiError (errcode, errmsg, retryable)
//   network, 5xx       DependencyError (an SQS consumer retries later)
// Calls per corp run at most `maxConcurrencyPerCorp` at a time in this process. Nothing here logs, and
// no error message carries the URL, the token or the secret.
import { type Clock, systemClock } from '../clock';
import * as z from 'zod';
import { DependencyError, ValidationError, isAppError } from '../errors';
import { endpoints, type ApiName, type EndpointDef, type RequestOf, type ResponseOf } from './endpoints';
import { MAX_TOTAL_BACKOFF_MS, backoffDelayMs, policyFor } from './errcodes';
import type { RateBudget } from './rate-budget';
import { createTokenProvider, type Credentials, type TokenProviderOptions, type TokenStore } from './token-provider';
import { WecomApiError, WecomResponseError } from './wecom-error';

export interface WecomClientOptions {
  /** e.g. https://qyapi.weixin.qq.com (config WECOM_API_BASE). */
  baseUrl: string;
  /** Shared token store (DynamoDB in production). */
  tokens: TokenStore;
  budget: RateBudget;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  clock?: Clock;
  maxConcurrencyPerCorp?: number;
  /** Per HTTP request (default 10 s). */
  timeoutMs?: number;
  /** Told of every errcode ≠ 0 WeCom answers (each attempt), e.g. for the WeComError metric (shared/aws/wecom-deps.ts). */
  onErrcode?: (errcode: number, api: string) => void;
  /** Token refresh tuning (refreshAheadMs, lockTtlMs, …). */
  tokenOptions?: Partial<Omit<TokenProviderOptions, 'store' | 'fetchToken' | 'clock' | 'sleep'>>;
}

export interface WecomTenantClient {
  call<N extends ApiName>(name: N, body: RequestOf<N>): Promise<ResponseOf<N>>;
}

export interface WecomClient {
  forTenant(credentials: Credentials): WecomTenantClient;
  /**
   * Whether WeCom accepts these credentials: an access token for them (gettoken, unless one is cached for
   * exactly this corp and secret). A refusal is a WecomApiError (40001, 40013 …), an outage a DependencyError.
   */
  checkCredentials(credentials: Credentials): Promise<void>;
}

type Raw = Record<string, unknown> & { errcode?: unknown; errmsg?: unknown };

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const issuesOf = (e: z.ZodError) => e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));

export function createWecomClient(o: WecomClientOptions): WecomClient {
  const base = o.baseUrl.replace(/\/+$/, '');
  const doFetch = o.fetch ?? globalThis.fetch;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const clock = o.clock ?? systemClock;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxConcurrency = o.maxConcurrencyPerCorp ?? 8;
  const semaphores = new Map<string, Semaphore>();

  async function send(name: string, def: EndpointDef, req: Record<string, unknown>, accessToken?: string): Promise<Raw> {
    const url = new URL(`${base}${def.path}`);
    const init: RequestInit = { method: def.method, signal: AbortSignal.timeout(timeoutMs) };
    const toQuery = (fields: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) url.searchParams.set(k, String(v));
    };
    if (def.encoding === 'query') {
      toQuery(req);
    } else if (def.encoding === 'multipart') {
      const { media, ...rest } = req as { media: { filename: string; contentType?: string; data: Uint8Array } };
      toQuery(rest);
      const form = new FormData();
      const blob = new Blob([new Uint8Array(media.data)], { type: media.contentType ?? 'application/octet-stream' });
      form.append('media', blob, media.filename);
      init.body = form;
    } else {
      init.headers = { 'content-type': 'application/json' };
      init.body = JSON.stringify(req);
    }
    if (accessToken !== undefined) url.searchParams.set('access_token', accessToken);
    let res: Response;
    try {
      res = await doFetch(url, init);
    } catch (e) {
      const reason = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new DependencyError(`WeCom ${name}: ${reason}`, { cause: e });
    }
    if (res.status >= 500 || res.status === 429) throw new DependencyError(`WeCom ${name}: HTTP ${res.status}`);
    if (res.status !== 200) throw new WecomResponseError(name, { httpStatus: res.status });
    try {
      const body = (await res.json()) as unknown;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      return body as Raw;
    } catch (e) {
      throw new DependencyError(`WeCom ${name}: unreadable response`, { cause: e });
    }
  }

  /** One logical call: attempts, token refresh and backoff per errcodes.ts. */
  async function execute(name: string, def: EndpointDef, req: Record<string, unknown>, credentials?: Credentials): Promise<Raw> {
    let refreshed = false;
    let attempts = 0;
    let waited = 0;
    for (;;) {
      let token: string | undefined;
      if (credentials) {
        await o.budget.take(credentials.corpId, def.path.replace(/^\/cgi-bin\//, ''));
        token = await tokens.getToken(credentials);
      }
      attempts++;
      const raw = await send(name, def, req, token);
      const errcode = typeof raw.errcode === 'number' ? raw.errcode : raw.errcode === undefined ? 0 : Number(raw.errcode);
      if (errcode === 0) return raw;
      o.onErrcode?.(errcode, name);
      const errmsg = typeof raw.errmsg === 'string' ? raw.errmsg : '';
      const policy = policyFor(errcode);
      if (policy.action === 'refresh_token' && credentials && token !== undefined && !refreshed) {
        refreshed = true;
        await tokens.invalidate(credentials, token);
        continue;
      }
      if (policy.action === 'backoff') {
        const delay = backoffDelayMs(policy, attempts, random);
        if (attempts < (policy.maxAttempts ?? 3) && waited + delay <= MAX_TOTAL_BACKOFF_MS) {
          await sleep(delay);
          waited += delay;
          continue;
        }
        throw new DependencyError(`WeCom ${name} still answers ${errcode} after ${attempts} attempts`, {
          details: { api: name, errcode, attempts },
        });
      }
      throw new WecomApiError(errcode, errmsg, name, policy.retryable);
    }
  }

  function parsed<S extends z.ZodType>(name: string, schema: S, raw: Raw): z.output<S> {
    const r = schema.safeParse(raw);
    if (!r.success) throw new WecomResponseError(name, issuesOf(r.error));
    return r.data;
  }

  const tokens = createTokenProvider({
    ...o.tokenOptions,
    store: o.tokens,
    clock,
    sleep,
    async fetchToken(c) {
      const def = endpoints.gettoken;
      const raw = await execute('gettoken', def, { corpid: c.corpId, corpsecret: c.secret });
      const out = parsed('gettoken', def.response, raw);
      return { token: out.access_token, expiresInSeconds: out.expires_in };
    },
  });

  return {
    async checkCredentials(credentials) {
      try {
        await tokens.getToken(credentials);
      } catch (e) {
        if (isAppError(e)) throw e;
        throw new DependencyError(`WeCom gettoken: ${e instanceof Error ? e.name : 'error'}`, { cause: e });
      }
    },
    forTenant(credentials) {
      let sem = semaphores.get(credentials.corpId);
      if (!sem) semaphores.set(credentials.corpId, (sem = new Semaphore(maxConcurrency)));
      const semaphore = sem;
      return {
        async call(name, body) {
          const def: EndpointDef = endpoints[name];
          const req = def.request.safeParse(body);
          if (!req.success) throw new ValidationError(`invalid ${name} request`, { details: issuesOf(req.error) });
          return semaphore.run(async () => {
            try {
              const raw = await execute(name, def, req.data as Record<string, unknown>, credentials);
              return parsed(name, def.response, raw) as ResponseOf<typeof name>;
            } catch (e) {
              if (isAppError(e)) throw e;
              // e.g. the token or budget store failed: retry later.
              throw new DependencyError(`WeCom ${name}: ${e instanceof Error ? e.name : 'error'}`, { cause: e });
            }
          });
        },
      };
    },
  };
}
