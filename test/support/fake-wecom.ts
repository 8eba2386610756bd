// A recording fake of the WeCom client port (shared/wecom/client.ts) for unit tests. It behaves like
// createWecomClient on the points use cases rely on:
// - a request is checked against the endpoint's request schema first (a ValidationError, nothing sent);
// - an answer is completed with errcode 0 and checked against the endpoint's response schema;
// - a scripted errcode surfaces as the real client surfaces it after its own policy (errcodes.ts): busy
//   codes (-1, 45009, 45033) as a DependencyError once the client's retries are spent, every other
//   code as a WecomApiError carrying the policy's `retryable`; `failNetwork` is a DependencyError.
// Every call is recorded with the corp and secret it was made for, in order.
import { DependencyError, ValidationError } from '../../shared/errors';
import type { WecomClient, WecomTenantClient } from '../../shared/wecom/client';
import { endpoints, type ApiName, type EndpointDef, type RequestOf, type ResponseOf } from '../../shared/wecom/endpoints';
import { policyFor } from '../../shared/wecom/errcodes';
import type { Credentials } from '../../shared/wecom/token-provider';
import { WecomApiError } from '../../shared/wecom/wecom-error';

export interface RecordedCall {
  corpId: string;
  secret: string;
  name: ApiName;
  body: Record<string, unknown>;
}

/** A scripted answer: the response fields (errcode/errmsg added), an errcode, or a function of the request. */
type Answer<N extends ApiName> =
  | Omit<ResponseOf<N>, 'errcode' | 'errmsg'>
  | { errcode: number; errmsg?: string }
  | ((body: RequestOf<N>, call: RecordedCall) => Omit<ResponseOf<N>, 'errcode' | 'errmsg'> | { errcode: number; errmsg?: string });

interface Script {
  answer: Answer<ApiName> | 'network';
  /** How many more calls it answers; undefined: every call. */
  times: number | undefined;
}

/** What the real client throws for a WeCom answer of `errcode` (after its token refresh and backoff). */
export function clientErrorFor(name: string, errcode: number, errmsg = `errcode ${errcode}`): Error {
  const policy = policyFor(errcode);
  if (policy.action === 'backoff')
    return new DependencyError(`WeCom ${name} still answers ${errcode} after 3 attempts`, { details: { api: name, errcode, attempts: 3 } });
  return new WecomApiError(errcode, errmsg, name, policy.retryable);
}

export class FakeWecom implements WecomClient {
  readonly calls: RecordedCall[] = [];
  readonly credentialChecks: Credentials[] = [];
  private readonly scripts = new Map<ApiName, Script[]>();
  private readonly refusedSecrets = new Map<string, number>();

  /** Answers every call to `name` with `answer` (a later `on` for the same name replaces it). */
  on<N extends ApiName>(name: N, answer: Answer<N>): this {
    this.scripts.set(name, [{ answer: answer as Answer<ApiName>, times: undefined }]);
    return this;
  }

  /** Answers the next call to `name` with `answer`, ahead of the standing answer. */
  once<N extends ApiName>(name: N, answer: Answer<N>): this {
    const list = this.scripts.get(name) ?? [];
    const firstStanding = list.findIndex((s) => s.times === undefined);
    const at = firstStanding === -1 ? list.length : firstStanding;
    list.splice(at, 0, { answer: answer as Answer<ApiName>, times: 1 });
    this.scripts.set(name, list);
    return this;
  }

  /** The next `times` calls to `name` answer `errcode` (every call when times is omitted). */
  fail(name: ApiName, errcode: number, times?: number, errmsg?: string): this {
    const answer = { errcode, ...(errmsg ? { errmsg } : {}) };
    if (times === undefined) return this.on(name, answer as Answer<typeof name>);
    for (let i = 0; i < times; i++) this.once(name, answer as Answer<typeof name>);
    return this;
  }

