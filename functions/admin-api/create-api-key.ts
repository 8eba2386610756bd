// Tenant API keys: create (the key is returned once; only its hash is stored), list (no secrets) and revoke
// (the key is refused from the next request on and stays listed as revoked).
import * as z from 'zod';
import { apiKeyStatus, newApiKey, sha256Hex, type ApiKeyRecord, type ApiKeyStore } from '../../shared/auth/api-key';
import { NotFoundError, ValidationError } from '../../shared/errors';
import type { Clock } from '../../shared/clock';
import type { TenantStore } from '../../shared/tenants/tenant';
import { msg } from '../../shared/i18n/messages';
import type { ApiKeyView } from './create-api-key.view';

export const apiKeyBody = z
  .strictObject({
    role: z.enum(['admin', 'manager', 'staff', 'auditor']),
    userId: z.string().min(1).max(64).optional(),
    department: z
      .union([z.string().min(1).max(64), z.number().int()])
      .transform(String)
      .optional(),
    name: z.string().trim().min(1).max(64).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'staff' && !v.userId) ctx.addIssue({ code: 'custom', path: ['userId'], message: 'a staff key needs userId' });
    if (v.role === 'manager' && !v.department) {
      ctx.addIssue({ code: 'custom', path: ['department'], message: 'a manager key needs department' });
    }
  });

export interface CreateApiKeyDeps {
  apiKeys: ApiKeyStore;
  tenants: TenantStore;
  clock: Clock;
}

/** What the API shows of a key (create-api-key.view.ts): never its secret or hash. */
export function publicApiKey(r: ApiKeyRecord, now: Date): ApiKeyView {
  return {
    id: r.keyId,
    role: r.role,
    ...(r.userId !== undefined ? { userId: r.userId } : {}),
    ...(r.department !== undefined ? { department: r.department } : {}),
    name: r.name ?? null,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt ?? null,
    revokedAt: r.revokedAt ?? null,
    status: apiKeyStatus(r, now),
  };
}

export async function createApiKey(deps: CreateApiKeyDeps, corpId: string, input: z.output<typeof apiKeyBody>) {
  const now = new Date(deps.clock.now());
  if (input.expiresAt !== undefined && Date.parse(input.expiresAt) <= now.getTime()) {
    throw new ValidationError(msg('invalid_api_key_request'), { details: [{ field: 'expiresAt', message: 'must be in the future' }] });
  }
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError(msg('unknown_tenant'));
  const { keyId, secret, key } = newApiKey(corpId);
  const createdAt = now.toISOString();
  const expiresAt = input.expiresAt === undefined ? undefined : new Date(input.expiresAt).toISOString();
  const record: ApiKeyRecord = { corpId, keyId, secretHash: sha256Hex(secret), ...input, expiresAt, createdAt };
  await deps.apiKeys.put(record);
  return { ...publicApiKey(record, now), key };
}

/** GET …/api-keys: every key of the tenant, newest first, with its status. */
export async function listApiKeys(deps: CreateApiKeyDeps, corpId: string) {
  const now = new Date(deps.clock.now());
  const all = await deps.apiKeys.list(corpId);
  return { items: all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.keyId.localeCompare(b.keyId)).map((r) => publicApiKey(r, now)) };
}

/** DELETE …/api-keys/{id}: revokes the key (idempotent; the first revocation time is kept). */
export async function revokeApiKey(deps: CreateApiKeyDeps, corpId: string, keyId: string) {
  const now = new Date(deps.clock.now());
  const revoked = /^[0-9a-f]{12}$/.test(keyId) ? await deps.apiKeys.revoke(corpId, keyId, now.toISOString()) : undefined;
  if (!revoked) throw new NotFoundError(msg('unknown_api_key'));
  return publicApiKey(revoked, now);
}
