// The admin API's routes: method, path pattern, permission, use case. Authorization is declared here
// for every route, so a route cannot exist without one (see policy.test.ts).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ApiKeyStore } from '../../shared/auth/api-key';
import { authenticate } from '../../shared/auth/authenticate';
import { authorize, type Permission } from '../../shared/auth/policy';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { headerOf, queryOf, rawBody } from '../../shared/http/api-event';
import { corpIdSchema, publicTenant, type TenantStore } from '../../shared/tenants/tenant.schema';
import { upsertTenant } from '../../shared/tenants/upsert-tenant';
import { checkTenantSecret } from '../../shared/tenants/check-tenant-secret';
import { refusalForPerson } from '../../shared/wecom/refusal';
import type { SecretBox } from '../../shared/secrets/secret-box';
import { createChannel, deleteChannel, getChannel, listChannels, updateChannel, type ChannelDeps } from './channels';
import { createGroupCode, deleteGroupCode, getGroupCode, listGroupCodes, updateGroupCode, type GroupDeps } from './group-codes';
import { createGroupWelcomeTemplate, deleteGroupWelcomeTemplate, listGroupWelcomeTemplates, updateGroupWelcomeTemplate } from './group-welcome-templates';
import { listGroups } from './groups';
import { createApiKey, listApiKeys, revokeApiKey } from './create-api-key';
import { getCustomer, listCustomers, type CustomerDeps } from './customers';
import { listStaff, syncStaffNow, type StaffDeps } from './staff';
import { createTag, listTags, type TagDeps } from './tags';
import type { Principal } from '../../shared/auth/authenticate';
import { listEvents, replayEvents, type EventsDeps } from './events';
import { getSensitiveWords, putSensitiveWords, redPacketLedger, searchArchive, type ConversationDeps } from './conversations';
import { createQuickReply, listQuickReplies, type QuickReplyDeps } from './quick-replies';
import { createKeywordRule, deleteKeywordRule, listKeywordRules, updateKeywordRule, type KeywordRuleDeps } from './keyword-rules';
import { listAudit, type AuditReader } from './list-audit';
import { runJob, type JobsDeps } from './jobs';
import { reasonOf } from '../../shared/wecom/wecom-error';
import { scheduleTenantJobs } from '../../shared/schedules/tenant-jobs';
import type { DueStore } from '../../shared/schedules/due';
import { customerScope } from '../../shared/customers/scope';
import type { CustomerScope } from '../../shared/domain/customers';
import { createBroadcast, getBroadcast, type BroadcastDeps } from './broadcasts';
import { cohortsOf, dailyMetricsOf, getMetricSettings, importOrders, putChannelSpend, putMetricSettings, rfmOf, type MetricsDeps } from './metrics';
import { createSopPlan, getSopPlan, listSopPlans, updateSopPlan, type SopPlanDeps } from './sop-plans';
import { createMoment, getMoment, listMoments, type MomentDeps } from './moments';

// AdminDeps: #5 slices add their deps interfaces at the end of the extends list.
export interface AdminDeps extends EventsDeps, ChannelDeps, KeywordRuleDeps, ConversationDeps, QuickReplyDeps, CustomerDeps, StaffDeps, TagDeps, GroupDeps, JobsDeps, Omit<BroadcastDeps, 'customerRecords' | 'groups'>, SopPlanDeps, MomentDeps, Omit<MetricsDeps, 'channels' | 'follows' | 'staffRegistry'> {
  tenants: TenantStore;
  due: DueStore;
  apiKeys: ApiKeyStore;
  auditLog: AuditReader;
  superAdminKeyHash: string | undefined;
  now: () => Date;
}

interface Call {
  corpId: string;
  /** Who calls: routes scope what they return by it (e.g. a staff key's own customers). */
  principal: Principal;
  /** The caller's data scope (staff: own customers; manager: the department's staff), read once on demand. */
  scope: () => Promise<CustomerScope>;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}
