// Routes of the tenant itself: create or update it (super-admin), read it.
import { sha256Hex } from '../../../shared/auth/api-key';
import { epochSeconds } from '../../../shared/clock';
import { NotFoundError } from '../../../shared/errors';
import { scheduleTenantJobs } from '../../../shared/schedules/tenant-jobs';
import { checkTenantSecret } from '../../../shared/tenants/check-tenant-secret';
import { publicTenant } from '../../../shared/tenants/tenant';
import { tenantPutResponse, tenantView } from '../../../shared/tenants/tenant.view';
import { upsertTenant } from '../../../shared/tenants/upsert-tenant';
import { reasonOf } from '../../../shared/wecom/wecom-error';
import * as z from 'zod';
import type { AdminDeps } from '../deps';
import { json, route } from '../route';
import { syncStaffNow } from '../staff';
import { msg } from '../../../shared/i18n/messages';

/**
 * The tenant as the operation log compares it: its settings, and a fingerprint of each secret in the
 * place of its ciphertext (which changes on every write), so a changed secret shows as changed. The log
 * masks `token`, `encodingAesKey` and `secret` (shared/oplog/diff.ts): the fingerprints are never shown.
 */
async function tenantForLog(d: Pick<AdminDeps, 'tenants' | 'secrets'>, corpId: string) {
  const t = await d.tenants.get(corpId);
  if (!t) return undefined;
  const { tokenEnc, encodingAesKeyEnc, secretEnc, ...settings } = t;
  const ctx = { tenantId: corpId };
  const [token, encodingAesKey, secret] = await Promise.all(
    [tokenEnc, encodingAesKeyEnc, secretEnc].map(async (c) => sha256Hex(await d.secrets.decrypt(c, ctx))),
  );
  return { ...settings, token, encodingAesKey, secret };
}

export const tenantRoutes = {
  put: route({
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}',
    permission: 'tenant:write',
    scope: 'tenant',
    // upsertTenant (shared with the seeding scripts) parses the body itself: it is passed on as sent.
    body: z.unknown(),
    response: tenantPutResponse,
    audit: { read: (d: AdminDeps, corpId) => tenantForLog(d, corpId) },
    run: async (d: AdminDeps, c) => {
      const out = await upsertTenant(d, c.corpId, c.body, { checkSecret: (secret) => checkTenantSecret(d, c.corpId, secret) });
      await scheduleTenantJobs(d.due, c.corpId, epochSeconds(d.clock.now()));
      // A new tenant's directory is synced at once (metrics, scopes and channels need it); a failure is
      // reported, not fatal: the nightly rollup syncs again.
      if (!out.created) return json(out.tenant);
      return json({ ...out.tenant, staffSync: await syncStaffNow(d, c.corpId).catch((e: unknown) => ({ error: reasonOf(e) })) }, 201);
    },
  }),
  get: route({
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}',
    permission: 'tenant:read',
    scope: 'tenant',
    response: tenantView,
    run: async (d: Pick<AdminDeps, 'tenants'>, c) => {
      const t = await d.tenants.get(c.corpId);
      if (!t) throw new NotFoundError(msg('unknown_tenant'));
      return json(publicTenant(t));
    },
  }),
};
