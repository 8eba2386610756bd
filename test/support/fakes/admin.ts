// adminFakes(): every store the admin API's use cases take, in memory, with a tenant whose secret the
// fake WeCom accepts, a manual clock, a recording queue publisher and the real job runners on them. The admin use case unit tests
// (functions/admin-api/*.test.ts) pick what they need from it: `deps` holds every port of UseCaseDeps and
// DispatchDeps (type-checked below), so any route's `run` takes it; adminCall() runs the whole route table.
import type { AdminDeps, UseCaseDeps } from '../../../functions/admin-api/deps';
import type { DispatchDeps } from '../../../functions/admin-api/dispatch';
import { jobRunners } from '../../../functions/admin-api/job-runners';
import { makeAdminApi } from '../../../functions/admin-api/routes';
import { sha256Hex } from '../../../shared/auth/api-key';
import { languageOf, toHttpError } from '../../../shared/http/error-handler';
import { apiEvent } from '../api-events';
import { manualClock } from '../clock';
import { FakeWecom } from '../fake-wecom';
import { InMemoryEventLog, InMemoryKeywordRuleStore, RecordingQueuePublisher } from '../fakes';
import {
  InMemoryArchiveCursorStore,
  InMemoryArchiveSecretsStore,
  InMemoryArchiveStore,
  InMemoryConsentStore,
  InMemoryLedgerStore,
  InMemorySensitiveWordStore,
} from './archive';
import { InMemoryAuditLog } from './audit';
import { InMemoryApiKeyStore } from './auth';
import { InMemoryChannelActivityStore, InMemoryChannelStore } from './channels';
import { InMemoryCustomerFieldStore } from './customer-fields';
import { InMemoryCustomerStore, InMemoryStaffStore, InMemoryTagMirror } from './customers';
import { InMemoryDueStore } from './due';
import { InMemoryFollowStore } from './follows';
import { InMemoryGroupCodeStore, InMemoryGroupStore, InMemoryGroupWelcomeTemplateStore } from './groups';
import { InMemoryKfStore, InMemoryQuickReplyStore } from './keywords';
import { InMemoryLeaseStore } from './leases';
import { InMemoryBlobStore, InMemoryMaterialStore } from './materials';
import { InMemoryMetricsStore, InMemoryOrderStore } from './metrics';
import { InMemoryOperationLog } from './oplog';
import { InMemoryBroadcastStore, InMemoryMomentStore, InMemoryQuotaLedger, InMemorySpendStore } from './outreach';
import { InMemoryTransferStore } from './transfers';
import { InMemoryReconcileReportStore } from './reports';
import { InMemorySessionStore } from './sessions';
import { InMemorySopStore } from './sop';
import { FakeSecretBox, InMemoryTenantStore, fakeTenant } from './tenants';

export const ADMIN_CORP = 'wwadminunit00001';
export const SUPER_KEY = 'super-secret-for-admin-unit';
/** The session signing key (SESSION_SECRET) of the fakes. */
export const SESSION_KEY = 'session-key-for-admin-unit';

