// A tenant's WeCom API client: its secret decrypted (encryption context = tenant) and bound to the corp.
import { NotFoundError } from '../errors';
import type { SecretBox } from '../secrets/secret-box';
import type { WecomClient, WecomTenantClient } from '../wecom/client';
import type { TenantRecord, TenantStore } from './tenant';
import { msg } from '../i18n/messages';

export interface TenantApiDeps {
  tenants: TenantStore;
  secrets: SecretBox;
  wecom: WecomClient;
}

export async function apiOfTenant(deps: Pick<TenantApiDeps, 'secrets' | 'wecom'>, tenant: TenantRecord): Promise<WecomTenantClient> {
  const secret = await deps.secrets.decrypt(tenant.secretEnc, { tenantId: tenant.corpId });
  return deps.wecom.forTenant({ corpId: tenant.corpId, secret });
}

/** The tenant's client, or undefined for a corp that is not (or no longer) a tenant. */
export async function tenantApi(deps: TenantApiDeps, corpId: string): Promise<WecomTenantClient | undefined> {
  const tenant = await deps.tenants.get(corpId);
  return tenant ? apiOfTenant(deps, tenant) : undefined;
}

/** The tenant's client for an admin request: an unknown tenant is a 404. */
export async function requireTenantApi(deps: TenantApiDeps, corpId: string): Promise<WecomTenantClient> {
  const api = await tenantApi(deps, corpId);
  if (!api) throw new NotFoundError(msg('unknown_tenant'));
  return api;
}
