// Composition of the metrics slice: its stores on the single table (also the admin API's), and everything
// the rollup needs (event log, archive, audit, follows, channels, staff, WeCom client, due markers and
// leases). Built once per container by the handlers.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { customerStores } from '../customers/stores';
import { DynamoArchiveStore } from '../db/archive-repository';
import { DynamoAuditLog } from '../db/audit-repository';
import { DynamoChannelStore } from '../db/channel-repository';
import { DynamoEventLog } from '../db/event-log-repository';
import { DynamoMetricsStore } from '../db/metrics-repository';
import { DynamoOrderStore, DynamoSpendStore } from '../db/order-repository';
import { scheduleStores } from './jobs-context';
import { wecomContext } from './wecom-context';

export function metricsStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    orders: new DynamoOrderStore(doc, tableName),
    spend: new DynamoSpendStore(doc, tableName),
    metrics: new DynamoMetricsStore(doc, tableName),
  };
}

/** The stores the rollup reads and writes, on the single table (also built by tests on DynamoDB Local). */
export function rollupStores(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    ...customerStores(doc, tableName),
    eventLog: new DynamoEventLog(doc, tableName),
    channels: new DynamoChannelStore(doc, tableName),
    archive: new DynamoArchiveStore(doc, tableName),
    auditLog: new DynamoAuditLog(doc, tableName),
    ...metricsStores(doc, tableName),
  };
}

/** What runRollup needs, from the environment. */
export function rollupContext() {
  const { doc, tableName, ...ctx } = wecomContext();
  return { ...ctx, ...rollupStores(doc, tableName), ...scheduleStores(doc, tableName) };
}
