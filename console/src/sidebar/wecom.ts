// WeCom's JS-SDK in the sidebar (wecom-frontier.md §1): loads the scripts the server names (WeCom's jweixin +
// jwxwork, or the simulator's stub), registers with both signatures — wx.config (corp identity) then
// wx.agentConfig (app identity, which getCurExternalContact / getCurExternalChat / sendChatMessage need) —
// and wraps wx.invoke in promises. The URL signed is the page's, cut at '#'.
import type { JssdkAnswer } from './http';

interface InvokeResult {
  err_msg?: string;
  errMsg?: string;
  [key: string]: unknown;
}
interface Wx {
  config(o: Record<string, unknown>): void;
  ready(f: () => void): void;
  error(f: (e: { errMsg?: string }) => void): void;
  agentConfig(o: Record<string, unknown>): void;
  invoke(name: string, args: Record<string, unknown>, cb: (r: InvokeResult) => void): void;
}
declare global {
  interface Window {
    wx?: Wx;
  }
}

export class WecomError extends Error {}

const JS_API_LIST = ['getContext', 'getCurExternalContact', 'getCurExternalChat', 'sendChatMessage'];

/** The URL WeCom signs: this page's, without '#' and what follows. */
export const pageUrl = () => location.href.split('#')[0] ?? location.href;

function loadScript(src: string): Promise<void> {
  return new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => ok();
    s.onerror = () => fail(new WecomError(`load ${src}`));
    document.head.appendChild(s);
  });
}

export async function loadJssdk(urls: string[]): Promise<Wx> {
  for (const u of urls) await loadScript(u);
  if (!window.wx) throw new WecomError('wx missing after loading the JS-SDK');
  return window.wx;
}

/** wx.config, then wx.agentConfig once it is ready (older clients need config first, DOC 94313). */
export function register(wx: Wx, s: JssdkAnswer): Promise<void> {
  return new Promise((ok, fail) => {
    wx.config({ beta: true, debug: false, appId: s.corpId, ...s.config, jsApiList: JS_API_LIST });
    wx.error((e) => fail(new WecomError(e.errMsg ?? 'config failed')));
    wx.ready(() =>
      wx.agentConfig({
        corpid: s.corpId,
        agentid: s.agentId,
        ...s.agentConfig,
        jsApiList: JS_API_LIST,
        success: () => ok(),
        fail: (e: { errMsg?: string }) => fail(new WecomError(e.errMsg ?? 'agentConfig failed')),
      }),
    );
  });
}

/** wx.invoke as a promise: resolves with the answer when err_msg ends with ':ok'. */
export function invoke(wx: Wx, name: string, args: Record<string, unknown> = {}): Promise<InvokeResult> {
  return new Promise((ok, fail) =>
    wx.invoke(name, args, (r) => {
      const m = String(r.err_msg ?? r.errMsg ?? '');
      if (m === `${name}:ok`) ok(r);
      else fail(new WecomError(m || `${name}: no answer`));
    }),
  );
}

const str = (o: unknown, k: string): string => {
  const v = o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : '';
};

/**
 * The sendChatMessage arguments (DOC 98539) for a quick reply: its text, or its first attachment (WeCom's message
 * objects as the welcome messages hold them: image/video/file.media_id, link.{title,url,desc,picurl}, miniprogram.{appid,title,page}).
 */
export function chatMessageOf(reply: { text: string; attachments: Array<Record<string, unknown>> }): Record<string, unknown> {
  const a = reply.attachments[0];
  const type = str(a, 'msgtype');
  if (a && type === 'image' && str(a.image, 'media_id')) return { msgtype: 'image', enterChat: false, image: { mediaid: str(a.image, 'media_id') } };
  if (a && type === 'video' && str(a.video, 'media_id')) return { msgtype: 'video', enterChat: false, video: { mediaid: str(a.video, 'media_id') } };
  if (a && type === 'file' && str(a.file, 'media_id')) return { msgtype: 'file', enterChat: false, file: { mediaid: str(a.file, 'media_id') } };
  if (a && type === 'link' && str(a.link, 'url')) {
    const l = a.link;
    return {
      msgtype: 'news',
      enterChat: false,
      news: { link: str(l, 'url'), title: str(l, 'title'), desc: str(l, 'desc') || reply.text, imgUrl: str(l, 'picurl') },
    };
  }
  if (a && type === 'miniprogram' && str(a.miniprogram, 'appid')) {
    const m = a.miniprogram;
    return {
      msgtype: 'miniprogram',
      enterChat: false,
      miniprogram: { appid: str(m, 'appid'), title: str(m, 'title'), imgUrl: str(m, 'picurl'), page: str(m, 'page') },
    };
  }
  return { msgtype: 'text', enterChat: false, text: { content: reply.text } };
}

export type { Wx };
