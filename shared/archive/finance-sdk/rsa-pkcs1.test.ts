// The PKCS#1 v1.5 unpadding we do ourselves (Node refuses RSA_PKCS1_PADDING in privateDecrypt): vectors made by
// Node's own publicEncrypt with RSA_PKCS1_PADDING, and malformed blocks that must be refused.
import { constants, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { decryptRandomKey, RsaDecryptError, unpadPkcs1v15 } from './rsa-pkcs1';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const encrypt = (m: Buffer) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, m).toString('base64');

describe('decryptRandomKey', () => {
  it.each([1, 16, 32, 117, 245])('recovers a %i-byte message encrypted with RSA_PKCS1_PADDING', (n) => {
    for (let i = 0; i < 5; i++) {
      const m = randomBytes(n);
      expect(decryptRandomKey(pem, encrypt(m))).toEqual(m);
    }
  });

  it('recovers an empty message', () => {
    expect(decryptRandomKey(privateKey, encrypt(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it('refuses a ciphertext made for another key', () => {
    let refused = 0;
    for (let i = 0; i < 5; i++) {
      try {
        decryptRandomKey(other, encrypt(Buffer.from('0123456789abcdef')));
      } catch (e) {
        expect(e).toBeInstanceOf(RsaDecryptError);
        refused++;
      }
    }
    expect(refused).toBe(5);
  });
});

describe('unpadPkcs1v15', () => {
  const block = (head: number[], ps: number[], m: number[]) => Uint8Array.from([...head, ...ps, 0, ...m]);
  const ps8 = [1, 2, 3, 4, 5, 6, 7, 8];

  it('takes the message after the first zero past the header', () => {
    expect(unpadPkcs1v15(block([0, 2], ps8, [0, 7, 0]))).toEqual(Buffer.from([0, 7, 0]));
  });

  it.each([
    ['a non-zero first byte', block([1, 2], ps8, [9])],
    ['block type 1 (signature padding)', block([0, 1], ps8, [9])],
    ['padding shorter than 8 bytes', block([0, 2], ps8.slice(1), [9])],
    ['no separator', Uint8Array.from([0, 2, ...ps8, 9, 9])],
    ['an empty block', new Uint8Array(0)],
  ])('refuses %s', (_name, em) => {
    expect(unpadPkcs1v15(em)).toBeUndefined();
  });
});
