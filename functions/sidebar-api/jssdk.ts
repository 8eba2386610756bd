// GET /sidebar/v1/jssdk?url=… : the two JS-SDK signatures a sidebar page registers with (docs/manual.md#侧边栏):
// `config` from the corp ticket (wx.config / getConfigSignature) and `agentConfig` from the app ticket
// (wx.agentConfig / getAgentConfigSignature). A URL outside the trusted domain is refused before any ticket
// is read or fetched.
import type { Clock } from '../../shared/clock';
import { UnprocessableError, ValidationError } from '../../shared/errors';
import { msg } from '../../shared/i18n/messages';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { JsapiTickets } from '../../shared/wecom/jsapi-tickets';
import { signJssdk, type JssdkSignature } from '../../shared/wecom/jssdk-signature';
import { isTrustedPageUrl, type TrustedDomain } from '../../shared/wecom/trusted-domain';
import { NotFoundError } from '../../shared/errors';

export interface JssdkDeps {
  tenants: TenantStore;
  secrets: SecretBox;
  tickets: JsapiTickets;
  clock: Clock;
  /** The domain sidebar pages are served from (PUBLIC_BASE_URL's host); undefined = not configured. */
  trustedDomain: TrustedDomain | undefined;
}

/** An authenticated member of a corp (the session or the key already checked). */
export interface SidebarMember {
  corpId: string;
  userId?: string | undefined;
}

export interface JssdkConfig {
  corpId: string;
  agentId: string;
  config: JssdkSignature;
  agentConfig: JssdkSignature;
}

export async function jssdkConfig(deps: JssdkDeps, member: SidebarMember, url: string): Promise<JssdkConfig> {
  if (!deps.trustedDomain) throw new UnprocessableError(msg('no_trusted_domain'));
  if (!isTrustedPageUrl(url, deps.trustedDomain)) {
    const message = msg('untrusted_page_url', { host: deps.trustedDomain.hostname });
    throw new ValidationError(message, { details: [{ path: 'url', message: `not under ${deps.trustedDomain.hostname}` }] });
  }
  const tenant = await deps.tenants.get(member.corpId);
  if (!tenant) throw new NotFoundError(msg('unknown_tenant'));
  if (!tenant.agentId) throw new UnprocessableError(msg('tenant_has_no_agent'));
  const credentials = { corpId: tenant.corpId, secret: await deps.secrets.decrypt(tenant.secretEnc, { tenantId: tenant.corpId }) };
  const [corpTicket, agentTicket] = await Promise.all([deps.tickets.corpTicket(credentials), deps.tickets.agentTicket(credentials)]);
  const timestamp = Math.floor(deps.clock.now() / 1000);
  return {
    corpId: tenant.corpId,
    agentId: tenant.agentId,
    config: signJssdk(corpTicket, url, timestamp),
    agentConfig: signJssdk(agentTicket, url, timestamp),
  };
}
