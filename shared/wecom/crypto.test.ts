// WeCom callback crypto (docs/wecom.md#callback-encryption) against the official vectors (docs/wecom.md#test-vectors), the library vectors
// (docs/wecom.md#test-vectors), an independent implementation (@wecom/crypto, docs/wecom.md#test-vectors) and every way a ciphertext, key or
// signature can be wrong.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as peer from '@wecom/crypto';
import fc from 'fast-check';
import { BLOCK, CryptoError, decodeAesKey, decrypt, decryptFor, encrypt, signature, verifySignature } from './crypto';

// docs/wecom.md#test-vectors Vector A: Tencent's WXBizMsgCrypt samples (token QDG6eK).
const A = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  keyHex: '8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760',
  ivHex: '8d69989bbaabe67328014c194631ad07',
};
const A1 = {
  url: '/cgi-bin/wxpush?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  reply: '1616140317555161061',
  random: 'c41b64491c2468d0',
  pad: 7,
};
const A2 = {
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  random: '0960688932c47ef1',
  pad: 30,
  plaintext:
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
};
const keyA = decodeAesKey(A.encodingAesKey);

/** AES-256-CBC without padding over bytes we choose: for crafting bad paddings and layouts. */
function rawEncrypt(key: Buffer, plain: Buffer): string {
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}
/** The padded plaintext behind a ciphertext, padding included. */
function rawDecrypt(key: Buffer, b64: string): Buffer {
  const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  d.setAutoPadding(false);
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
}
/** A plaintext in WeCom's layout: random(16) || len(4) || msg || id, not yet padded. */
function layout(msg: Buffer, id: string, declaredLength = msg.length): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(declaredLength >>> 0, 0);
  return Buffer.concat([Buffer.from('0123456789abcdef'), len, msg, Buffer.from(id)]);
}
/** The CryptoError reason a call fails with, or 'accepted'. Any other error fails the test. */
function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CryptoError) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('official vector A (docs/wecom.md#test-vectors)', () => {
  it('decodes the EncodingAESKey to the documented key and IV', () => {
    // Given the sample EncodingAESKey / When decoded
    // Then key and IV (its first 16 bytes) are the documented ones
    expect(keyA.toString('hex')).toBe(A.keyHex);
    expect(keyA.subarray(0, 16).toString('hex')).toBe(A.ivHex);
  });

  it('A1 (GET): the URL-decoded echostr verifies and decrypts to the reply', () => {
    // Given the verification request exactly as WeCom sends it (echostr URL-encoded)
    const query = new URLSearchParams(A1.url.split('?')[1]);
    const echostr = query.get('echostr')!;
    // When it is URL-decoded once, checked and decrypted
    const out = decrypt(keyA, echostr);
    // Then it is the documented echostr, its signature matches and it decrypts to the documented reply
    expect(echostr).toBe(A1.echostr);
    expect(signature(A.token, query.get('timestamp')!, query.get('nonce')!, echostr)).toBe(A1.msgSignature);
    expect(verifySignature(A.token, A1.timestamp, A1.nonce, echostr, query.get('msg_signature')!)).toBe(true);
    expect(out.message).toBe(A1.reply);
    expect(out.receiveId).toBe(A.receiveId);
    expect(out.random.toString('latin1')).toBe(A1.random);
    expect(decryptFor(keyA, echostr, A.receiveId)).toBe(A1.reply);
    // And its padding is the documented 7 bytes of 7
    expect([...rawDecrypt(keyA, echostr).subarray(-A1.pad)]).toEqual(Array(A1.pad).fill(A1.pad));
  });

  it('A2 (POST): the signature matches and the payload is the exact 284-byte plaintext', () => {
    // When the POST sample is verified and decrypted for its receive id
    const message = decryptFor(keyA, A2.encrypt, A.receiveId);
    // Then it is the documented plaintext, byte for byte (newlines included)
    expect(verifySignature(A.token, A2.timestamp, A2.nonce, A2.encrypt, A2.msgSignature)).toBe(true);
    expect(Buffer.byteLength(message, 'utf8')).toBe(284);
    expect(message).toBe(A2.plaintext);
    expect(decrypt(keyA, A2.encrypt).random.toString('latin1')).toBe(A2.random);
    // And its pad is 30: more than 16, so a 16-byte PKCS#7 unpadder would have thrown
    const raw = rawDecrypt(keyA, A2.encrypt);
    expect([...raw.subarray(-A2.pad)]).toEqual(Array(A2.pad).fill(A2.pad));
    expect(() => {
      const d = createDecipheriv('aes-256-cbc', keyA, keyA.subarray(0, 16));
      Buffer.concat([d.update(Buffer.from(A2.encrypt, 'base64')), d.final()]);
    }).toThrow();
  });

  it('the app-text-message fixture is the A2 plaintext', () => {
    const fixture = readFileSync(join(__dirname, '../../events/wecom/app-text-message.xml'), 'utf8');
    expect(fixture).toBe(A2.plaintext);
  });

  it('re-encrypting with the recovered random prefixes reproduces both ciphertexts byte for byte', () => {
    // Given the random prefixes recovered by decryption
    const r1 = decrypt(keyA, A1.echostr).random;
    const r2 = decrypt(keyA, A2.encrypt).random;
    // When the plaintexts are encrypted again with them / Then the official ciphertexts come out
    expect(encrypt(keyA, A1.reply, A.receiveId, r1)).toBe(A1.echostr);
    expect(encrypt(keyA, A2.plaintext, A.receiveId, r2)).toBe(A2.encrypt);
    expect(encrypt(keyA, A2.plaintext, A.receiveId, Buffer.from(A2.random, 'latin1'))).toBe(A2.encrypt);
  });
});

