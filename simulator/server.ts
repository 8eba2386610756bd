// The WeCom simulator over HTTP (node:http): WeCom's API under /cgi-bin/ (always HTTP 200 with an
// errcode, as WeCom answers), the staff login pages (QR login and OAuth authorize: HTML, then 302 with a
// code) and a control API under /__sim/ for tests and scripts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import {
  customersRequestSchema,
  expireTokensRequestSchema,
  faultsRequestSchema,
  kfMessagesRequestSchema,
  loginCodeRequestSchema,
  simConfigSchema,
  simCorpSchema,
  simGroupChatSchema,
  simGroupMemberSchema,
  welcomeCodeRequestSchema,
  type SimConfig,
  type SimCorp,
} from './model';
import { acquisitionOf, addThroughLink } from './apis/acquisition';
import { appendArchive, chatData } from './apis/archive';
import { ACQUISITION_CHANGE_TYPES, addExternalContactXml, customerAcquisitionXml } from './callbacks';
import { forceTransferOutcome, resignStaff, settleTransfers, transferBookOf } from './apis/transfers';
import { LOGIN_PAGE_PATHS } from './apis/login';
import {
  JSSDK_STUB_SCRIPT,
  jssdkCalls,
  jssdkContextSchema,
  jssdkInvoke,
  jssdkInvokeSchema,
  jssdkRegister,
  jssdkRegisterSchema,
  setJssdkContext,
} from './apis/jssdk-stub';
import { SimApiError } from './sim-error';
import { parseMultipart } from './multipart';
import { SimState, type SimRequest } from './state';

export type { SimConfig, SimCorp } from './model';
export { SimState } from './state';

export interface StartSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Corps seeded besides the demo tenant (same corpId: replaces it). */
  corps?: SimCorp[];
  config?: Partial<SimConfig>;
  /** Epoch milliseconds; inject to move time in tests without sleeping. */
  clock?: () => number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  state: SimState;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 25 * 1024 * 1024;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY_BYTES) throw new ControlError(413, 'body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ControlError(400, 'body is not valid JSON');
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ControlError(400, 'invalid request', r.error.issues);
  return r.data;
}

function corpOrThrow(state: SimState, corpId: string): void {
  if (!state.hasCorp(corpId)) throw new ControlError(404, `unknown corp ${corpId}`);
}

