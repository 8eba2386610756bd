// The RSA step of the archive: `encrypt_random_key` is RSA PKCS#1 v1.5 (RSAES-PKCS1-v1_5) with the public key the
// corp uploaded for `publickey_ver`. Node refuses RSA_PKCS1_PADDING in privateDecrypt since the Marvin-attack fix
// (CVE-2023-46809: Node 18/20 throw unless started with --security-revert; Node 22+ throw with no revert unless its
// OpenSSL does implicit rejection), so we decrypt raw (RSA_NO_PADDING, constant time in OpenSSL) and remove the
// padding ourselves without branching on secret bytes: EM = 0x00 ‖ 0x02 ‖ PS (≥ 8 non-zero bytes) ‖ 0x00 ‖ M.
import { constants, createPrivateKey, privateDecrypt, type KeyObject } from 'node:crypto';

export class RsaDecryptError extends Error {
  override readonly name = 'RsaDecryptError';
}

/**
 * The message of a PKCS#1 v1.5 encryption block, or undefined when the padding is not valid. The scan touches
 * every byte and combines the checks with masks, so its time does not depend on where (or whether) it fails.
 */
export function unpadPkcs1v15(em: Uint8Array): Buffer | undefined {
  const k = em.length;
  let bad = (em[0] ?? 1) | ((em[1] ?? 0) ^ 0x02);
  let sep = 0; // index of the first zero after the header; 0 = none yet
  for (let i = 2; i < k; i++) {
    const isZero = ((em[i]! - 1) >>> 31) & 1; // 1 when em[i] === 0
    const first = isZero & (((sep - 1) >>> 31) & 1); // … and no zero before
    sep |= -first & i;
  }
  bad |= ((sep - 1) >>> 31) & 1; // no separator
  bad |= ((sep - 10) >>> 31) & 1; // PS shorter than 8 bytes (sep < 10)
  if (bad !== 0) return undefined;
  return Buffer.from(em.subarray(sep + 1));
}

/** Decrypts base64 `encrypt_random_key` with the PEM private key: the random key DecryptData takes (its bytes). */
export function decryptRandomKey(privateKeyPem: string | KeyObject, encryptedBase64: string): Buffer {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  const cipher = Buffer.from(encryptedBase64, 'base64');
  let em: Buffer;
  try {
    em = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, cipher);
  } catch {
    throw new RsaDecryptError('encrypt_random_key 无法用该版本私钥解密 / encrypt_random_key does not decrypt with this key');
  }
  const m = unpadPkcs1v15(em);
  if (!m) throw new RsaDecryptError('encrypt_random_key 填充无效（私钥与版本不符？）/ invalid PKCS#1 v1.5 padding (wrong key for the version?)');
  return m;
}
