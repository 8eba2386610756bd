// The binding to Tencent's Finance SDK (libWeWorkFinanceSdk_C.so, 会话内容存档) over koffi: the C functions of
// WeWorkFinanceSdk_C.h with their exact names and signatures, Slice_t and MediaData_t handled as opaque pointers
// through the SDK's own helpers (NewSlice/FreeSlice/GetContentFromSlice/GetSliceLen, NewMediaData/FreeMediaData/
// GetOutIndexBuf/GetIndexLen/GetData/GetDataLen/IsMediaDataFinish), freed in finally blocks. Only the puller
// imports this file (finance-chat-source.ts takes the class as a type), so nothing else loads koffi or a native
// library. GetChatData and GetMediaData do network I/O and run on koffi's worker threads (`.async`).
import koffi, { type TypeObject } from 'koffi';
import { FinanceSdkError } from './finance-sdk-error';

export { FinanceSdkError } from './finance-sdk-error';

/** GetChatData's output: `seq` > the given one, oldest first. */
export interface RawChatData {
  seq: number;
  msgid: string;
  publickey_ver: number;
  encrypt_random_key: string;
  encrypt_chat_msg: string;
}

export interface NetOptions {
  proxy?: string | undefined;
  proxyPassword?: string | undefined;
  timeoutSeconds?: number | undefined;
}

export interface MediaChunk {
  data: Buffer;
  /** The index to pass for the next chunk. */
  next: string;
  finished: boolean;
}

type Fn = ReturnType<ReturnType<typeof koffi.load>['func']>;
type TypeSpec = string | TypeObject;
type Pointer = unknown;

function bind(libPath: string) {
  const lib = koffi.load(libPath);
  const sdkT = koffi.opaque('WeWorkFinanceSdk_t');
  const sliceT = koffi.opaque('Slice_t');
  const mediaT = koffi.opaque('MediaData_t');
  const sdk = koffi.pointer(sdkT);
  const slice = koffi.pointer(sliceT);
  const media = koffi.pointer(mediaT);
  const f = (result: TypeSpec, name: string, args: TypeSpec[]): Fn => lib.func(name, result, args);
  return {
    NewSdk: f(sdk, 'NewSdk', []),
    Init: f('int', 'Init', [sdk, 'const char *', 'const char *']),
    GetChatData: f('int', 'GetChatData', [sdk, 'unsigned long long', 'unsigned int', 'const char *', 'const char *', 'int', slice]),
    DecryptData: f('int', 'DecryptData', ['const char *', 'const char *', slice]),
    GetMediaData: f('int', 'GetMediaData', [sdk, 'const char *', 'const char *', 'const char *', 'const char *', 'int', media]),
    DestroySdk: f('void', 'DestroySdk', [sdk]),
    NewSlice: f(slice, 'NewSlice', []),
    FreeSlice: f('void', 'FreeSlice', [slice]),
    // char* in the header; read as raw bytes with the length beside it.
    GetContentFromSlice: f('void *', 'GetContentFromSlice', [slice]),
    GetSliceLen: f('int', 'GetSliceLen', [slice]),
    NewMediaData: f(media, 'NewMediaData', []),
    FreeMediaData: f('void', 'FreeMediaData', [media]),
    GetOutIndexBuf: f('void *', 'GetOutIndexBuf', [media]),
    GetData: f('void *', 'GetData', [media]),
    GetIndexLen: f('int', 'GetIndexLen', [media]),
    GetDataLen: f('int', 'GetDataLen', [media]),
    IsMediaDataFinish: f('int', 'IsMediaDataFinish', [media]),
  };
}
type Lib = ReturnType<typeof bind>;

/** A copy of `len` bytes at a C pointer (the SDK frees the original). */
function bytesAt(ptr: Pointer, len: number): Buffer {
  if (!ptr || len <= 0) return Buffer.alloc(0);
  return Buffer.from(new Uint8Array(koffi.view(ptr, len)));
}

const callAsync = (fn: Fn, ...args: unknown[]) =>
  new Promise<number>((resolve, reject) => {
    fn.async(...args, (err: unknown, rc: number) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(rc)));
  });

/** A C string argument: NUL-terminated bytes, or NULL when absent. */
const cstr = (s: string | Buffer | undefined): Buffer | null =>
  s === undefined || s === '' ? null : Buffer.concat([typeof s === 'string' ? Buffer.from(s, 'utf8') : s, Buffer.from([0])]);

