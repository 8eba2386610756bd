// The archive puller's real ChatDataSource: one tenant's Finance SDK. A batch is GetChatData (seq > given, at most
// `limit` ≤ 1000), then per record the RSA step (encrypt_random_key with the tenant's private key for
// publickey_ver, rsa-pkcs1.ts), DecryptData and the schema of shared/archive/archive-message.ts. Media messages
// (image, voice, video, file, emotion) with a sink get their file in 512 KB GetMediaData chunks, checked against
// md5sum and stored once per md5; the object key goes on the message body as `mediaKey`, which the archive
// consumer keeps with the body. A missing key version or a transient failure fails the whole batch, so the cursor
// (moved by pullArchive only after a batch is fed) stays; media WeCom will never give (bad fileid 10005, expired
// 10010) is noted on the body as `mediaError` and does not hold the archive up.
import { createHash } from 'node:crypto';
import type { ChatDataSource } from '../archive-feed';
import { archiveEntrySchema, type ArchiveEntry } from '../archive-message';
import { ArchiveKeyMissingError, FinanceSdkError } from './finance-sdk-error';
import type { FinanceSdk, NetOptions, RawChatData } from './finance-sdk';
import { decryptRandomKey, RsaDecryptError } from './rsa-pkcs1';

export interface ArchivePrivateKeys {
  /** PEM of the tenant's RSA private key for publickey_ver. */
  get(version: number): string | undefined;
}

export interface MediaSink {
  /** Stores a media file once by md5; returns its object key. */
  put(md5: string, bytes: Buffer, meta: { sdkfileid: string; msgtype: string }): Promise<string>;
}

/** Message types whose body carries a downloadable `sdkfileid` (and its `md5sum`). */
export const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'file', 'emotion']);

/** Media WeCom will not serve however often we ask: noted on the message, the batch goes on. */
const MEDIA_GONE: ReadonlySet<number> = new Set([10005, 10010]);

/** The downloaded bytes do not match the message's md5sum: a broken transfer, worth another try. */
export class MediaChecksumError extends Error {
  override readonly name = 'MediaChecksumError';
  readonly retryable = true;
}

export const MAX_LIMIT = 1000;

export class FinanceSdkChatSource implements ChatDataSource {
  private readonly net: NetOptions;

  constructor(
    private readonly opts: {
      sdk: FinanceSdk;
      corpId: string;
      keys: ArchivePrivateKeys;
      media?: MediaSink;
      timeoutSeconds?: number;
      proxy?: string;
      proxyPassword?: string;
    },
  ) {
    this.net = { proxy: opts.proxy, proxyPassword: opts.proxyPassword, timeoutSeconds: opts.timeoutSeconds ?? 10 };
  }

  async getChatData(corpId: string, seq: number, limit: number): Promise<ArchiveEntry[]> {
    if (corpId !== this.opts.corpId) throw new Error(`this Finance SDK source serves ${this.opts.corpId}, not ${corpId}`);
    const n = Math.min(Math.max(1, Math.floor(limit)), MAX_LIMIT);
    const raw = (await this.opts.sdk.getChatData(seq, n, this.net))
      .filter((r) => r.seq > seq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, n);
    const entries: ArchiveEntry[] = [];
    for (const r of raw) entries.push(await this.entryOf(r));
    return entries;
  }

  private async entryOf(r: RawChatData): Promise<ArchiveEntry> {
    const pem = this.opts.keys.get(r.publickey_ver);
    if (!pem) throw new ArchiveKeyMissingError(r.publickey_ver);
    let randomKey: Buffer;
    try {
      randomKey = decryptRandomKey(pem, r.encrypt_random_key);
    } catch (e) {
      if (e instanceof RsaDecryptError) throw new FinanceSdkError(10006, `RSA(publickey_ver ${r.publickey_ver})`);
      throw e;
    }
    let message: unknown;
    try {
      message = JSON.parse(this.opts.sdk.decryptData(randomKey, r.encrypt_chat_msg));
    } finally {
      randomKey.fill(0);
    }
    const parsed = archiveEntrySchema.safeParse({ corpId: this.opts.corpId, seq: r.seq, message });
    if (!parsed.success) throw new FinanceSdkError(10002, `DecryptData(seq ${r.seq})`);
    const entry = parsed.data;
    if (this.opts.media) await this.attachMedia(entry, this.opts.media);
    return entry;
  }

  private async attachMedia(entry: ArchiveEntry, sink: MediaSink): Promise<void> {
    const msgtype = entry.message.msgtype ?? '';
    const body = entry.message[msgtype] as Record<string, unknown> | undefined;
    if (!MEDIA_TYPES.has(msgtype) || !body || typeof body.sdkfileid !== 'string' || !body.sdkfileid) return;
    let bytes: Buffer;
    try {
      bytes = await this.opts.sdk.getMediaData(body.sdkfileid, this.net);
    } catch (e) {
      if (e instanceof FinanceSdkError && MEDIA_GONE.has(e.code)) {
        body.mediaError = e.code;
        return;
      }
      throw e;
    }
    const md5 = createHash('md5').update(bytes).digest('hex');
    const expected = typeof body.md5sum === 'string' ? body.md5sum.toLowerCase() : undefined;
    if (expected && expected !== md5) throw new MediaChecksumError(`media of ${entry.message.msgid}: md5 ${md5} ≠ md5sum ${expected}`);
    body.mediaKey = await sink.put(md5, bytes, { sdkfileid: body.sdkfileid, msgtype });
  }
}
