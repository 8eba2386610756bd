// The simulator's state and its request pipeline, independent of HTTP: unknown path → access token →
// rate limit → injected fault → method/body → concurrency → handler; every call recorded.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { randomId, seconds, type Body } from './args';
import { CorpState, type BehaviourDay, type GroupMemberChange } from './corp-state';
import { scanJoinWay } from './apis/contact-ways';
import { DEMO_CORP } from './demo-tenant';
import {
  DEFAULT_CONFIG,
  simConfigSchema,
  simCorpSchema,
  simFaultSchema,
  welcomeCodeRequestSchema,
  type RecordedCall,
  type SentAppMessage,
  type SentKfMessage,
  type SentWelcome,
  type SimConfig,
  type SimCorp,
  type SimCorpSeed,
  type SimCustomer,
  type SimFault,
  type SimGroupChat,
} from './model';
import type { Upload } from './apis/api-context';
import { enqueueKfMessages } from './apis/kf';
import { answerLoginPage, issueLoginCode, type LoginIdentity, type LoginPageAnswer } from './apis/login';
import { markGroupMsgSent, markMomentPublished } from './apis/messaging';
import { ROBOT_WEBHOOK_PATH, ROUTES } from './apis/routes';
import { RobotWebhooks } from './apis/robot-webhook';
import { SimApiError, UNKNOWN_API_ERRCODE, errmsgOf } from './sim-error';
import type * as z from 'zod';

export const GETTOKEN_PATH = '/cgi-bin/gettoken';

export interface SimRequest {
  method: string;
  /** URL path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined when there was none. */
  body?: unknown;
  /** The body was not valid JSON (its text, for the record). */
  invalidJson?: string | undefined;
  upload?: Upload | undefined;
}

export type SimReply = { errcode: number; errmsg: string } & Record<string, unknown>;

export interface CallFilter {
  path?: string | undefined;
  corpId?: string | undefined;
  /** Only calls at or after this epoch-ms instant. */
  since?: number | undefined;
}

interface TokenRecord {
  token: string;
  corpId: string;
  secret: string;
  expiresAt: number;
}

interface ActiveFault {
  path: string;
  errcode: number;
  errmsg?: string | undefined;
  remaining: number;
  corpId?: string | undefined;
}

/** `externalcontact/x`, `cgi-bin/externalcontact/x` and `/cgi-bin/externalcontact/x/` all mean the same API. */
export function normalizeApiPath(p: string): string {
  let s = (p.split('?')[0] ?? '').replace(/\/+$/, '');
  if (!s.startsWith('/')) s = `/${s}`;
  if (!s.startsWith('/cgi-bin/')) s = `/cgi-bin${s}`;
  return s;
}

const REDACTED_QUERY = new Set(['access_token', 'corpsecret', 'key']);

function redactQuery(q: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, REDACTED_QUERY.has(k) ? '***' : v]));
}

function recordedBody(req: SimRequest): unknown {
  if (req.upload) return { multipart: { ...req.upload } };
  if (req.invalidJson !== undefined) return req.invalidJson.slice(0, 4096);
  return req.body;
}

export interface SimStateOptions {
  corps?: SimCorp[] | undefined;
  config?: Partial<SimConfig> | undefined;
  clock?: (() => number) | undefined;
}

export class SimState {
  readonly clock: () => number;
  private config: SimConfig;
  private readonly initialConfig: SimConfig;
  private readonly seeds = new Map<string, SimCorpSeed>();
  private readonly corps = new Map<string, CorpState>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly tokenByCredential = new Map<string, string>();
  private readonly rateWindows = new Map<string, { minute: number; count: number }>();
  private readonly inFlight = new Map<string, number>();
  private faults: ActiveFault[] = [];
  private recorded: RecordedCall[] = [];
  /** Group robots (webhook/send): keys, rate windows, accepted messages. */
  readonly robots = new RobotWebhooks();

  constructor(opts: SimStateOptions = {}) {
    this.clock = opts.clock ?? Date.now;
    this.initialConfig = simConfigSchema.parse({ ...DEFAULT_CONFIG, ...opts.config });
    this.config = { ...this.initialConfig };
    for (const c of [DEMO_CORP, ...(opts.corps ?? [])]) {
      const seed = simCorpSchema.parse(c);
      this.seeds.set(seed.corpId, seed);
    }
    this.rebuildCorps();
  }

  // ---- control operations (also exposed under /__sim/) -------------------------------------------

  /** Back to the seeds: corp data, tokens, rate windows, faults, recorded calls and configuration. */
  reset(): void {
    this.config = { ...this.initialConfig };
    this.tokens.clear();
    this.tokenByCredential.clear();
    this.rateWindows.clear();
    this.faults = [];
    this.recorded = [];
    this.robots.reset();
    this.rebuildCorps();
  }