describe('library vectors (docs/wecom.md#test-vectors)', () => {
  const W = { token: 'RMNlACHlV5ThzfRlVS4D4', encodingAesKey: 'bAZC8S8nz5fcQ0Ui2HxQVGbC6FzyrzWKSuDbmzpBo3G', corpId: 'wx1570bcc0b3cf8bd0' };

  it('wechat-crypto: the signature of (timestamp, nonce, encrypt)', () => {
    expect(signature(W.token, 'timestamp', 'nonce', 'encrypt')).toBe('8edac0945683c119ee71c9f6256d76c48aa08a96');
    expect(verifySignature(W.token, 'timestamp', 'nonce', 'encrypt', '8edac0945683c119ee71c9f6256d76c48aa08a96')).toBe(true);
  });

  it('wechat-crypto: "hehe" round-trips for its corp id', () => {
    const key = decodeAesKey(W.encodingAesKey);
    const ct = encrypt(key, 'hehe', W.corpId);
    expect(decryptFor(key, ct, W.corpId)).toBe('hehe');
    expect(decrypt(key, ct)).toMatchObject({ message: 'hehe', receiveId: W.corpId });
  });

  it('wechat-crypto: PKCS#7 to 32-byte blocks (4 bytes → 28 bytes of 28; aligned → a whole block of 32)', () => {
    const key = decodeAesKey(W.encodingAesKey);
    // Given plaintexts of every length mod 32 (header 20 + message n + id 18 bytes)
    for (let n = 0; n < 2 * BLOCK; n++) {
      const unpadded = 20 + n + W.corpId.length;
      // When encrypted and decrypted without unpadding
      const raw = rawDecrypt(key, encrypt(key, 'x'.repeat(n), W.corpId));
      // Then the padded length is a multiple of 32 and the pad is 32 - (len % 32), each byte its value
      const pad = BLOCK - (unpadded % BLOCK);
      expect(raw.length % BLOCK).toBe(0);
      expect(raw.length).toBe(unpadded + pad);
      expect([...raw.subarray(unpadded)]).toEqual(Array(pad).fill(pad));
      if (unpadded % BLOCK === 4) expect(raw[raw.length - 1]).toBe(28); // the 'text' (4 bytes) case
      if (unpadded % BLOCK === 0) expect(pad).toBe(32);
    }
  });

  it('go-workwx: decrypts its decryption-only vector', () => {
    const key = decodeAesKey('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws');
    const ct = '6KmUQuPVu7UhjyVqRdbo5SfcRqaHvbUlKSHFvBV2ZuR6TIlKsygcfeSd1GDplg1C5KSKr6UPHCaC/nIX3ZNt9w==';
    expect(decrypt(key, ct)).toMatchObject({ message: '94966531020182955848408', receiveId: 'ww6a112864f8022910' });
    expect(decryptFor(key, ct, 'ww6a112864f8022910')).toBe('94966531020182955848408');
  });

  it.each([
    ['empty', ''],
    ['42 characters', '123456789012345678901234567890123456789012'],
    ['44 characters', '12345678901234567890123456789012345678901234'],
    ['a trailing "="', '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw='],
    ['a "$"', '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw$'],
    ['base64 "+" and "/"', '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYI+/'],
    ['a space', '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw '],
    ['a full-width letter', '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIwＡ'],
  ])('rejects an EncodingAESKey with %s', (_label, k) => {
    expect(reasonOf(() => decodeAesKey(k))).toBe('bad_key');
  });

  it('rejects a missing EncodingAESKey', () => {
    expect(reasonOf(() => decodeAesKey(undefined as unknown as string))).toBe('bad_key');
  });
});

