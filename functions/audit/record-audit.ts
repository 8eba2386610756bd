// The audit concern (lifecycle part): deletions both ways, failed transfers and resignations become
// append-only audit rows, and alerting rows send a WeCom app message to the tenant's notify list.
// The consumer applies each event once; WeCom's duplicate check (same request within 30 min) guards the
// alert against a crash between sending it and recording the event as applied. The alert names the staff
// member, the customer and their channel where known (shared/customers/display-names.ts).
import { alertNames, type DisplayNameDeps } from '../../shared/customers/display-names';
import { alertText, auditRowOf, type AuditStore } from '../../shared/domain/audit';
import type { MessageFor } from '../../shared/events/queue-message.schema';
import type { SecretBox } from '../../shared/secrets/secret-box';
import type { Outcome } from '../../shared/sqs/consume';
import { apiOfTenant } from '../../shared/tenants/tenant-api';
import type { TenantStore } from '../../shared/tenants/tenant';
import type { WecomClient } from '../../shared/wecom/client';

export interface RecordAuditDeps extends DisplayNameDeps {
  audit: AuditStore;
  tenants: TenantStore;
  secrets: SecretBox;
  wecom: WecomClient;
}

export async function recordAudit(deps: RecordAuditDeps, m: MessageFor<'audit'>): Promise<Outcome> {
  const row = auditRowOf(m);
  if (!row) return 'ignored';
  const appended = await deps.audit.append(row);
  if (!row.alert) return appended === 'appended' ? 'applied' : 'stale';
  const tenant = await deps.tenants.get(m.corpId);
  if (!tenant || tenant.notify.length === 0 || !tenant.agentId) return 'applied';
  await (
    await apiOfTenant(deps, tenant)
  ).call('message/send', {
    touser: tenant.notify.join('|'),
    msgtype: 'text',
    agentid: Number(tenant.agentId),
    text: { content: alertText(row, await alertNames(deps, m.corpId, row)) },
    enable_duplicate_check: 1,
    duplicate_check_interval: 1800,
  });
  return 'applied';
}
