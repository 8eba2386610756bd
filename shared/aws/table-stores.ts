// Every DynamoDB repository on the single table, built in one place (the composition root's store half;
// the WeCom-facing half is wecom-deps.ts). Handlers and tests pick the stores they need from it.
// Constructing a store only keeps the client and the table name, so building all of them at cold start
// costs nothing measurable.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoApiKeyStore } from '../db/api-key-repository';
import { DynamoArchiveCursorStore, DynamoArchiveStore, DynamoConsentStore } from '../db/archive-repository';
import { DynamoArchiveSecretsStore } from '../db/archive-secret-repository';
import { DynamoAuditLog } from '../db/audit-repository';
import { DynamoBroadcastStore } from '../db/broadcast-repository';
import { DynamoChannelActivityStore } from '../db/channel-activity-repository';
import { DynamoChannelStore } from '../db/channel-repository';
import { DynamoCustomerFieldStore } from '../db/customer-field-repository';
import { DynamoCustomerStore } from '../db/customer-repository';
import { DynamoDueStore } from '../db/due-repository';
import { DynamoEventLog } from '../db/event-log-repository';
import { DynamoFollowStore } from '../db/follow-repository';
import { DynamoGroupCodeStore, DynamoGroupWelcomeTemplateStore } from '../db/group-code-repository';
import { DynamoGroupStore } from '../db/group-repository';
import { DynamoKeywordRuleStore } from '../db/keyword-rule-repository';
import { DynamoKfStore } from '../db/kf-repository';
import { DynamoLeaseStore } from '../db/lease-repository';
import { DynamoLedgerStore } from '../db/ledger-repository';
import { DynamoMaterialStore } from '../db/material-repository';
import { DynamoMetricsStore } from '../db/metrics-repository';
import { DynamoMomentStore } from '../db/moment-repository';
import { DynamoOperationLog } from '../db/operation-log-repository';
import { DynamoOrderStore, DynamoSpendStore } from '../db/order-repository';
import { personalDataContributors } from '../db/personal-data-repository';
import { DynamoQuickReplyStore } from '../db/quick-reply-repository';
import { DynamoQuotaLedger } from '../db/quota-ledger-repository';
import { DynamoRateBudgetStore } from '../db/rate-budget-repository';
import { DynamoReconcileReportStore } from '../db/reconcile-repository';
import { DynamoSessionStore } from '../db/session-repository';
import { DynamoSensitiveWordStore } from '../db/sensitive-word-repository';
import { DynamoSopStore } from '../db/sop-repository';
import { DynamoStaffStore } from '../db/staff-repository';
import { DynamoTagStore } from '../db/tag-repository';
import { DynamoTenantStore } from '../db/tenant-repository';
import type { TenantStore } from '../tenants/tenant';
import { DynamoTransferStore } from '../db/transfer-repository';
import { DynamoWebhookStore } from '../db/webhook-repository';

export function tableStores(doc: DynamoDBDocumentClient, table: string) {
  return {
    // tenants and their keys
    tenants: new DynamoTenantStore(doc, table) as TenantStore, // the port: wecom-deps.ts puts a cache in front
    apiKeys: new DynamoApiKeyStore(doc, table),
    sessions: new DynamoSessionStore(doc, table),
    rateBudget: new DynamoRateBudgetStore(doc, table),
    // the event log and the audit trail
    eventLog: new DynamoEventLog(doc, table),
    auditLog: new DynamoAuditLog(doc, table),
    operationLog: new DynamoOperationLog(doc, table),
    // customers, staff, tags
    follows: new DynamoFollowStore(doc, table),
    customerRecords: new DynamoCustomerStore(doc, table),
    staffRegistry: new DynamoStaffStore(doc, table),
    tagMirror: new DynamoTagStore(doc, table),
    // custom fields and stages (shared/db/customer-field-repository.ts)
    customerFields: new DynamoCustomerFieldStore(doc, table),
    // channels (contact ways)
    channels: new DynamoChannelStore(doc, table),
    activity: new DynamoChannelActivityStore(doc, table),
    // groups
    groups: new DynamoGroupStore(doc, table),
    groupCodes: new DynamoGroupCodeStore(doc, table),
    groupWelcomeTemplates: new DynamoGroupWelcomeTemplateStore(doc, table),
    // keywords, customer service (kf), quick replies
    keywordRules: new DynamoKeywordRuleStore(doc, table),
    kf: new DynamoKfStore(doc, table),
    quickReplies: new DynamoQuickReplyStore(doc, table),
    // the chat archive
    archive: new DynamoArchiveStore(doc, table),
    archiveCursors: new DynamoArchiveCursorStore(doc, table),
    archiveSecrets: new DynamoArchiveSecretsStore(doc, table),
    consent: new DynamoConsentStore(doc, table),
    ledger: new DynamoLedgerStore(doc, table),
    sensitiveWords: new DynamoSensitiveWordStore(doc, table),
    // outreach
    quota: new DynamoQuotaLedger(doc, table),
    broadcasts: new DynamoBroadcastStore(doc, table),
    sopPlans: new DynamoSopStore(doc, table),
    moments: new DynamoMomentStore(doc, table),
    // the material library (metadata; originals in S3)
    materials: new DynamoMaterialStore(doc, table),
    // metrics
    orders: new DynamoOrderStore(doc, table),
    spend: new DynamoSpendStore(doc, table),
    metrics: new DynamoMetricsStore(doc, table),
    reconcileReports: new DynamoReconcileReportStore(doc, table),
    // inheritance (离职/在职继承)
    transfers: new DynamoTransferStore(doc, table),
    // scheduling
    due: new DynamoDueStore(doc, table),
    leases: new DynamoLeaseStore(doc, table),
    // outbound webhooks
    webhooks: new DynamoWebhookStore(doc, table),
    // personal data (PIPL): every store keyed by external_userid, as export/erase contributors
    personalData: personalDataContributors(doc, table),
  };
}

export type TableStores = ReturnType<typeof tableStores>;
