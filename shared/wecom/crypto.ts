// WeCom callback crypto (WXBizMsgCrypt): SHA1 signature over the sorted parts, AES-256-CBC with
// IV = key[0..16] and PKCS#7 padding to a 32-byte block. Plaintext layout:
// random(16) || msg_len(uint32 BE) || msg || receiveId. See docs/wecom.md#callback-encryption.
import { createCipheriv, createDecipheriv, hash, randomBytes, timingSafeEqual, type Decipher } from 'node:crypto';

export const BLOCK = 32;

export class CryptoError extends Error {
  constructor(
    readonly reason: 'bad_key' | 'bad_signature' | 'bad_base64' | 'bad_padding' | 'bad_layout' | 'wrong_receive_id',
    message: string,
  ) {
    super(message);
    this.name = 'CryptoError';
  }
}

const KEY_PATTERN = /^[A-Za-z0-9]{43}$/;

/** Decodes an EncodingAESKey (43 chars of [A-Za-z0-9]) into the 32-byte AES key, or throws. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  if (!KEY_PATTERN.test(encodingAesKey)) {
    throw new CryptoError('bad_key', 'EncodingAESKey must be 43 characters of [A-Za-z0-9]');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new CryptoError('bad_key', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** msg_signature = hex(sha1(concat(sort([token, timestamp, nonce, encrypt])))) */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const parts = [token, timestamp, nonce, encrypt].sort();
  return hash('sha1', parts.join(''), 'hex');
}

/** Constant-time comparison of an expected and a received signature. */
export function verifySignature(token: string, timestamp: string, nonce: string, encrypt: string, received: string): boolean {
  const expected = Buffer.from(signature(token, timestamp, nonce, encrypt), 'utf8');
  const got = Buffer.from(received.toLowerCase(), 'utf8');
  // Equal lengths are required by timingSafeEqual; the length of a SHA1 hex digest is public.
  if (got.length !== expected.length) return false;
  return timingSafeEqual(expected, got);
}

/** Bytes a canonical base64 string of this length decodes to (Node skips invalid characters, so a
 *  string with any of them decodes to fewer bytes and is caught by comparing lengths). */
function base64Bytes(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return (s.length / 4) * 3 - pad;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bits left over before "=" padding must be zero: otherwise another text decodes to the same bytes
 *  (Node ignores them), and the text is not the canonical base64 of the ciphertext. */
function paddingBitsZero(s: string): boolean {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (pad === 0) return true;
  const last = BASE64_ALPHABET.indexOf(s[s.length - pad - 1] ?? '');
  return (last & (pad === 2 ? 0x0f : 0x03)) === 0;
}

export interface Decrypted {
  message: string;
  receiveId: string;
  random: Buffer;
}

// AES-256-CBC decryption as AES-256-ECB block decryption XOR the previous ciphertext block (the IV for
// the first). An ECB decipher keeps no state between block-aligned update() calls, so one per key is
// created once and reused: this saves the cipher-context setup that dominates small messages.
const ecbByKey = new Map<string, Decipher>();
function ecbFor(aesKey: Buffer): Decipher {
  const id = aesKey.toString('latin1');
  let d = ecbByKey.get(id);
  if (!d) {
    if (ecbByKey.size >= 1024) ecbByKey.clear();
    d = createDecipheriv('aes-256-ecb', aesKey, null);
    d.setAutoPadding(false);
    ecbByKey.set(id, d);
  }
  return d;
}

/** Above this size the native CBC decipher's setup cost is amortised and it is the faster path. */
const NATIVE_CBC_FROM = 4096;

function cbcDecrypt(aesKey: Buffer, data: Buffer): Buffer {
  if (data.length >= NATIVE_CBC_FROM) {
    const d = createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
    d.setAutoPadding(false);
    return Buffer.concat([d.update(data), d.final()]);
  }
  const out = ecbFor(aesKey).update(data);
  // XOR back to front so each block uses the untouched previous ciphertext block; 32 bits at a time
  // when both buffers are aligned (they are: pooled Buffers are 8-byte aligned).
  if (out.byteOffset % 4 === 0 && data.byteOffset % 4 === 0) {
    const o = new Uint32Array(out.buffer, out.byteOffset, out.length >> 2);
    const c = new Uint32Array(data.buffer, data.byteOffset, data.length >> 2);
    for (let i = o.length - 1; i >= 4; i--) o[i]! ^= c[i - 4]!;
  } else {
    for (let i = out.length - 1; i >= 16; i--) out[i]! ^= data[i - 16]!;
  }
  for (let i = 0; i < 16; i++) out[i]! ^= aesKey[i]!;
  return out;
}

/** Decrypts a base64 ciphertext with a 32-byte key; validates padding and layout strictly. */
export function decrypt(aesKey: Buffer, encrypted: string): Decrypted {
  if (encrypted.length === 0 || encrypted.length % 4 !== 0 || encrypted.includes('-') || encrypted.includes('_')) {
    throw new CryptoError('bad_base64', 'ciphertext is not canonical base64');
  }
  const data = Buffer.from(encrypted, 'base64');
  if (data.length !== base64Bytes(encrypted) || !paddingBitsZero(encrypted)) {
    throw new CryptoError('bad_base64', 'ciphertext is not canonical base64');
  }
  if (data.length === 0 || data.length % BLOCK !== 0) {
    throw new CryptoError('bad_layout', 'ciphertext length is not a multiple of 32 bytes');
  }
  const plain = cbcDecrypt(aesKey, data);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new CryptoError('bad_padding', 'invalid PKCS#7 pad byte');
  for (let i = plain.length - pad; i < plain.length; i++) {
    if (plain[i] !== pad) throw new CryptoError('bad_padding', 'PKCS#7 padding bytes differ');
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new CryptoError('bad_layout', 'plaintext shorter than its header');
  const length = body.readUInt32BE(16);
  if (20 + length > body.length) throw new CryptoError('bad_layout', 'message length exceeds plaintext');
  const message = body.subarray(20, 20 + length);
  const receiveId = body.subarray(20 + length);
  return {
    message: message.toString('utf8'),
    receiveId: receiveId.toString('utf8'),
    random: Buffer.from(body.subarray(0, 16)),
  };
}

/** Decrypts and checks that the trailing receive id equals the expected one (the corp id). */
export function decryptFor(aesKey: Buffer, encrypted: string, expectedReceiveId: string): string {
  const out = decrypt(aesKey, encrypted);
  const a = Buffer.from(out.receiveId, 'utf8');
  const b = Buffer.from(expectedReceiveId, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new CryptoError('wrong_receive_id', 'receive id does not match the corp');
  }
  return out.message;
}

/** Encrypts a message for a receive id; `random` (16 bytes) makes the output deterministic for tests. */
export function encrypt(aesKey: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  if (random.length !== 16) throw new CryptoError('bad_layout', 'random prefix must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const id = Buffer.from(receiveId, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const unpadded = 16 + 4 + msg.length + id.length;
  const pad = BLOCK - (unpadded % BLOCK);
  const plain = Buffer.concat([random, len, msg, id, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}