  /** The next call to `name` does not reach WeCom (network error, timeout). */
  failNetwork(name: ApiName): this {
    const list = this.scripts.get(name) ?? [];
    list.unshift({ answer: 'network', times: 1 });
    this.scripts.set(name, list);
    return this;
  }

  /**
   * Mints a login code (QR scan / OAuth) for a member (`userid`) or a non-member (`openid`) of `corpId`, as
   * WeCom does: `auth/getuserinfo` answers it once, within 5 minutes of `nowMs()`; an unknown, used or expired
   * code answers 40029. Installs the getuserinfo answer on first use.
   */
  loginCode(corpId: string, who: { userid: string } | { openid: string }, nowMs: () => number): string {
    const code = `code${++this.codeSeq}x${Math.random().toString(36).slice(2, 10)}`;
    this.loginCodes.set(code, { corpId, who, expiresAtMs: nowMs() + 5 * 60_000, nowMs });
    this.on('auth/getuserinfo', (body, call) => {
      const c = this.loginCodes.get(body.code);
      this.loginCodes.delete(body.code);
      if (!c || c.corpId !== call.corpId || c.nowMs() >= c.expiresAtMs) return { errcode: 40029, errmsg: 'invalid code' };
      return c.who;
    });
    return code;
  }
  private codeSeq = 0;
  private readonly loginCodes = new Map<string, { corpId: string; who: { userid: string } | { openid: string }; expiresAtMs: number; nowMs: () => number }>();

  /** checkCredentials refuses this secret with `errcode` (40001 invalid secret, 40013 invalid corp id …). */
  refuseSecret(secret: string, errcode = 40001): this {
    this.refusedSecrets.set(secret, errcode);
    return this;
  }

  /** The recorded calls to one API, in order. */
  callsTo<N extends ApiName>(name: N): Array<RequestOf<N>> {
    return this.calls.filter((c) => c.name === name).map((c) => c.body as RequestOf<N>);
  }

  async checkCredentials(credentials: Credentials): Promise<void> {
    this.credentialChecks.push({ ...credentials });
    const errcode = this.refusedSecrets.get(credentials.secret);
    if (errcode !== undefined) throw clientErrorFor('gettoken', errcode);
  }

  forTenant(credentials: Credentials): WecomTenantClient {
    return {
      call: async <N extends ApiName>(name: N, body: RequestOf<N>): Promise<ResponseOf<N>> => {
        const def: EndpointDef = endpoints[name];
        const req = def.request.safeParse(body);
        if (!req.success) throw new ValidationError(`invalid ${name} request`, { details: req.error.issues });
        const call: RecordedCall = {
          corpId: credentials.corpId,
          secret: credentials.secret,
          name,
          body: JSON.parse(JSON.stringify(req.data)) as Record<string, unknown>,
        };
        this.calls.push(call);
        const script = this.next(name);
        if (!script) throw new Error(`FakeWecom: no answer scripted for ${name}`);
        if (script.answer === 'network') throw new DependencyError(`WeCom ${name}: network error`);
        const raw = typeof script.answer === 'function' ? (script.answer as (b: unknown, c: RecordedCall) => unknown)(req.data, call) : script.answer;
        const answer = { errcode: 0, errmsg: 'ok', ...(raw as Record<string, unknown>) };
        if (answer.errcode !== 0)
          throw clientErrorFor(name, Number(answer.errcode), typeof answer.errmsg === 'string' && answer.errmsg !== 'ok' ? answer.errmsg : undefined);
        const out = def.response.safeParse(answer);
        if (!out.success) throw new Error(`FakeWecom: the scripted ${name} answer does not match its response schema: ${out.error.message}`);
        return out.data as ResponseOf<N>;
      },
    };
  }

  private next(name: ApiName): Script | undefined {
    const list = this.scripts.get(name);
    const script = list?.[0];
    if (!list || !script) return undefined;
    if (script.times !== undefined && --script.times <= 0) list.shift();
    return script;
  }
}