  getConfig(): SimConfig {
    return { ...this.config };
  }

  configure(partial: Partial<SimConfig>): SimConfig {
    this.config = simConfigSchema.parse({ ...this.config, ...partial });
    return this.getConfig();
  }

  /** The next `times` calls to `path` (of `corpId`, if given) answer `errcode`. */
  addFaults(faults: SimFault[], replace = false): void {
    if (replace) this.faults = [];
    for (const raw of faults) {
      const f = simFaultSchema.parse(raw);
      this.faults.push({ path: normalizeApiPath(f.path), errcode: f.errcode, errmsg: f.errmsg, remaining: f.times, corpId: f.corpId });
    }
  }

  pendingFaults(): Array<Required<Pick<ActiveFault, 'path' | 'errcode' | 'remaining'>> & { corpId?: string | undefined }> {
    return this.faults.map((f) => ({ path: f.path, errcode: f.errcode, remaining: f.remaining, corpId: f.corpId }));
  }

  /** Registers (or replaces) a corp; it survives reset() as a seed. */
  registerCorp(corp: SimCorp): void {
    const seed = simCorpSchema.parse(corp);
    this.seeds.set(seed.corpId, seed);
    this.corps.set(seed.corpId, new CorpState(seed, this.clock()));
  }

  corp(corpId: string): CorpState {
    const c = this.corps.get(corpId);
    if (!c) throw new Error(`unknown corp ${corpId}`);
    return c;
  }

  hasCorp(corpId: string): boolean {
    return this.corps.has(corpId);
  }

  /** Issues a welcome code as WeCom does with an add_external_contact event (valid once, welcomeCodeTtlSeconds). */
  issueWelcomeCode(input: z.input<typeof welcomeCodeRequestSchema>): string {
    const req = welcomeCodeRequestSchema.parse(input);
    const corp = this.corp(req.corpId);
    if (!corp.staff.has(req.userId)) throw new Error(`unknown staff ${req.userId} in ${req.corpId}`);
    const now = this.clock();
    if (req.ensureFollow && !corp.follow(req.externalUserId, req.userId)) {
      const existing = corp.customers.get(req.externalUserId);
      corp.addCustomers(
        [
          {
            externalUserId: req.externalUserId,
            name: existing?.name ?? `客户${req.externalUserId.slice(-4)}`,
            follows: [{ userId: req.userId, createTime: seconds(now), ...(req.state ? { state: req.state } : {}) }],
          },
        ],
        now,
      );
    }
    const code = randomId('', 43);
    corp.welcomeCodes.set(code, { code, userId: req.userId, externalUserId: req.externalUserId, issuedAt: now });
    return code;
  }

  /** A login code as if `identity` had scanned the QR code or authorized in the client (throws SimApiError 60111 for a non-member userid). */
  issueLoginCode(corpId: string, identity: LoginIdentity): string {
    return issueLoginCode(this.corp(corpId), identity, this.clock());
  }

  /** The QR login or OAuth authorize page (`path`), recorded like an API call (errcode 0 unless refused). */
  loginPage(path: string, method: string, params: URLSearchParams): LoginPageAnswer {
    const at = this.clock();
    const answer = answerLoginPage({ path, method, params, now: at, corp: (id) => this.corps.get(id) });
    this.record({ at, method, path, corpId: answer.corpId, query: Object.fromEntries(params), body: undefined, errcode: answer.errcode });
    return answer;
  }

  addCustomers(corpId: string, customers: SimCustomer[]): void {
    this.corp(corpId).addCustomers(customers, this.clock());
  }

  addGroupChats(corpId: string, chats: SimGroupChat[]): void {
    const corp = this.corp(corpId);
    for (const c of chats) corp.addGroupChat(c, this.clock());
  }

  /** Members join a group; the versions and ids feed externalChatUpdateXml (add_member). */
  addGroupMembers(corpId: string, chatId: string, members: NonNullable<SimGroupChat['members']>): GroupMemberChange {
    const corp = this.corp(corpId);
    if (!corp.liveGroupChat(chatId)) throw new SimApiError(40050, `unknown chat ${chatId}`);
    return corp.addGroupMembers(chatId, members, this.clock());
  }

  /** Members leave a group; the versions and ids feed externalChatUpdateXml (del_member). */
  removeGroupMembers(corpId: string, chatId: string, userIds: string[]): GroupMemberChange {
    const corp = this.corp(corpId);
    if (!corp.liveGroupChat(chatId)) throw new SimApiError(40050, `unknown chat ${chatId}`);
    return corp.removeGroupMembers(chatId, userIds);
  }

