// Creates a tenant API key. The key is returned once; only its hash is stored.
import { z } from 'zod';
import { newApiKey, sha256Hex, type ApiKeyStore } from '../../shared/auth/api-key';
import { NotFoundError } from '../../shared/errors';
import { parseInput } from '../../shared/validation';
import type { TenantStore } from '../../shared/tenants/tenant.schema';

const inputSchema = z
  .strictObject({
    role: z.enum(['admin', 'manager', 'staff', 'auditor']),
    userId: z.string().min(1).max(64).optional(),
    department: z.union([z.string().min(1).max(64), z.number().int()]).transform(String).optional(),
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
  now: () => Date;
}

export async function createApiKey(deps: CreateApiKeyDeps, corpId: string, body: unknown) {
  const input = parseInput(inputSchema, body, 'invalid api key request');
  if (!(await deps.tenants.get(corpId))) throw new NotFoundError('unknown tenant');
  const { keyId, secret, key } = newApiKey(corpId);
  const createdAt = deps.now().toISOString();
  await deps.apiKeys.put({ corpId, keyId, secretHash: sha256Hex(secret), ...input, createdAt });
  return { id: keyId, key, role: input.role, createdAt };
}
