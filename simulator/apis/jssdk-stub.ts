// The page side of WeCom's JS-SDK, simulated (docs/wecom.md#js-sdk, DOC 94313 / 90547 / 91789): a script
// (GET /__sim/jssdk.js) that offers the legacy global `wx` the sidebar uses — `config`, `ready`, `error`,
// `agentConfig`, `invoke('getContext' | 'getCurExternalContact' | 'getCurExternalChat' | 'sendChatMessage')` —
// in place of jweixin/jwxwork. The script asks the simulator (POST /__sim/jssdk/register and /__sim/jssdk/invoke)
// so that signatures are checked against the tickets the simulator issued, the answers follow the chat the
// test put the member in (POST /__sim/jssdk-context), and every call is recorded (GET /__sim/jssdk-calls).
import * as z from 'zod';
import type { CorpState } from '../corp-state';
import { createHash } from 'node:crypto';
import { currentTicket } from './jsapi-tickets';

export const ENTRIES = ['single_chat_tools', 'group_chat_tools', 'contact_profile', 'normal'] as const;

export const jssdkContextSchema = z.object({
  corpId: z.string().min(1),
  entry: z.enum(ENTRIES),
  externalUserId: z.string().min(1).optional(),
  chatId: z.string().min(1).optional(),
});
export type JssdkContext = Omit<z.output<typeof jssdkContextSchema>, 'corpId'>;

export const jssdkRegisterSchema = z.object({
  kind: z.enum(['corp', 'agent']),
  corpId: z.string().min(1),
  agentId: z.string().optional(),
  url: z.string().min(1),
  timestamp: z.union([z.number(), z.string()]),
  nonceStr: z.string(),
  signature: z.string(),
});

export const jssdkInvokeSchema = z.object({
  corpId: z.string().min(1),
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  /** Whether the page's agentConfig succeeded (the script keeps it, like the client does). */
  agent: z.boolean().default(false),
});

export interface JssdkCall {
  at: number;
  name: string;
  args: Record<string, unknown>;
  errMsg: string;
}

interface StubState {
  context: JssdkContext;
  calls: JssdkCall[];
}

const states = new WeakMap<CorpState, StubState>();
function stateOf(corp: CorpState): StubState {
  let s = states.get(corp);
  if (!s) states.set(corp, (s = { context: { entry: 'normal' }, calls: [] }));
  return s;
}

export function setJssdkContext(corp: CorpState, context: JssdkContext): void {
  stateOf(corp).context = context;
}