export async function adminFakes(opts: { corpId?: string; nowMs?: number } = {}) {
  const corpId = opts.corpId ?? ADMIN_CORP;
  const clock = manualClock(opts.nowMs ?? Date.parse('2026-11-23T10:00:00+08:00'));
  const secrets = new FakeSecretBox();
  const tenants = new InMemoryTenantStore();
  await tenants.put(await fakeTenant(secrets, corpId, { createdAt: '2026-09-01T00:00:00.000Z' }));
  const wecom = new FakeWecom();
  const queues = new RecordingQueuePublisher();
  const stores = {
    tenants,
    apiKeys: new InMemoryApiKeyStore(),
    sessions: new InMemorySessionStore(),
    eventLog: new InMemoryEventLog(),
    auditLog: new InMemoryAuditLog(),
    operationLog: new InMemoryOperationLog(),
    follows: new InMemoryFollowStore(),
    customerRecords: new InMemoryCustomerStore(),
    customerFields: new InMemoryCustomerFieldStore(),
    staffRegistry: new InMemoryStaffStore(),
    tagMirror: new InMemoryTagMirror(),
    channels: new InMemoryChannelStore(),
    activity: new InMemoryChannelActivityStore(),
    groups: new InMemoryGroupStore(),
    groupCodes: new InMemoryGroupCodeStore(),
    groupWelcomeTemplates: new InMemoryGroupWelcomeTemplateStore(),
    keywordRules: new InMemoryKeywordRuleStore(),
    kf: new InMemoryKfStore(),
    quickReplies: new InMemoryQuickReplyStore(),
    archive: new InMemoryArchiveStore(),
    archiveCursors: new InMemoryArchiveCursorStore(),
    archiveSecrets: new InMemoryArchiveSecretsStore(),
    consent: new InMemoryConsentStore(),
    ledger: new InMemoryLedgerStore(),
    sensitiveWords: new InMemorySensitiveWordStore(),
    quota: new InMemoryQuotaLedger(),
    broadcasts: new InMemoryBroadcastStore(),
    sopPlans: new InMemorySopStore(),
    moments: new InMemoryMomentStore(),
    transfers: new InMemoryTransferStore(),
    materials: new InMemoryMaterialStore(),
    orders: new InMemoryOrderStore(),
    spend: new InMemorySpendStore(),
    metrics: new InMemoryMetricsStore(),
    reconcileReports: new InMemoryReconcileReportStore(),
    due: new InMemoryDueStore(clock),
    leases: new InMemoryLeaseStore(),
  };
  const deps = {
    ...stores,
    secrets,
    wecom,
    queues,
    clock,
    sleep: async () => undefined,
    blobs: new InMemoryBlobStore(),
    superAdminKeyHash: sha256Hex(SUPER_KEY),
    sessionKey: SESSION_KEY as string | undefined,
    // Webhook URLs: every target allowed (the SSRF guard has its own tests).
    webhookTargets: { problem: async () => undefined },
  };
  // The jobs route runs the schedules' own run functions on these fakes, as the handler wires them.
  const withJobs = { ...deps, jobs: jobRunners(deps) };
  // The fakes satisfy every port the use cases and the dispatcher name (checked here, not cast).
  const checked: UseCaseDeps & DispatchDeps = withJobs;
  void checked;
  return { corpId, clock, wecom, queues, secrets, blobs: deps.blobs, ...stores, deps: withJobs };
}

export type AdminFakes = Awaited<ReturnType<typeof adminFakes>>;

/**
 * The whole admin API on the fakes, as the handler runs it: the route table's dispatcher, an error turned
 * into its HTTP reply (shared/http/error-handler.ts). Paths are relative to the tenant
 * (`/channels` is `/admin/v1/tenants/<corp>/channels`, another tenant with `corpId`); the key defaults to the
 * super-admin's; a string body is sent as it is; `language` is sent as `Accept-Language` (none: the zh-CN default);
 * `headers` adds request headers.
 */
export function adminCall(f: AdminFakes) {
  // AdminDeps names the Dynamo classes of the store factory; the fakes stand for their ports (checked in adminFakes).
  const api = makeAdminApi(f.deps as unknown as AdminDeps);
  return async (
    method: string,
    path: string,
    o: { body?: unknown; query?: Record<string, string>; key?: string; corpId?: string; language?: string; headers?: Record<string, string> } = {},
  ) => {
    const event = apiEvent({
      method,
      path: `/admin/v1/tenants/${o.corpId ?? f.corpId}${path}`,
      headers: {
        authorization: `Bearer ${o.key ?? SUPER_KEY}`,
        'content-type': 'application/json',
        ...(o.language ? { 'accept-language': o.language } : {}),
        ...o.headers,
      },
      ...(o.query ? { query: o.query } : {}),
      ...(o.body === undefined ? {} : { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) }),
    });
    const res = await api(event).catch((e: unknown) => toHttpError(e, languageOf(event)));
    const text = String(res.body ?? '');
    const json = String(res.headers?.['content-type'] ?? '').startsWith('application/json') && text !== '';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads the reply's fields freely
    return { status: res.statusCode ?? 200, headers: res.headers ?? {}, body: (json ? JSON.parse(text) : text) as any };
  };
}