const libs = new Map<string, Lib>();

export class FinanceSdk {
  private closed = false;

  private constructor(
    private readonly lib: Lib,
    private readonly handle: Pointer,
  ) {}

  /** Loads the library (once per path), creates an SDK and initialises it with the corp and the archive secret. */
  static open(libPath: string, corpId: string, secret: string): FinanceSdk {
    let lib = libs.get(libPath);
    if (!lib) libs.set(libPath, (lib = bind(libPath)));
    const handle: Pointer = lib.NewSdk();
    if (!handle) throw new FinanceSdkError(10003, 'NewSdk');
    const rc = lib.Init(handle, corpId, secret) as number;
    if (rc !== 0) {
      lib.DestroySdk(handle);
      throw new FinanceSdkError(rc, 'Init');
    }
    return new FinanceSdk(lib, handle);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lib.DestroySdk(this.handle);
  }

  /** Encrypted records with seq > `seq`, at most `limit` (the SDK refuses more than 1000). */
  async getChatData(seq: number, limit: number, net: NetOptions = {}): Promise<RawChatData[]> {
    this.assertOpen();
    const out: Pointer = this.lib.NewSlice();
    let text: string;
    try {
      const rc = await callAsync(this.lib.GetChatData, this.handle, seq, limit, cstr(net.proxy), cstr(net.proxyPassword), net.timeoutSeconds ?? 10, out);
      if (rc !== 0) throw new FinanceSdkError(rc, 'GetChatData');
      text = bytesAt(this.lib.GetContentFromSlice(out), this.lib.GetSliceLen(out) as number).toString('utf8');
    } finally {
      this.lib.FreeSlice(out);
    }
    let body: { errcode?: number; errmsg?: string; chatdata?: RawChatData[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new FinanceSdkError(10002, 'GetChatData');
    }
    if (body.errcode) throw new FinanceSdkError(body.errcode, 'GetChatData');
    return body.chatdata ?? [];
  }

  /** DecryptData: the message JSON of `encrypt_chat_msg`, given the RSA-decrypted random key. */
  decryptData(randomKey: Buffer | string, encryptChatMsg: string): string {
    const out: Pointer = this.lib.NewSlice();
    try {
      const rc = this.lib.DecryptData(cstr(randomKey) ?? Buffer.from([0]), cstr(encryptChatMsg) ?? Buffer.from([0]), out) as number;
      if (rc !== 0) throw new FinanceSdkError(rc, 'DecryptData');
      return bytesAt(this.lib.GetContentFromSlice(out), this.lib.GetSliceLen(out) as number).toString('utf8');
    } finally {
      this.lib.FreeSlice(out);
    }
  }

  /** One GetMediaData call: up to 512 KB of the file from `index` ('' for the first chunk). */
  async getMediaChunk(sdkfileid: string, index: string, net: NetOptions = {}): Promise<MediaChunk> {
    this.assertOpen();
    const md: Pointer = this.lib.NewMediaData();
    try {
      const rc = await callAsync(
        this.lib.GetMediaData,
        this.handle,
        cstr(index),
        cstr(sdkfileid),
        cstr(net.proxy),
        cstr(net.proxyPassword),
        net.timeoutSeconds ?? 10,
        md,
      );
      if (rc !== 0) throw new FinanceSdkError(rc, 'GetMediaData');
      return {
        data: bytesAt(this.lib.GetData(md), this.lib.GetDataLen(md) as number),
        next: bytesAt(this.lib.GetOutIndexBuf(md), this.lib.GetIndexLen(md) as number).toString('utf8'),
        finished: (this.lib.IsMediaDataFinish(md) as number) === 1,
      };
    } finally {
      this.lib.FreeMediaData(md);
    }
  }

  /** A whole media file: chunks following outindexbuf until is_finish (at most `maxBytes`). */
  async getMediaData(sdkfileid: string, net: NetOptions = {}, maxBytes = 200 * 1024 * 1024): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    let index = '';
    for (;;) {
      const chunk = await this.getMediaChunk(sdkfileid, index, net);
      parts.push(chunk.data);
      size += chunk.data.length;
      if (chunk.finished) return Buffer.concat(parts, size);
      if (size > maxBytes || !chunk.next || chunk.data.length === 0) throw new FinanceSdkError(10002, 'GetMediaData');
      index = chunk.next;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('FinanceSdk is closed');
  }
}