export function jssdkCalls(corp: CorpState): JssdkCall[] {
  return stateOf(corp).calls;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** wx.config / wx.agentConfig: the signature must be over the ticket the simulator holds now (40093 otherwise). */
export function jssdkRegister(corp: CorpState, req: z.output<typeof jssdkRegisterSchema>, now: number): { errMsg: string } {
  const name = req.kind === 'corp' ? 'config' : 'agentConfig';
  const ticket = currentTicket(corp, req.kind, now);
  const url = req.url.split('#')[0] ?? '';
  let errMsg = `${name}:ok`;
  if (req.kind === 'agent' && req.agentId !== String(corp.agentId)) errMsg = `${name}:fail invalid agentid`;
  else if (!ticket || sha1(`jsapi_ticket=${ticket}&noncestr=${req.nonceStr}&timestamp=${req.timestamp}&url=${url}`) !== req.signature) {
    errMsg = `${name}:fail invalid signature`;
  }
  stateOf(corp).calls.push({ at: now, name, args: { url, timestamp: req.timestamp, nonceStr: req.nonceStr }, errMsg });
  return { errMsg };
}

const SEND_TYPES = new Set(['text', 'image', 'video', 'file', 'news', 'miniprogram']);

/** wx.invoke(name, args): the answer WeCom's client gives in the current context (DOC 91789, 96918, 98531, 98539). */
export function jssdkInvoke(corp: CorpState, req: z.output<typeof jssdkInvokeSchema>, now: number): Record<string, unknown> {
  const s = stateOf(corp);
  const { entry } = s.context;
  const answer = ((): Record<string, unknown> => {
    const fail = (why: string) => ({ err_msg: `${req.name}:fail ${why}` });
    switch (req.name) {
      case 'getContext':
        return { err_msg: 'getContext:ok', entry };
      case 'getCurExternalContact':
        if (!req.agent) return fail('no permission');
        if ((entry !== 'single_chat_tools' && entry !== 'contact_profile') || !s.context.externalUserId) return fail('without context of external contact');
        return { err_msg: 'getCurExternalContact:ok', userId: s.context.externalUserId };
      case 'getCurExternalChat':
        if (!req.agent) return fail('no permission');
        if (entry !== 'group_chat_tools' || !s.context.chatId) return fail('without context of external contact');
        return { err_msg: 'getCurExternalChat:ok', chatId: s.context.chatId };
      case 'sendChatMessage': {
        if (!req.agent) return fail('no permission');
        if (entry !== 'single_chat_tools' && entry !== 'group_chat_tools') return fail('without context of external contact');
        const type = String(req.args.msgtype ?? '');
        if (!SEND_TYPES.has(type) || typeof req.args[type === 'news' ? 'news' : type] !== 'object') return fail('invalid msgtype');
        return { err_msg: 'sendChatMessage:ok' };
      }
      default:
        return fail('not supported by the simulator');
    }
  })();
  s.calls.push({ at: now, name: req.name, args: req.args, errMsg: String(answer.err_msg) });
  return answer;
}

/** The script a page loads instead of WeCom's (plain ES5-style JS; it talks to the simulator it came from). */
export const JSSDK_STUB_SCRIPT = `/* WeCom JS-SDK stub (Siyu's simulator, local testing only) */
(function () {
  var script = document.currentScript;
  var base = new URL(script ? script.src : location.href).origin;
  var corpId = null, agent = false, configured = null, readyFns = [], errorFns = [];
  function post(path, body) {
    return fetch(base + path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }).then(function (r) { return r.json(); });
  }
  var pageUrl = function () { return location.href.split('#')[0]; };
  function settle() {
    if (!configured) return;
    var fns = configured.ok ? readyFns : errorFns; readyFns = []; errorFns = [];
    fns.forEach(function (f) { f(configured.ok ? undefined : { errMsg: configured.errMsg }); });
  }
  window.wx = {
    __simulated: true,
    config: function (o) {
      corpId = o.appId;
      post('/__sim/jssdk/register', { kind: 'corp', corpId: o.appId, url: pageUrl(), timestamp: o.timestamp, nonceStr: o.nonceStr, signature: o.signature })
        .then(function (r) { configured = { ok: r.errMsg === 'config:ok', errMsg: r.errMsg }; settle(); });
    },
    ready: function (f) { readyFns.push(f); settle(); },
    error: function (f) { errorFns.push(f); settle(); },
    agentConfig: function (o) {
      corpId = o.corpid;
      post('/__sim/jssdk/register', { kind: 'agent', corpId: o.corpid, agentId: String(o.agentid), url: pageUrl(), timestamp: o.timestamp, nonceStr: o.nonceStr, signature: o.signature })
        .then(function (r) {
          agent = r.errMsg === 'agentConfig:ok';
          if (agent) { if (o.success) o.success({ errMsg: r.errMsg }); } else if (o.fail) o.fail({ errMsg: r.errMsg });
        });
    },
    invoke: function (name, args, cb) {
      post('/__sim/jssdk/invoke', { corpId: corpId, name: name, args: args || {}, agent: agent })
        .then(function (r) { if (cb) cb(r); }, function (e) { if (cb) cb({ err_msg: name + ':fail ' + e }); });
    },
  };
})();
`;
