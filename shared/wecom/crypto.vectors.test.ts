// WeCom callback crypto against the official sample vectors (wecom-api.md §16) and against an independent
// implementation (@wecom/crypto), plus every way a ciphertext or signature can be wrong.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as peer from '@wecom/crypto';
import {
  CryptoError,
  decodeAesKey,
  decrypt,
  decryptFor,
  encrypt,
  signature,
  verifySignature,
} from './crypto';

// §16.1 Vector A (token QDG6eK), Tencent's WXBizMsgCrypt samples.
const A = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  keyHex: '8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760',
};
const A1 = {
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  reply: '1616140317555161061',
  random: 'c41b64491c2468d0',
};
const A2 = {
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  random: '0960688932c47ef1',
  plaintext:
    '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
};
const keyA = decodeAesKey(A.encodingAesKey);

/** AES-256-CBC over raw bytes we choose (to craft bad paddings and layouts). */
function rawCbc(key: Buffer, plain: Buffer): string {
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}
const reasonOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof CryptoError) return e.reason;
    throw e;
  }
  return 'accepted';
};

describe('official vector A (§16.1)', () => {
  it('decodes the EncodingAESKey to the documented key', () => {
    expect(keyA.toString('hex')).toBe(A.keyHex);
  });

  it('A1: verifies the GET signature over echostr and decrypts it to the reply', () => {
    expect(signature(A.token, A1.timestamp, A1.nonce, A1.echostr)).toBe(A1.msgSignature);
    expect(verifySignature(A.token, A1.timestamp, A1.nonce, A1.echostr, A1.msgSignature)).toBe(true);
    const out = decrypt(keyA, A1.echostr);
    expect(out).toMatchObject({ message: A1.reply, receiveId: A.receiveId });
    expect(out.random.toString('latin1')).toBe(A1.random);
  });

  it('A2: verifies the POST signature and decrypts the exact 284-byte plaintext', () => {
    expect(verifySignature(A.token, A2.timestamp, A2.nonce, A2.encrypt, A2.msgSignature)).toBe(true);
    const message = decryptFor(keyA, A2.encrypt, A.receiveId);
    expect(Buffer.byteLength(message)).toBe(284);
    expect(message).toBe(A2.plaintext);
  });

  it('re-encrypts both samples byte for byte with their random prefixes', () => {
    expect(encrypt(keyA, A1.reply, A.receiveId, Buffer.from(A1.random, 'latin1'))).toBe(A1.echostr);
    expect(encrypt(keyA, A2.plaintext, A.receiveId, Buffer.from(A2.random, 'latin1'))).toBe(A2.encrypt);
  });
});

