// The admin API's DynamoDB stores on the single table (part of the composition root; no logic).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { channelContext } from './channel-context';
import { outreachStores } from './outreach-context';
import { metricsStores } from './metrics-context';
import { momentStores } from './moments-context';
import { DynamoApiKeyStore } from '../db/api-key-repository';
import { DynamoArchiveStore } from '../db/archive-repository';
import { DynamoAuditLog } from '../db/audit-repository';
import { DynamoEventLog } from '../db/event-log-repository';
import { DynamoKeywordRuleStore } from '../db/keyword-rule-repository';
import { DynamoLedgerStore } from '../db/ledger-repository';
import { DynamoQuickReplyStore } from '../db/quick-reply-repository';
import { DynamoReconcileReportStore } from '../db/reconcile-repository';
import { DynamoSensitiveWordStore } from '../db/sensitive-word-repository';

export function adminStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    apiKeys: new DynamoApiKeyStore(doc, tableName),
    ...channelContext(doc, tableName),
    auditLog: new DynamoAuditLog(doc, tableName),
    eventLog: new DynamoEventLog(doc, tableName),
    keywordRules: new DynamoKeywordRuleStore(doc, tableName),
    archive: new DynamoArchiveStore(doc, tableName),
    ledger: new DynamoLedgerStore(doc, tableName),
    sensitiveWords: new DynamoSensitiveWordStore(doc, tableName),
    quickReplies: new DynamoQuickReplyStore(doc, tableName),
    reconcileReports: new DynamoReconcileReportStore(doc, tableName),
    // ── #5 jobs stores ──
    // ── #5 outreach stores ──
    ...outreachStores(doc, tableName),
    // ── #5 moments stores ──
    ...momentStores(doc, tableName),
    // ── #5 metrics stores ──
    ...metricsStores(doc, tableName),
  };
}
