// JS-SDK signatures (docs/wecom.md#js-sdk): SHA-1 (hex) of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, raw
// values in that fixed order, the page URL cut at `#`. The same algorithm signs wx.config (corp ticket) and
// wx.agentConfig (app ticket); only the ticket differs. Pure: no I/O.
import { createHash, randomBytes } from 'node:crypto';

export interface JssdkSignature {
  /** Epoch seconds. */
  timestamp: number;
  nonceStr: string;
  signature: string;
}

/** The page URL as WeCom signs it: everything before the first `#`. */
export const signableUrl = (url: string): string => url.split('#', 1)[0] ?? '';

export function jssdkSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${signableUrl(url)}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

/** A fresh nonce: 16 characters of [A-Za-z0-9] (WeCom's example has that shape). */
export function newNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function signJssdk(ticket: string, url: string, timestamp: number, nonceStr: string = newNonce()): JssdkSignature {
  return { timestamp, nonceStr, signature: jssdkSignature(ticket, nonceStr, timestamp, url) };
}