describe('library vectors (§16.7)', () => {
  it('wechat-crypto: signature of (timestamp, nonce, encrypt)', () => {
    expect(signature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe('8edac0945683c119ee71c9f6256d76c48aa08a96');
  });

  it('wechat-crypto: round trip of "hehe", padded to the 32-byte block with PKCS#7', () => {
    const key = decodeAesKey('bAZC8S8nz5fcQ0Ui2HxQVGbC6FzyrzWKSuDbmzpBo3G');
    const ct = encrypt(key, 'hehe', 'wx1570bcc0b3cf8bd0');
    expect(decryptFor(key, ct, 'wx1570bcc0b3cf8bd0')).toBe('hehe');
    // 16 random + 4 length + 4 message + 18 id = 42 bytes → 22 bytes of value 22, 64 in all.
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    d.setAutoPadding(false);
    const raw = Buffer.concat([d.update(Buffer.from(ct, 'base64')), d.final()]);
    expect(raw.length).toBe(64);
    expect([...raw.subarray(42)]).toEqual(Array.from({ length: 22 }, () => 22));
  });

  it('go-workwx: decrypts its decryption-only vector', () => {
    const key = decodeAesKey('4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws');
    const out = decrypt(key, '6KmUQuPVu7UhjyVqRdbo5SfcRqaHvbUlKSHFvBV2ZuR6TIlKsygcfeSd1GDplg1C5KSKr6UPHCaC/nIX3ZNt9w==');
    expect(out).toMatchObject({ message: '94966531020182955848408', receiveId: 'ww6a112864f8022910' });
  });

  it.each([
    '',
    '123456789012345678901234567890123456789012',
    '12345678901234567890123456789012345678901234',
    '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw=',
    '4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw$',
  ])('rejects the invalid EncodingAESKey %j', (k) => {
    expect(reasonOf(() => decodeAesKey(k))).toBe('bad_key');
  });
});

describe('against @wecom/crypto (an independent implementation)', () => {
  const encodingAesKey = A.encodingAesKey;
  const messages = [
    '',
    'hello',
    '<xml><Content><![CDATA[你好，世界 👋]]></Content></xml>',
    ...Array.from({ length: 70 }, (_, n) => 'x'.repeat(n)), // every length around the 32-byte blocks
    '中'.repeat(1000),
  ];

  it('decrypts what we encrypt, and we decrypt what it encrypts', () => {
    for (const m of messages) {
      const ours = encrypt(keyA, m, 'wwcorp');
      expect(peer.decrypt(encodingAesKey, ours)).toMatchObject({ message: m, id: 'wwcorp' });
      const theirs = peer.encrypt(encodingAesKey, m, 'wwcorp');
      expect(decryptFor(keyA, theirs, 'wwcorp')).toBe(m);
    }
  });

  it('produces the same ciphertext for the same random prefix, and the same signatures', () => {
    const random = randomBytes(16);
    for (const m of messages.slice(0, 10)) {
      const ours = encrypt(keyA, m, 'wwcorp', random);
      expect(ours).toBe(peer.encrypt(encodingAesKey, m, 'wwcorp', random));
      expect(signature('tok', '1', 'n', ours)).toBe(peer.getSignature('tok', '1', 'n', ours));
    }
  });
});

describe('rejections', () => {
  const good = encrypt(keyA, 'payload', 'wwcorp');

  it('a signature that differs, is short, long or not hex does not verify', () => {
    const sig = signature('tok', '1', 'n', good);
    expect(verifySignature('tok', '1', 'n', good, sig)).toBe(true);
    expect(verifySignature('tok', '1', 'n', good, sig.toUpperCase())).toBe(true);
    for (const bad of [sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')), sig.slice(1), `${sig}0`, 'z'.repeat(40), '']) {
      expect(verifySignature('tok', '1', 'n', good, bad)).toBe(false);
    }
    expect(verifySignature('other', '1', 'n', good, sig)).toBe(false);
  });

  it('a wrong key fails the padding or the layout, never yields a message', () => {
    for (let i = 0; i < 50; i++) {
      const reason = reasonOf(() => decryptFor(randomBytes(32), good, 'wwcorp'));
      expect(['bad_padding', 'bad_layout', 'wrong_receive_id']).toContain(reason);
    }
  });

  it('padding bytes of 0, 33, or that disagree are rejected', () => {
    const body = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 0, 3]), Buffer.from('abc'), Buffer.from('wwcorp')]); // 29 bytes
    const with3 = (pad: Buffer) => rawCbc(keyA, Buffer.concat([body, pad]));
    expect(reasonOf(() => decrypt(keyA, with3(Buffer.from([3, 3, 3]))))).toBe('accepted');
    expect(reasonOf(() => decrypt(keyA, with3(Buffer.from([1, 2, 0]))))).toBe('bad_padding'); // pad 0
    expect(reasonOf(() => decrypt(keyA, with3(Buffer.from([3, 2, 3]))))).toBe('bad_padding'); // disagreeing bytes
    const full = Buffer.concat([body, Buffer.alloc(3, 33)]);
    full[31] = 33;
    expect(reasonOf(() => decrypt(keyA, rawCbc(keyA, full)))).toBe('bad_padding'); // pad 33 > block
  });

  it('a message length beyond the plaintext is rejected', () => {
    const plain = Buffer.concat([randomBytes(16), Buffer.from([0, 0, 1, 0]), Buffer.from('short'), Buffer.alloc(7, 7)]);
    expect(reasonOf(() => decrypt(keyA, rawCbc(keyA, plain)))).toBe('bad_layout');
  });

  it('non-canonical base64 and lengths that are not whole blocks are rejected', () => {
    expect(reasonOf(() => decrypt(keyA, good.replace(/^./, '*')))).toBe('bad_base64');
    expect(reasonOf(() => decrypt(keyA, `${good}=`))).toBe('bad_base64');
    expect(reasonOf(() => decrypt(keyA, `${good.slice(0, -4)}ab-_`))).toBe('bad_base64'); // base64url alphabet
    expect(reasonOf(() => decrypt(keyA, Buffer.alloc(48).toString('base64')))).toBe('bad_layout');
    expect(reasonOf(() => decrypt(keyA, ''))).toBe('bad_base64');
  });

  it('a message for another receive id is rejected', () => {
    expect(reasonOf(() => decryptFor(keyA, good, 'wwother'))).toBe('wrong_receive_id');
    expect(reasonOf(() => decryptFor(keyA, good, 'wwcor'))).toBe('wrong_receive_id');
  });
});