  /** The owner dismisses a group (then send externalChatDismissXml). False when unknown or gone. */
  dismissGroupChat(corpId: string, chatId: string): boolean {
    return this.corp(corpId).dismissGroupChat(chatId);
  }

  /** A customer scans a join way's QR code and joins its first group with room (maybe a new room). */
  scanJoinWay(corpId: string, configId: string, member: { userId: string; name?: string | undefined }, capacity?: number) {
    return scanJoinWay(this.corp(corpId), configId, member, this.clock(), capacity);
  }

  enqueueKfMessages(corpId: string, openKfId: string, messages: Array<Record<string, unknown>>): { token: string; msgids: string[] } {
    return enqueueKfMessages(this.corp(corpId), openKfId, messages, this.clock(), this.config);
  }

  /** What members do in the client: confirm a mass message (status 0 → 1). Returns rows changed. */
  /**
   * Sets what get_user_behavior_data reports for one member on the Shanghai day starting at `dayStart` (unix s);
   * null: WeCom has no data for that member and day (the day is left out of the answer).
   */
  setBehaviour(corpId: string, userId: string, dayStart: number, data: BehaviourDay | null): void {
    this.corp(corpId).behaviour.set(`${userId}|${dayStart}`, data);
  }

  markGroupMsgSent(corpId: string, msgid: string, userId?: string): number {
    return markGroupMsgSent(this.corp(corpId), msgid, userId, this.clock());
  }

  markMomentPublished(corpId: string, momentId: string, userId: string, o: { likes?: string[] | undefined; comments?: string[] | undefined } = {}): boolean {
    return markMomentPublished(this.corp(corpId), momentId, userId, this.clock(), o);
  }

  /** `expire`: calls with these tokens answer 42001; `revoke`: they answer 40014. gettoken issues new ones. */
  expireTokens(opts: { corpId?: string | undefined; mode?: 'expire' | 'revoke' | undefined } = {}): number {
    const now = this.clock();
    let n = 0;
    for (const [token, rec] of this.tokens) {
      if (opts.corpId && rec.corpId !== opts.corpId) continue;
      n++;
      this.tokenByCredential.delete(`${rec.corpId}\n${rec.secret}`);
      if (opts.mode === 'revoke') this.tokens.delete(token);
      else rec.expiresAt = Math.min(rec.expiresAt, now);
    }
    return n;
  }

  calls(filter: CallFilter = {}): RecordedCall[] {
    const path = filter.path ? normalizeApiPath(filter.path) : undefined;
    return this.recorded.filter(
      (c) => (!path || c.path === path) && (!filter.corpId || c.corpId === filter.corpId) && (filter.since === undefined || c.at >= filter.since),
    );
  }

  clearCalls(): void {
    this.recorded = [];
  }

  sent(corpId?: string): { welcomes: SentWelcome[]; appMessages: SentAppMessage[]; kfMessages: SentKfMessage[] } {
    const corps = [...this.corps.values()].filter((c) => !corpId || c.corpId === corpId);
    return {
      welcomes: corps.flatMap((c) => c.sentWelcomes),
      appMessages: corps.flatMap((c) => c.appMessages),
      kfMessages: corps.flatMap((c) => c.kfSent),
    };
  }

  // ---- the WeCom API ------------------------------------------------------------------------------

  async dispatch(req: SimRequest): Promise<SimReply> {
    const path = (req.path.replace(/\/+$/, '') || '/').replace(/\/{2,}/g, '/');
    const call: RecordedCall = {
      at: this.clock(),
      method: req.method,
      path,
      corpId: null,
      query: redactQuery(req.query),
      body: recordedBody(req),
      errcode: 0,
    };
    try {
      const reply = await this.answer(req, path, call);
      call.errcode = reply.errcode;
      return reply;
    } finally {
      this.record(call);
    }
  }

  private record(call: RecordedCall): void {
    this.recorded.push(call);
    const excess = this.recorded.length - this.config.maxRecordedCalls;
    if (excess > 0) this.recorded.splice(0, excess);
  }