describe('against @wecom/crypto (an independent implementation)', () => {
  const key = A.encodingAesKey;
  const corp = 'ww6a112864f8022910';
  // Every message length from 0 to 100 bytes crosses each 32-byte boundary of the padded plaintext
  // (20 header bytes + message + 18 id bytes), plus text that is not ASCII.
  const messages = [
    ...Array.from({ length: 101 }, (_, n) => 'a'.repeat(n)),
    '',
    'hello',
    '你好，世界',
    '<xml><Content><![CDATA[请问这个产品还有货吗？👋]]></Content></xml>',
    '中'.repeat(11), // 33 bytes
    '中'.repeat(4000),
    A2.plaintext,
  ];

  it('decrypts what we encrypt', () => {
    for (const m of messages) {
      const ours = encrypt(keyA, m, corp);
      expect(peer.decrypt(key, ours)).toMatchObject({ message: m, id: corp });
    }
  });

  it('we decrypt what it encrypts', () => {
    for (const m of messages) {
      const theirs = peer.encrypt(key, m, corp);
      expect(decryptFor(keyA, theirs, corp)).toBe(m);
      expect(decrypt(keyA, theirs)).toMatchObject({ message: m, receiveId: corp });
    }
  });

  it('with the same random prefix both produce the same ciphertext', () => {
    for (const m of messages) {
      const random = randomBytes(16);
      expect(encrypt(keyA, m, corp, random)).toBe(peer.encrypt(key, m, corp, random));
    }
  });

  it('any Unicode message and receive id round-trips both ways, and the random prefix survives', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 40 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (m, id, r) => {
          const random = Buffer.from(r);
          const ours = encrypt(keyA, m, id, random);
          expect(ours).toBe(peer.encrypt(key, m, id, random));
          const back = peer.decrypt(key, ours);
          expect([back.message, back.id, back.random.toString('hex')]).toEqual([m, id, random.toString('hex')]);
          expect(decryptFor(keyA, peer.encrypt(key, m, id), id)).toBe(m);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signatures equal the peer’s, including for non-ASCII parts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'binary' }), (token, ts, nonce, enc) => {
        expect(signature(token, ts, nonce, enc)).toBe(peer.getSignature(token, ts, nonce, enc));
      }),
      { numRuns: 500 },
    );
    expect(signature(A.token, A2.timestamp, A2.nonce, A2.encrypt)).toBe(peer.getSignature(A.token, A2.timestamp, A2.nonce, A2.encrypt));
  });
});

