// GET handshake: check the signature over echostr, decrypt it, check the receive id, return the plaintext.
import { CryptoError, decryptFor, verifySignature } from '../../shared/wecom/crypto';
import type { CallbackKeyStore } from '../../shared/events/ports';
import { NotFoundError, SignatureError, ValidationError } from '../../shared/errors';
import { verifyQuerySchema, type CallbackRequest, type CallbackResponse } from './callback-request.schema';
import { msg } from '../../shared/i18n/messages';

export interface VerifyUrlDeps {
  keys: CallbackKeyStore;
}

export async function verifyUrl(deps: VerifyUrlDeps, req: CallbackRequest): Promise<CallbackResponse> {
  const keys = await deps.keys.get(req.corpId);
  if (!keys) throw new NotFoundError(msg('unknown_corp'));
  const q = verifyQuerySchema.safeParse(req.query);
  if (!q.success) throw new ValidationError(msg('callback_verify_query'), { details: q.error.issues.map((i) => i.path.join('.')) });
  const { msg_signature, timestamp, nonce, echostr } = q.data;
  if (!verifySignature(keys.token, timestamp, nonce, echostr, msg_signature)) throw new SignatureError();
  try {
    return { status: 200, contentType: 'text/plain', body: decryptFor(keys.aesKey, echostr, req.corpId) };
  } catch (e) {
    if (e instanceof CryptoError) throw new ValidationError(`echostr: ${e.reason}`);
    throw e;
  }
}
