// Reconcile reports on the single table: one item per run under the tenant (keys.reconcileRun), so a
// re-run of the same day keeps the first run's fixes next to its own.
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FixCounts, FixKind } from '../domain/reconcile';
import { keys, recordOf, tenantPrefix } from './keys';

export interface ReconcileReport {
  corpId: string;
  /** The Shanghai day of the run. */
  day: string;
  /** Unix seconds of the run (also the CreateTime of its synthetic events). */
  at: number;
  /** When the run happened (epoch ms, the clock's, also for a run "as of" another time). */
  ranAtMs: number;
  counts: FixCounts;
  fixed: Array<{ kind: FixKind; ids: string[] }>;
  /** Synthetic events recorded by this run (an event already logged by an earlier run of the day is not). */
  recorded: number;
  /** Queue deliveries made (event × concern). */
  delivered: number;
  /** Sections WeCom refused to list (errcode): nothing was concluded about them. */
  unread: Array<{ section: string; userId?: string | undefined; error: string }>;
}

export interface ReconcileReportStore {
  put(r: ReconcileReport): Promise<void>;
  /** Newest first. */
  latest(corpId: string, limit: number): Promise<ReconcileReport[]>;
}

export class DynamoReconcileReportStore implements ReconcileReportStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(r: ReconcileReport): Promise<void> {
    const item = { ...keys.reconcileRun(r.corpId, r.day, r.ranAtMs), entity: 'reconcile', v: 1, tenantId: r.corpId, ...r };
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: JSON.parse(JSON.stringify(item)) as Record<string, unknown> }));
  }

  async latest(corpId: string, limit: number): Promise<ReconcileReport[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': tenantPrefix(corpId), ':s': 'RECONCILE#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<ReconcileReport>(i));
  }
}