describe('rejections', () => {
  const corp = 'wwcorp';
  const good = encrypt(keyA, 'payload', corp, Buffer.from('fixedrandom16byt'));
  const sig = signature('tok', '1409659813', '42', good);

  describe('signature', () => {
    it('the right signature verifies, in either hex case', () => {
      expect(verifySignature('tok', '1409659813', '42', good, sig)).toBe(true);
      expect(verifySignature('tok', '1409659813', '42', good, sig.toUpperCase())).toBe(true);
    });

    it.each([
      ['one hex digit changed', sig.replace(/.$/, (c) => (c === '0' ? '1' : '0'))],
      ['39 characters', sig.slice(1)],
      ['41 characters', `${sig}0`],
      ['empty', ''],
      ['40 characters, not hex', 'g'.repeat(40)],
      ['the signature with spaces', ` ${sig.slice(2)} `],
      ['40 characters with a non-ASCII one', `é${sig.slice(1)}`],
      ['the SHA1 of something else', signature('tok', '1409659813', '42', `${good}x`)],
    ])('%s does not verify', (_label, bad) => {
      expect(verifySignature('tok', '1409659813', '42', good, bad)).toBe(false);
    });

    it('a change of token, timestamp, nonce or ciphertext invalidates it', () => {
      expect(verifySignature('tok2', '1409659813', '42', good, sig)).toBe(false);
      expect(verifySignature('tok', '1409659814', '42', good, sig)).toBe(false);
      expect(verifySignature('tok', '1409659813', '43', good, sig)).toBe(false);
      expect(verifySignature('tok', '1409659813', '42', encrypt(keyA, 'payload', corp), sig)).toBe(false);
    });

    it('no random string verifies unless it is the signature', () => {
      // Random strings, and the signature itself in random letter cases.
      const caseMix = fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }).map((up) => [...sig].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), caseMix), (s) => {
          expect(verifySignature('tok', '1409659813', '42', good, s)).toBe(s.toLowerCase() === sig);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('key', () => {
    it('a wrong key never yields a message', () => {
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (k) => {
          const wrong = Buffer.from(k);
          fc.pre(!wrong.equals(keyA));
          expect(['bad_padding', 'bad_layout', 'wrong_receive_id']).toContain(reasonOf(() => decryptFor(wrong, good, corp)));
        }),
        { numRuns: 300 },
      );
    });

    it('a key of the wrong size is refused by AES, not silently used', () => {
      expect(() => decrypt(keyA.subarray(0, 31), good)).toThrow();
    });
  });

  describe('padding', () => {
    // 16 random + 4 length + 3 message + 6 id = 29 bytes: 3 bytes left in the first 32-byte block.
    const body = layout(Buffer.from('abc'), corp);
    const withTail = (tail: number[]) => rawEncrypt(keyA, Buffer.concat([body, Buffer.from(tail)]));

    it('accepts consistent padding (control)', () => {
      expect(decrypt(keyA, withTail([3, 3, 3]))).toMatchObject({ message: 'abc', receiveId: corp });
      // A whole extra block of 32s when the plaintext is already aligned (20 + 38 + 6 = 64 bytes).
      const aligned = layout(Buffer.from('m'.repeat(38)), corp);
      expect(aligned.length).toBe(64);
      expect(decrypt(keyA, rawEncrypt(keyA, Buffer.concat([aligned, Buffer.alloc(32, 32)])))).toMatchObject({ message: 'm'.repeat(38), receiveId: corp });
    });

    it('rejects a pad byte of 0', () => {
      expect(reasonOf(() => decrypt(keyA, withTail([1, 2, 0])))).toBe('bad_padding');
    });

    it('rejects a pad byte of 33 (above the 32-byte block) and of 255', () => {
      const long = Buffer.concat([body, Buffer.alloc(3 + 32, 33)]); // 64 bytes, last 35 are 33
      expect(reasonOf(() => decrypt(keyA, rawEncrypt(keyA, long)))).toBe('bad_padding');
      expect(reasonOf(() => decrypt(keyA, withTail([255, 255, 255])))).toBe('bad_padding');
    });

    it('rejects pad bytes that disagree with the last one', () => {
      expect(reasonOf(() => decrypt(keyA, withTail([3, 2, 3])))).toBe('bad_padding');
      expect(reasonOf(() => decrypt(keyA, withTail([2, 3, 3])))).toBe('bad_padding');
      // pad 5 claims two bytes of the id as padding: they are not 5s.
      expect(reasonOf(() => decrypt(keyA, withTail([5, 5, 5])))).toBe('bad_padding');
    });
  });

  describe('layout', () => {
    const pad = (b: Buffer) => {
      const n = BLOCK - (b.length % BLOCK);
      return Buffer.concat([b, Buffer.alloc(n, n)]);
    };

    it('rejects a message length beyond the plaintext', () => {
      const msg = Buffer.from('short');
      expect(reasonOf(() => decrypt(keyA, rawEncrypt(keyA, pad(layout(msg, corp, 256)))))).toBe('bad_layout');
      expect(reasonOf(() => decrypt(keyA, rawEncrypt(keyA, pad(layout(msg, corp, 0xffffffff)))))).toBe('bad_layout');
      // One byte more than there is: the id would be empty and the message would need one byte more.
      expect(reasonOf(() => decrypt(keyA, rawEncrypt(keyA, pad(layout(msg, corp, msg.length + corp.length + 1)))))).toBe('bad_layout');
    });

    it('a message length that swallows the id leaves an empty receive id, which decryptFor rejects', () => {
      const ct = rawEncrypt(keyA, pad(layout(Buffer.from('short'), corp, 5 + corp.length)));
      expect(decrypt(keyA, ct)).toMatchObject({ message: `short${corp}`, receiveId: '' });
      expect(reasonOf(() => decryptFor(keyA, ct, corp))).toBe('wrong_receive_id');
    });

    it('rejects a plaintext shorter than its 20-byte header', () => {
      const ct = rawEncrypt(keyA, pad(Buffer.from('0123456789abcdef\0\0'))); // 18 bytes + 14 of 14
      expect(reasonOf(() => decrypt(keyA, ct))).toBe('bad_layout');
      expect(reasonOf(() => decrypt(keyA, rawEncrypt(keyA, Buffer.alloc(32, 32))))).toBe('bad_layout');
    });

    it('rejects ciphertexts that are not whole 32-byte blocks, or truncated by a block', () => {
      expect(reasonOf(() => decrypt(keyA, Buffer.alloc(16).toString('base64')))).toBe('bad_layout');
      expect(reasonOf(() => decrypt(keyA, Buffer.alloc(48).toString('base64')))).toBe('bad_layout');
      const long = Buffer.from(encrypt(keyA, 'x'.repeat(100), corp, Buffer.from('fixedrandom16byt')), 'base64');
      expect(reasonOf(() => decrypt(keyA, long.subarray(0, long.length - 16).toString('base64')))).toBe('bad_layout');
      expect(reasonOf(() => decryptFor(keyA, long.subarray(0, long.length - 32).toString('base64'), corp))).not.toBe('accepted');
    });
  });

  describe('base64', () => {
    it.each([
      ['empty', ''],
      ['a character outside the alphabet', `*${good.slice(1)}`],
      ['embedded whitespace', `${good.slice(0, 4)}\n${good.slice(5)}`],
      ['the base64url alphabet', good.replace(/\+/g, '-').replace(/\//g, '_').replace(/^./, '-')],
      ['missing padding', good.replace(/=+$/, '')],
      ['an extra "="', `${good}=`],
      ['padding in the middle', `${good.slice(0, 8).slice(0, 6)}==${good.slice(8)}`],
      ['a trailing quantum of padding only', `${good}====`],
    ])('rejects %s', (_label, s) => {
      expect(reasonOf(() => decrypt(keyA, s))).toBe('bad_base64');
    });

    it('rejects a non-zero trailing bit before the padding (another text for the same bytes)', () => {
      // Given valid ciphertexts ending in one and in two "=" (32 and 64 bytes → 44 and 88 characters)
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const one = rawEncrypt(keyA, Buffer.concat([layout(Buffer.from('abc'), corp), Buffer.from([3, 3, 3])]));
      const two = good;
      expect([one.length, one.endsWith('=') && !one.endsWith('=='), two.endsWith('==')]).toEqual([44, true, true]);
      for (const ct of [one, two]) {
        const p = ct.endsWith('==') ? 2 : 1;
        const i = ct.length - p - 1;
        const variant = ct.slice(0, i) + alphabet[alphabet.indexOf(ct[i]!) ^ 1] + ct.slice(i + 1);
        // When a padding bit is set: Node decodes it to the same bytes
        expect(Buffer.from(variant, 'base64').equals(Buffer.from(ct, 'base64'))).toBe(true);
        // Then we refuse it: only the canonical text is a ciphertext
        expect(reasonOf(() => decrypt(keyA, ct))).toBe('accepted');
        expect(reasonOf(() => decrypt(keyA, variant))).toBe('bad_base64');
      }
    });
  });

  describe('receive id', () => {
    it.each([
      ['another corp', 'wwother'],
      ['a prefix of the corp', 'wwcor'],
      ['the corp and more', 'wwcorp1'],
      ['the corp in another case', 'WWCORP'],
      ['empty', ''],
    ])('decryptFor rejects %s', (_label, id) => {
      expect(reasonOf(() => decryptFor(keyA, good, id))).toBe('wrong_receive_id');
      expect(decryptFor(keyA, good, corp)).toBe('payload');
    });
  });
});
