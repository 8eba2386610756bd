// WeCom answers every call with HTTP 200 and `{errcode, errmsg}`. A SimApiError thrown by a handler
// becomes exactly that. Error texts follow WeCom's style (text, hint, link to the error-code tool).
import { randomBytes } from 'node:crypto';

/**
 * Answer to a path the simulator does not implement. WeCom has no documented code for an unknown API
 * path (none could be confirmed); the simulator answers errcode 404 with HTTP 200 so that a call to an
 * endpoint we forgot to implement fails loudly and is never mistaken for a retryable error.
 */
export const UNKNOWN_API_ERRCODE = 404;

const TEXTS: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid userid',
  40005: 'invalid media type',
  40007: 'invalid media_id',
  40008: 'invalid message type',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40050: 'chatid not found',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  40063: 'some parameters are empty',
  40068: 'invalid tagid',
  40071: 'UserTag Name Already Exist',
  40096: 'invalid external userid',
  40126: 'corp tag count exceeds the limit',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  41011: 'missing agentid',
  41037: 'missing contact way type',
  41038: 'missing contact way scene',
  41039: 'invalid contact way type',
  41040: 'invalid contact way scene',
  41043: 'missing contact way config_id',
  41044: 'invalid contact way config_id',
  41047: 'invalid msgid',
  41049: 'missing welcome code',
  41050: 'invalid welcome code',
  41051: 'externaluser has started chatting',
  41055: 'group welcome template count exceeds the limit',
  41072: 'invalid media_type or attachment_type',
  41096: 'welcome msg is being distributed',
  42001: 'access_token expired',
  44001: 'empty media data',
  44004: 'empty content',
  45002: 'content size out of limit',
  45009: 'api freq out of limit',
  45033: 'api concurrent out of limit',
  48002: 'api forbidden',
  60003: 'department not found',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
  82001: 'All touser & toparty & totag invalid',
  84061: 'not external contact',
  95000: 'invalid open_kfid',
  95001: 'send msg count limit',
  95002: 'send msg time limit',
  95007: 'invalid msg token',
  93000: 'invalid webhook url',
  [UNKNOWN_API_ERRCODE]: 'api not found (simulator: this path is not implemented)',
};

/** `text, hint: [...], from ip: ..., more info at https://open.work.weixin.qq.com/devtool/query?e=<code>` */
export function errmsgOf(errcode: number, detail?: string): string {
  if (errcode === 0) return 'ok';
  const text = detail ? `${TEXTS[errcode] ?? 'error'}: ${detail}` : (TEXTS[errcode] ?? 'error');
  const hint = `${Math.floor(Date.now() / 1000)}-${randomBytes(8).toString('hex')}`;
  return `${text}, hint: [${hint}], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

export class SimApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(`${errcode} ${detail ?? TEXTS[errcode] ?? ''}`);
    this.name = 'SimApiError';
  }
}

/** Throws `errcode` (default 40058, invalid parameter) unless `ok`. */
export function check(ok: unknown, errcode = 40058, detail?: string): asserts ok {
  if (!ok) throw new SimApiError(errcode, detail);
}
