// Group robots (群机器人): POST /cgi-bin/webhook/send?key=… as WeCom answers it. A robot is its key (no
// access_token); keys exist once registered (`POST /__sim/robots`). Per key at most 20 messages a minute
// (WeCom's documented limit; then 45009). Text (content ≤ 2048 bytes) and markdown (content ≤ 4096 bytes)
// are implemented; other msgtypes 40008, a missing/empty/too long content 40058/44004/45002, an unknown
// key 93000. Accepted messages are kept for tests (`GET /__sim/robot-messages`).
import { SimApiError } from '../sim-error';

export const ROBOT_WEBHOOK_PATH = '/cgi-bin/webhook/send';
export const ROBOT_MESSAGES_PER_MINUTE = 20;
const MAX_BYTES: Record<string, number> = { text: 2048, markdown: 4096 };

export interface RobotMessage {
  key: string;
  at: number;
  msgtype: 'text' | 'markdown';
  content: string;
}

export class RobotWebhooks {
  private readonly keys = new Set<string>();
  private readonly windows = new Map<string, { minute: number; count: number }>();
  private messages: RobotMessage[] = [];

  register(key: string): void {
    this.keys.add(key);
  }

  /** Messages accepted, oldest first (all robots, or one key). */
  sent(key?: string): RobotMessage[] {
    return this.messages.filter((m) => !key || m.key === key);
  }

  reset(): void {
    this.keys.clear();
    this.windows.clear();
    this.messages = [];
  }

  /** One send; throws SimApiError with WeCom's errcode when refused. */
  send(query: Record<string, string>, body: unknown, now: number): void {
    const key = query.key ?? '';
    if (!this.keys.has(key)) throw new SimApiError(93000, 'invalid webhook url, please check');
    const minute = Math.floor(now / 60_000);
    const w = this.windows.get(key);
    if (!w || w.minute !== minute) this.windows.set(key, { minute, count: 1 });
    else if (++w.count > ROBOT_MESSAGES_PER_MINUTE) throw new SimApiError(45009, 'a robot sends at most 20 messages per minute');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new SimApiError(40058, 'the body must be a JSON object');
    const b = body as Record<string, unknown>;
    const msgtype = b.msgtype;
    if (msgtype !== 'text' && msgtype !== 'markdown') throw new SimApiError(40008, `msgtype ${String(msgtype)}`);
    const part = b[msgtype];
    const content = typeof part === 'object' && part !== null ? (part as Record<string, unknown>).content : undefined;
    if (typeof content !== 'string') throw new SimApiError(40058, `${msgtype}.content missing`);
    if (content.length === 0) throw new SimApiError(44004);
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > MAX_BYTES[msgtype]!) throw new SimApiError(45002, `${msgtype}.content is ${bytes} bytes, at most ${MAX_BYTES[msgtype]}`);
    this.messages.push({ key, at: now, msgtype, content });
  }
}