  private async answer(req: SimRequest, path: string, call: RecordedCall): Promise<SimReply> {
    const now = call.at;
    if (path === GETTOKEN_PATH) return this.gettoken(req.query, now, call);
    if (path === ROBOT_WEBHOOK_PATH) return this.robotSend(req, now);
    const route = ROUTES[path];
    const accessToken = req.query.access_token;
    const tokenRec = accessToken ? this.tokens.get(accessToken) : undefined;
    call.corpId = tokenRec?.corpId ?? null;
    if (!route) return fail(UNKNOWN_API_ERRCODE, path);
    if (!accessToken) return fail(41001);
    if (!tokenRec) return fail(40014);
    if (tokenRec.expiresAt <= now) return fail(42001);
    const corp = this.corps.get(tokenRec.corpId);
    if (!corp) return fail(40014);
    if (!this.takeRate(corp.corpId, path, now)) return fail(45009);
    const fault = this.takeFault(path, corp.corpId);
    if (fault) return fail(fault.errcode, fault.errmsg);
    if (route.method === 'POST' && req.method !== 'POST') return fail(40063, 'this API must be called with POST');
    if (req.invalidJson !== undefined) return fail(40058, 'Warning: wrong json format.');
    const body = req.body;
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) return fail(40058, 'the body must be a JSON object');
    const max = this.config.maxConcurrentPerCorp;
    const running = this.inFlight.get(corp.corpId) ?? 0;
    if (max > 0 && running >= max) return fail(45033);
    this.inFlight.set(corp.corpId, running + 1);
    try {
      if (this.config.latencyMs > 0) await delay(this.config.latencyMs);
      const { access_token: _token, ...query } = req.query;
      const result = route.handle({
        corpId: corp.corpId,
        corp,
        query,
        body: (body ?? {}) as Body,
        upload: req.upload,
        now: this.clock(),
        config: this.config,
      });
      return { errcode: 0, errmsg: 'ok', ...result };
    } catch (e) {
      if (e instanceof SimApiError) return fail(e.errcode, e.detail);
      // A bug in the simulator: answer like WeCom's "system busy", keep the cause visible in the record.
      call.body = { request: call.body, simulatorError: e instanceof Error ? e.message : String(e) };
      return fail(-1);
    } finally {
      this.inFlight.set(corp.corpId, (this.inFlight.get(corp.corpId) ?? 1) - 1);
    }
  }

  private robotSend(req: SimRequest, now: number): SimReply {
    if (req.method !== 'POST') return fail(40063, 'this API must be called with POST');
    if (req.invalidJson !== undefined) return fail(40058, 'Warning: wrong json format.');
    try {
      this.robots.send(req.query, req.body ?? {}, now);
      return { errcode: 0, errmsg: 'ok' };
    } catch (e) {
      if (e instanceof SimApiError) return fail(e.errcode, e.detail);
      throw e;
    }
  }

  private gettoken(query: Record<string, string>, now: number, call: RecordedCall): SimReply {
    const corpId = query.corpid;
    const secret = query.corpsecret;
    if (!corpId) return fail(41002);
    if (!secret) return fail(41004);
    const corp = this.corps.get(corpId);
    if (!corp) return fail(40013);
    call.corpId = corpId;
    if (!this.takeRate(corpId, GETTOKEN_PATH, now)) return fail(45009);
    const fault = this.takeFault(GETTOKEN_PATH, corpId);
    if (fault) return fail(fault.errcode, fault.errmsg);
    if (secret !== corp.secret) return fail(40001);
    const credential = `${corpId}\n${secret}`;
    const current = this.tokens.get(this.tokenByCredential.get(credential) ?? '');
    // Within its validity, gettoken answers the same token (with the time it has left).
    if (current && current.expiresAt > now) {
      return { errcode: 0, errmsg: 'ok', access_token: current.token, expires_in: Math.ceil((current.expiresAt - now) / 1000) };
    }
    const token = randomBytes(96).toString('base64url');
    const ttl = this.config.tokenTtlSeconds;
    this.tokens.set(token, { token, corpId, secret, expiresAt: now + ttl * 1000 });
    this.tokenByCredential.set(credential, token);
    return { errcode: 0, errmsg: 'ok', access_token: token, expires_in: Math.ceil(ttl) };
  }

  private takeRate(corpId: string, path: string, now: number): boolean {
    const minute = Math.floor(now / 60_000);
    const key = `${corpId} ${path}`;
    const w = this.rateWindows.get(key);
    if (!w || w.minute !== minute) {
      this.rateWindows.set(key, { minute, count: 1 });
      return 1 <= this.config.ratePerMinute;
    }
    w.count++;
    return w.count <= this.config.ratePerMinute;
  }

  private takeFault(path: string, corpId: string): ActiveFault | undefined {
    const i = this.faults.findIndex((f) => f.path === path && (!f.corpId || f.corpId === corpId) && f.remaining > 0);
    if (i < 0) return undefined;
    const f = this.faults[i] as ActiveFault;
    f.remaining--;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  private rebuildCorps(): void {
    this.corps.clear();
    const now = this.clock();
    for (const seed of this.seeds.values()) this.corps.set(seed.corpId, new CorpState(seed, now));
  }
}

function fail(errcode: number, detail?: string): SimReply {
  return { errcode, errmsg: errmsgOf(errcode, detail) };
}
