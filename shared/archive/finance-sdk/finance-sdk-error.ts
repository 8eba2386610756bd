// The Finance SDK's error codes (WeWorkFinanceSdk_C.h: 10000–10011) as one error class with a Chinese and an
// English message per code and whether a later retry can succeed. Only a network failure (10001) and a system
// failure (10003) are transient; every other code needs a change first (parameters, the secret, the archive's
// trusted IP, the private keys) or concerns data that will not come back (10010 expired), so retrying it as is
// only repeats the failure. `archive_key_missing` is ours: no private key for a message's publickey_ver.

export const FINANCE_SDK_ERRORS: Readonly<Record<number, { zh: string; en: string }>> = {
  10000: { zh: '参数错误', en: 'invalid parameters' },
  10001: { zh: '网络错误', en: 'network error' },
  10002: { zh: '数据解析失败', en: 'data could not be parsed' },
  10003: { zh: '系统失败', en: 'system failure' },
  10004: { zh: '密钥错误导致加密失败', en: 'encryption failed: wrong key' },
  10005: { zh: 'fileid 错误', en: 'invalid sdkfileid' },
  10006: { zh: '解密失败', en: 'decryption failed' },
  10007: { zh: '找不到消息加密版本的私钥，需要重新传入私钥对', en: 'no private key for the message’s key version' },
  10008: { zh: '解析 encrypt_key 出错', en: 'encrypt_key could not be parsed' },
  10009: { zh: 'IP 非法：请把出口 IP 加入会话内容存档的可信 IP', en: 'IP not allowed: add the egress IP to the archive’s trusted IPs' },
  10010: { zh: '数据过期', en: 'data expired' },
  10011: { zh: '证书错误', en: 'certificate error' },
};

const RETRYABLE = new Set([10001, 10003]);

export class FinanceSdkError extends Error {
  override readonly name = 'FinanceSdkError';
  readonly retryable: boolean;

  /** `code` is the SDK's return code; `op` the C function that returned it. */
  constructor(
    readonly code: number,
    readonly op: string,
  ) {
    const m = FINANCE_SDK_ERRORS[code] ?? { zh: '未知错误', en: 'unknown error' };
    super(`${op} ${code}: ${m.zh} / ${m.en}`);
    this.retryable = RETRYABLE.has(code);
  }
}

/** No private key for a message's publickey_ver: the batch fails and the cursor stays where it was. */
export class ArchiveKeyMissingError extends Error {
  override readonly name = 'ArchiveKeyMissingError';
  readonly code = 'archive_key_missing';
  readonly retryable = false;

  constructor(readonly version: number) {
    super(`缺少会话存档私钥版本 ${version}，请在租户的存档密钥中补充 / no archive private key for publickey_ver ${version}`);
  }
}
