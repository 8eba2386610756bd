// Who is calling: the bootstrap super-admin (its key's hash is configuration) or a tenant key. Tenant keys
// are read on every request (no cache), so a revoked or expired key is refused at once.
import type { Clock } from '../clock';
import { UnauthorizedError } from '../errors';
import { apiKeyStatus, hashesEqual, parseApiKey, sha256Hex, type ApiKeyStore, type Role } from './api-key';
import { msg } from '../i18n/messages';

export interface Principal {
  role: Role;
  /** Undefined only for the super-admin. */
  corpId?: string | undefined;
  userId?: string | undefined;
  department?: string | undefined;
  keyId: string;
}

export interface AuthenticateDeps {
  apiKeys: ApiKeyStore;
  superAdminKeyHash: string | undefined;
  clock: Clock;
}

export async function authenticate(deps: AuthenticateDeps, authorization: string | undefined): Promise<Principal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) throw new UnauthorizedError();
  const presented = m[1]!;
  const parsed = parseApiKey(presented);
  if (!parsed) {
    if (deps.superAdminKeyHash && hashesEqual(sha256Hex(presented), deps.superAdminKeyHash)) {
      return { role: 'superadmin', keyId: 'bootstrap' };
    }
    throw new UnauthorizedError();
  }
  const record = await deps.apiKeys.get(parsed.corpId, parsed.keyId);
  if (!record || !hashesEqual(sha256Hex(parsed.secret), record.secretHash)) throw new UnauthorizedError();
  const status = apiKeyStatus(record, new Date(deps.clock.now()));
  if (status !== 'active') throw new UnauthorizedError(msg(status === 'revoked' ? 'api_key_revoked' : 'api_key_expired'));
  return {
    role: record.role,
    corpId: record.corpId,
    userId: record.userId,
    department: record.department,
    keyId: record.keyId,
  };
}