/** A JSON body, or a text body with its content type (e.g. CSV exports). */
type Result = { status: number; body: unknown; contentType?: string };

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  permission: Permission;
  /**
   * Whose data the answer holds. `tenant`: configuration or tenant-wide aggregates, the same for every
   * caller the permission admits. `caller`: rows that name staff members or customers, limited to the
   * caller's data scope (a staff key its own customers, a manager key its department's staff and their
   * customers). The scope matrix test (scope-matrix.int.test.ts) checks every read route against it.
   */
  scope: 'tenant' | 'caller';
  run: (deps: AdminDeps, call: Call) => Promise<Result>;
}

const ok = (body: unknown, status = 200): Result => ({ status, body });
/** An export: a `{csv}` result becomes a text/csv body, anything else JSON. */
const csvOrJson = (out: object): Result =>
  'csv' in out && typeof out.csv === 'string' ? { status: 200, body: out.csv, contentType: 'text/csv; charset=utf-8' } : ok(out);

export const ROUTES: readonly Route[] = [
  {
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}',
    permission: 'tenant:write',
    scope: 'tenant',
    run: async (d, c) => {
      const out = await upsertTenant(d, c.corpId, c.body, { checkSecret: (secret) => checkTenantSecret(d, c.corpId, secret) });
      await scheduleTenantJobs(d.due, c.corpId, Math.floor(d.nowMs() / 1000));
      // A new tenant's directory is synced at once (metrics, scopes and channels need it); a failure is
      // reported, not fatal: the nightly rollup syncs again.
      if (!out.created) return ok(out.tenant);
      return ok({ ...out.tenant, staffSync: await syncStaffNow(d, c.corpId).catch((e: unknown) => ({ error: reasonOf(e) })) }, 201);
    },
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}',
    permission: 'tenant:read',
    scope: 'tenant',
    run: async (d, c) => {
      const t = await d.tenants.get(c.corpId);
      if (!t) throw new NotFoundError('unknown tenant');
      return ok(publicTenant(t));
    },
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/api-keys',
    permission: 'apikey:create',
    scope: 'tenant',
    run: async (d, c) => ok(await createApiKey(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/api-keys',
    permission: 'apikey:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listApiKeys(d, c.corpId)),
  },
  {
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/api-keys/{id}',
    permission: 'apikey:revoke',
    scope: 'tenant',
    run: async (d, c) => ok(await revokeApiKey(d, c.corpId, c.params.id!)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/events',
    permission: 'events:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listEvents(d, c.corpId, c.query)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/events/replay',
    permission: 'events:replay',
    scope: 'tenant',
    run: async (d, c) => ok(await replayEvents(d, c.corpId, c.body)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/channels',
    permission: 'channels:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createChannel(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/channels',
    permission: 'channels:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listChannels(d, c.corpId)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:read',
    scope: 'tenant',
    run: async (d, c) => ok(await getChannel(d, c.corpId, c.params.id!, c.query)),
  },
  {
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    run: async (d, c) => ok(await updateChannel(d, c.corpId, c.params.id!, c.body)),
  },
  {
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/channels/{id}',
    permission: 'channels:write',
    scope: 'tenant',
    run: async (d, c) => ok(await deleteChannel(d, c.corpId, c.params.id!)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/keyword-rules',
    permission: 'rules:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createKeywordRule(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/keyword-rules',
    permission: 'rules:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listKeywordRules(d, c.corpId)),
  },
  {
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/keyword-rules/{id}',
    permission: 'rules:write',
    scope: 'tenant',
    run: async (d, c) => ok(await updateKeywordRule(d, c.corpId, c.params.id!, c.body)),
  },
  {
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/keyword-rules/{id}',
    permission: 'rules:write',
    scope: 'tenant',
    run: async (d, c) => ok(await deleteKeywordRule(d, c.corpId, c.params.id!)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createQuickReply(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/quick-replies',
    permission: 'quickreplies:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listQuickReplies(d, c.corpId, c.query)),
  },
  {
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/sensitive-words',
    permission: 'sensitive:write',
    scope: 'tenant',
    run: async (d, c) => ok(await putSensitiveWords(d, c.corpId, c.body)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sensitive-words',
    permission: 'sensitive:read',
    scope: 'tenant',
    run: async (d, c) => ok(await getSensitiveWords(d, c.corpId)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/archive',
    permission: 'archive:read',
    scope: 'caller',
    run: async (d, c) => ok(await searchArchive(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/red-packet-ledger',
    permission: 'audit:read',
    scope: 'caller',
    run: async (d, c) => ok(await redPacketLedger(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/group-codes',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createGroupCode(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-codes',
    permission: 'groups:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listGroupCodes(d, c.corpId)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:read',
    scope: 'tenant',
    run: async (d, c) => ok(await getGroupCode(d, c.corpId, c.params.id!)),
  },
  {
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await updateGroupCode(d, c.corpId, c.params.id!, c.body)),
  },
  {
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/group-codes/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await deleteGroupCode(d, c.corpId, c.params.id!)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createGroupWelcomeTemplate(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates',
    permission: 'groups:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listGroupWelcomeTemplates(d, c.corpId)),
  },
  {
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await updateGroupWelcomeTemplate(d, c.corpId, c.params.id!, c.body)),
  },
  {
    method: 'DELETE',
    path: '/admin/v1/tenants/{corpId}/group-welcome-templates/{id}',
    permission: 'groups:write',
    scope: 'tenant',
    run: async (d, c) => ok(await deleteGroupWelcomeTemplate(d, c.corpId, c.params.id!)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/groups',
    permission: 'groups:read',
    scope: 'caller',
    run: async (d, c) => ok(await listGroups(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/audit',
    permission: 'audit:read',
    scope: 'caller',
    run: async (d, c) => ok(await listAudit(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers',
    permission: 'customers:read',
    scope: 'caller',
    run: async (d, c) => ok(await listCustomers(d, c.corpId, c.principal, c.query)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/customers/{externalUserId}',
    permission: 'customers:read',
    scope: 'caller',
    run: async (d, c) => ok(await getCustomer(d, c.corpId, c.principal, c.params.externalUserId!)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/staff',
    permission: 'staff:read',
    scope: 'caller',
    run: async (d, c) => ok(await listStaff(d, c.corpId, c.principal, c.query)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/staff/sync',
    permission: 'staff:sync',
    scope: 'tenant',
    run: async (d, c) => ok(await syncStaffNow(d, c.corpId)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/tags',
    permission: 'tags:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listTags(d, c.corpId, c.query)),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/tags',
    permission: 'tags:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createTag(d, c.corpId, c.body), 201),
  },
  // ── #5 jobs routes ──
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/jobs/{job}/run',
    permission: 'jobs:run',
    scope: 'tenant',
    run: async (d, c) => ok(await runJob(d, c.corpId, c.params.job!, c.body)),
  },
  // ── #5 outreach routes ──
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/broadcasts',
    permission: 'outreach:write',
    scope: 'tenant',
    run: async (d, c) => {
      const out = await createBroadcast(d, c.corpId, c.body);
      return ok(out.body, out.status);
    },
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/broadcasts/{id}',
    permission: 'outreach:read',
    scope: 'caller',
    run: async (d, c) => ok(await getBroadcast(d, c.corpId, c.params.id!, await c.scope())),
  },
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/sop-plans',
    permission: 'outreach:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createSopPlan(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sop-plans',
    permission: 'outreach:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listSopPlans(d, c.corpId)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/sop-plans/{id}',
    permission: 'outreach:read',
    scope: 'caller',
    run: async (d, c) => ok(await getSopPlan(d, c.corpId, c.params.id!, c.query, await c.scope())),
  },
  {
    method: 'PATCH',
    path: '/admin/v1/tenants/{corpId}/sop-plans/{id}',
    permission: 'outreach:write',
    scope: 'tenant',
    run: async (d, c) => ok(await updateSopPlan(d, c.corpId, c.params.id!, c.body)),
  },
  // ── #5 moments routes ──
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/moments',
    permission: 'outreach:write',
    scope: 'tenant',
    run: async (d, c) => ok(await createMoment(d, c.corpId, c.body), 201),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/moments',
    permission: 'outreach:read',
    scope: 'tenant',
    run: async (d, c) => ok(await listMoments(d, c.corpId, c.query)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/moments/{id}',
    permission: 'outreach:read',
    scope: 'tenant',
    run: async (d, c) => ok(await getMoment(d, c.corpId, c.params.id!)),
  },
  // ── #5 metrics routes ──
  {
    method: 'POST',
    path: '/admin/v1/tenants/{corpId}/orders',
    permission: 'orders:write',
    scope: 'tenant',
    run: async (d, c) => ok(await importOrders(d, c.corpId, c.body)),
  },
  {
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/channels/{id}/spend',
    permission: 'orders:write',
    scope: 'tenant',
    run: async (d, c) => ok(await putChannelSpend(d, c.corpId, c.params.id!, c.body)),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/daily',
    permission: 'metrics:read',
    scope: 'caller',
    run: async (d, c) => csvOrJson(await dailyMetricsOf(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/cohorts',
    permission: 'metrics:read',
    scope: 'caller',
    run: async (d, c) => csvOrJson(await cohortsOf(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/rfm',
    permission: 'metrics:read',
    scope: 'caller',
    run: async (d, c) => csvOrJson(await rfmOf(d, c.corpId, c.query, await c.scope())),
  },
  {
    method: 'GET',
    path: '/admin/v1/tenants/{corpId}/metrics/settings',
    permission: 'metrics:read',
    scope: 'tenant',
    run: async (d, c) => ok(await getMetricSettings(d, c.corpId)),
  },
  {
    method: 'PUT',
    path: '/admin/v1/tenants/{corpId}/metrics/settings',
    permission: 'orders:write',
    scope: 'tenant',
    run: async (d, c) => ok(await putMetricSettings(d, c.corpId, c.body)),
  },
];

const compiled = ROUTES.map((r) => ({
  route: r,
  names: [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
  pattern: new RegExp(`^${r.path.replace(/\{\w+\}/g, '([^/]+)')}/?$`),
}));

function match(method: string, path: string) {
  let pathMatched = false;
  for (const c of compiled) {
    const m = c.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (c.route.method !== method) continue;
    const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
    return { route: c.route, params };
  }
  if (pathMatched) throw new ValidationError(`method ${method} is not allowed here`);
  throw new NotFoundError('no such route');
}

function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw = rawBody(event);
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ValidationError('request body is not valid JSON');
  }
}

export function makeAdminApi(deps: AdminDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const { route, params } = match(event.requestContext.http.method.toUpperCase(), event.rawPath);
    const principal = await authenticate(deps, headerOf(event, 'authorization'));
    const corp = corpIdSchema.safeParse(params.corpId);
    if (!corp.success) throw new ValidationError('invalid corp id', { details: [{ field: 'corpId', message: corp.error.message }] });
    authorize(principal, route.permission, corp.data);
    const body = route.method === 'GET' ? undefined : jsonBody(event);
    let scope: Promise<CustomerScope> | undefined;
    const scopeOf = () => (scope ??= customerScope(deps, corp.data, principal));
    // WeCom refusing what the request carried is the caller's 4xx, not our 5xx (shared/wecom/refusal.ts).
    const result = await route.run(deps, { corpId: corp.data, principal, scope: scopeOf, params, query: queryOf(event), body }).catch((e: unknown) => {
      throw refusalForPerson(e);
    });
    if (result.contentType) return { statusCode: result.status, headers: { 'content-type': result.contentType }, body: String(result.body) };
    return { statusCode: result.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result.body) };
  };
}