async function control(state: SimState, method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<[number, unknown]> {
  const route = `${method} ${path}`;
  const body = () => parseJson(raw);
  switch (route) {
    case 'GET /__sim/health':
      return [200, { ok: true }];
    case 'GET /__sim/calls':
      return [
        200,
        {
          calls: state.calls({
            path: query.get('path') ?? undefined,
            corpId: query.get('corpId') ?? undefined,
            since: query.has('since') ? Number(query.get('since')) : undefined,
          }),
        },
      ];
    case 'DELETE /__sim/calls':
      state.clearCalls();
      return [200, { ok: true }];
    case 'POST /__sim/reset':
      state.reset();
      return [200, { ok: true }];
    case 'GET /__sim/config':
      return [200, { config: state.getConfig() }];
    case 'POST /__sim/config':
      return [200, { config: state.configure(validate(simConfigSchema.partial(), body())) }];
    case 'GET /__sim/faults':
      return [200, { faults: state.pendingFaults() }];
    case 'POST /__sim/faults': {
      const f = validate(faultsRequestSchema, body());
      if ('faults' in f) state.addFaults(f.faults, f.replace);
      else state.addFaults([f]);
      return [200, { faults: state.pendingFaults() }];
    }
    case 'POST /__sim/corps': {
      const corp = validate(simCorpSchema, body());
      state.registerCorp(corp);
      return [200, { corpId: corp.corpId }];
    }
    case 'POST /__sim/welcome-codes': {
      const r = validate(welcomeCodeRequestSchema, body());
      corpOrThrow(state, r.corpId);
      if (!state.corp(r.corpId).staff.has(r.userId)) throw new ControlError(404, `unknown staff ${r.userId}`);
      return [200, { welcomeCode: state.issueWelcomeCode(r) }];
    }
    case 'POST /__sim/login-code': {
      const r = validate(loginCodeRequestSchema, body());
      corpOrThrow(state, r.corpId);
      try {
        return [200, { code: state.issueLoginCode(r.corpId, r.userid !== undefined ? { userid: r.userid } : { openid: r.openid ?? '' }) }];
      } catch (e) {
        if (e instanceof SimApiError) throw new ControlError(404, e.detail ?? e.message);
        throw e;
      }
    }
    case 'POST /__sim/customers': {
      const r = validate(customersRequestSchema, body());
      corpOrThrow(state, r.corpId);
      state.addCustomers(r.corpId, r.customers);
      return [200, { count: r.customers.length }];
    }
    case 'POST /__sim/group-chats': {
      const r = validate(z.object({ corpId: z.string(), groupChats: z.array(simGroupChatSchema).min(1) }), body());
      corpOrThrow(state, r.corpId);
      state.addGroupChats(r.corpId, r.groupChats);
      return [200, { count: r.groupChats.length }];
    }
    case 'POST /__sim/group-chats/members': {
      const r = validate(
        z.object({ corpId: z.string(), chatId: z.string(), add: z.array(simGroupMemberSchema).default([]), remove: z.array(z.string()).default([]) }),
        body(),
      );
      corpOrThrow(state, r.corpId);
      if (!state.corp(r.corpId).liveGroupChat(r.chatId)) throw new ControlError(404, `unknown or dismissed chat ${r.chatId}`);
      const added = r.add.length > 0 ? state.addGroupMembers(r.corpId, r.chatId, r.add) : undefined;
      const removed = r.remove.length > 0 ? state.removeGroupMembers(r.corpId, r.chatId, r.remove) : undefined;
      return [200, { ...(added ? { added } : {}), ...(removed ? { removed } : {}) }];
    }
    case 'POST /__sim/group-chats/dismiss': {
      const r = validate(z.object({ corpId: z.string(), chatId: z.string() }), body());
      corpOrThrow(state, r.corpId);
      if (!state.dismissGroupChat(r.corpId, r.chatId)) throw new ControlError(404, `unknown or dismissed chat ${r.chatId}`);
      return [200, { dismissed: r.chatId }];
    }
    case 'POST /__sim/join-way-scans': {
      const r = validate(z.object({ corpId: z.string(), configId: z.string(), userId: z.string().min(1), name: z.string().optional() }), body());
      corpOrThrow(state, r.corpId);
      try {
        return [200, state.scanJoinWay(r.corpId, r.configId, { userId: r.userId, name: r.name })];
      } catch (e) {
        if (e instanceof SimApiError) throw new ControlError(409, e.message);
        throw e;
      }
    }
    // 获客助手 (apis/acquisition.ts): a WeChat user adds a member through a link; the callback XML WeCom would send.
    case 'POST /__sim/acquisition-adds': {
      const r = validate(
        z.object({
          corpId: z.string(),
          linkId: z.string(),
          externalUserId: z.string().min(1).optional(),
          name: z.string().default('获客客户'),
          customerChannel: z.string().optional(),
          userId: z.string().optional(),
        }),
        body(),
      );
      corpOrThrow(state, r.corpId);
      const now = state.clock();
      try {
        const add = addThroughLink(state.corp(r.corpId), now, { ...r, externalUserId: r.externalUserId ?? state.corp(r.corpId).newId('wm', 32) });
        const xml = addExternalContactXml({
          corpId: r.corpId,
          createTime: Math.floor(now / 1000),
          userId: add.userId,
          externalUserId: add.externalUserId,
          state: add.state,
        });
        return [200, { ...add, callback: xml }];
      } catch (e) {
        if (e instanceof SimApiError) throw new ControlError(409, e.message);
        throw e;
      }
    }
    // A customer_acquisition callback (§3.5) as WeCom sends it; balance_exhausted empties the quota, delete_link removes the link.
    case 'POST /__sim/acquisition-events': {
      const r = validate(
        z.object({
          corpId: z.string(),
          changeType: z.enum(ACQUISITION_CHANGE_TYPES),
          linkId: z.string().optional(),
          expireTime: z.number().int().optional(),
          expireQuotaNum: z.number().int().optional(),
        }),
        body(),
      );
      corpOrThrow(state, r.corpId);
      const now = state.clock();
      const acq = acquisitionOf(state.corp(r.corpId), now);
      if (r.changeType === 'balance_exhausted') for (const q of acq.quota) q.balance = 0;
      if (r.changeType === 'delete_link' && r.linkId) acq.links.delete(r.linkId);
      return [200, { callback: customerAcquisitionXml({ ...r, createTime: Math.floor(now / 1000) }) }];
    }
    case 'POST /__sim/kf-messages': {
      const r = validate(kfMessagesRequestSchema, body());
      corpOrThrow(state, r.corpId);
      return [200, state.enqueueKfMessages(r.corpId, r.openKfId, r.messages)];
    }
    case 'POST /__sim/groupmsg-sent': {
      const r = validate(z.object({ corpId: z.string(), msgid: z.string(), userId: z.string().optional() }), body());
      corpOrThrow(state, r.corpId);
      return [200, { updated: state.markGroupMsgSent(r.corpId, r.msgid, r.userId) }];
    }
    // Inheritance (apis/transfers.ts): a member resigns; waiting transfers end refused (3) or over the limit (4);
    // the callbacks WeCom would send for settled transfers.
    case 'POST /__sim/staff-resign': {
      const r = validate(z.object({ corpId: z.string(), userId: z.string().min(1) }), body());
      corpOrThrow(state, r.corpId);
      if (!resignStaff(state.corp(r.corpId), r.userId, state.clock())) throw new ControlError(404, `unknown staff ${r.userId}`);
      return [200, { resigned: r.userId }];
    }
    case 'POST /__sim/transfer-outcome': {
      const r = validate(
        z.object({ corpId: z.string(), externalUserIds: z.array(z.string().min(1)).min(1), status: z.union([z.literal(3), z.literal(4)]).default(3) }),
        body(),
      );
      corpOrThrow(state, r.corpId);
      return [200, { updated: forceTransferOutcome(state.corp(r.corpId), r.externalUserIds, r.status) }];
    }
    case 'GET /__sim/transfer-events': {
      const corpId = query.get('corpId') ?? '';
      corpOrThrow(state, corpId);
      settleTransfers(state.corp(corpId), state.clock());
      return [200, { events: transferBookOf(state.corp(corpId)).events }];
    }
    case 'POST /__sim/moment-published': {
      const ids = z.array(z.string()).max(1000).optional();
      const r = validate(z.object({ corpId: z.string(), momentId: z.string(), userId: z.string(), likes: ids, comments: ids }), body());
      corpOrThrow(state, r.corpId);
      return [200, { updated: state.markMomentPublished(r.corpId, r.momentId, r.userId, r) }];
    }
    case 'POST /__sim/expire-tokens': {
      const r = validate(expireTokensRequestSchema, body());
      return [200, { expired: state.expireTokens(r) }];
    }
    case 'POST /__sim/archive-messages': {
      const r = validate(z.object({ corpId: z.string(), messages: z.array(z.record(z.string(), z.unknown())).min(1).max(1000) }), body());
      corpOrThrow(state, r.corpId);
      return [200, { entries: appendArchive(state.corp(r.corpId), r.messages, Date.now()) }];
    }
    case 'GET /__sim/archive/chatdata': {
      const corpId = query.get('corpId') ?? '';
      corpOrThrow(state, corpId);
      return [200, { chatdata: chatData(state.corp(corpId), Number(query.get('seq') ?? 0), Number(query.get('limit') ?? 1000)) }];
    }
    // The JS-SDK stub (apis/jssdk-stub.ts): the page's context, what the page's script asks, what it did.
    case 'POST /__sim/jssdk-context': {
      const { corpId, ...context } = validate(jssdkContextSchema, body());
      corpOrThrow(state, corpId);
      setJssdkContext(state.corp(corpId), context);
      return [200, { ok: true }];
    }
    case 'GET /__sim/jssdk-calls': {
      const corpId = query.get('corpId') ?? '';
      corpOrThrow(state, corpId);
      return [200, { calls: jssdkCalls(state.corp(corpId)) }];
    }
    case 'POST /__sim/jssdk/register': {
      const r = validate(jssdkRegisterSchema, body());
      corpOrThrow(state, r.corpId);
      return [200, jssdkRegister(state.corp(r.corpId), r, state.clock())];
    }
    case 'POST /__sim/jssdk/invoke': {
      const r = validate(jssdkInvokeSchema, body());
      corpOrThrow(state, r.corpId);
      return [200, jssdkInvoke(state.corp(r.corpId), r, state.clock())];
    }
    case 'POST /__sim/robots': {
      const r = validate(z.object({ key: z.string().min(1) }), body());
      state.robots.register(r.key);
      return [200, { key: r.key, url: `/cgi-bin/webhook/send?key=${encodeURIComponent(r.key)}` }];
    }
    case 'GET /__sim/robot-messages':
      return [200, { messages: state.robots.sent(query.get('key') ?? undefined) }];
    case 'GET /__sim/sent':
      return [200, state.sent(query.get('corpId') ?? undefined)];
    default:
      throw new ControlError(404, `no control route ${route}`);
  }
}

async function handle(state: SimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const method = req.method ?? 'GET';
  try {
    const raw = await readBody(req);
    if (url.pathname === '/__sim/jssdk.js' && method === 'GET') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        'content-length': Buffer.byteLength(JSSDK_STUB_SCRIPT),
      });
      res.end(JSSDK_STUB_SCRIPT);
      return;
    }
    // The stub's script runs on the page's origin: its calls are simple cross-origin requests (text/plain).
    if (url.pathname.startsWith('/__sim/jssdk/')) res.setHeader('access-control-allow-origin', '*');
    if (url.pathname.startsWith('/__sim/')) {
      const [status, body] = await control(state, method, url.pathname, url.searchParams, raw);
      send(res, status, body);
      return;
    }
    const pagePath = url.pathname.replace(/\/+$/, '');
    if (LOGIN_PAGE_PATHS.includes(pagePath)) {
      const page = state.loginPage(pagePath, method, url.searchParams);
      if (page.location) res.writeHead(302, { location: page.location, 'cache-control': 'no-store', 'content-length': 0 }).end();
      else {
        const html = page.html ?? '';
        res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(html) });
        res.end(html);
      }
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    const simReq: SimRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
    if (/^multipart\/form-data/i.test(contentType)) {
      simReq.upload = parseMultipart(contentType, raw);
    } else if (raw.length > 0) {
      try {
        simReq.body = JSON.parse(raw.toString('utf8'));
      } catch {
        simReq.invalidJson = raw.toString('utf8');
      }
    }
    // WeCom answers HTTP 200 whatever the errcode.
    send(res, 200, await state.dispatch(simReq));
  } catch (e) {
    if (e instanceof ControlError) send(res, e.status, { error: e.message, ...(e.details ? { details: e.details } : {}) });
    else send(res, 500, { error: e instanceof Error ? e.message : String(e) });
  }
}

export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const state = new SimState({ corps: opts.corps, config: opts.config, clock: opts.clock });
  const server = createServer((req, res) => {
    void handle(state, req, res);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    state,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
