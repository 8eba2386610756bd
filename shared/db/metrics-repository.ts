// Daily metrics (one partition per tenant and day, one item per dimension, plus the running totals),
// cohort contributions (one partition per dimension, one item per cohort day and event day) and the
// tenant's metric settings. Every write is a plain put of a value computed from the day's records, so a
// re-run of a day overwrites what it wrote before and changes nothing else.
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from './batch';
import type { CohortContribution, DailyMetrics, DimensionKind, RfmThresholds, Totals } from '../domain/metrics';
import { keys, recordOf } from './keys';
import { queryCount, queryPages } from './query-all';

type Item = Record<string, unknown>;

export interface MetricsStore {
  /** The day's rows and running totals (none: the totals are unknown and nothing is stored for them). */
  putDaily(corpId: string, day: string, rows: readonly DailyMetrics[], totals: Totals | undefined): Promise<void>;
  daily(corpId: string, days: readonly string[], kind: DimensionKind): Promise<DailyMetrics[]>;
  totals(corpId: string, day: string): Promise<Totals | undefined>;
  putContributions(corpId: string, dimension: string, rows: readonly CohortContribution[]): Promise<void>;
  contributions(corpId: string, dimension: string, fromCohortDay: string, toCohortDay: string): Promise<CohortContribution[]>;
  settings(corpId: string): Promise<{ rfm?: RfmThresholds | undefined }>;
  putSettings(corpId: string, settings: { rfm: RfmThresholds }, at: number): Promise<void>;
}

export class DynamoMetricsStore implements MetricsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putDaily(corpId: string, day: string, rows: readonly DailyMetrics[], totals: Totals | undefined): Promise<void> {
    const pk = keys.metricsDay(corpId, day);
    await batchPutAll(this.doc, this.tableName, [
      ...rows.map((r) => ({ pk, sk: r.dimension, entity: 'dailyMetrics', v: 1, tenantId: corpId, ...r })),
      ...(totals ? [{ pk, sk: 'TOTALS', entity: 'metricTotals', v: 1, tenantId: corpId, ...totals }] : []),
    ]);
  }

  async daily(corpId: string, days: readonly string[], kind: DimensionKind): Promise<DailyMetrics[]> {
    const rows: DailyMetrics[] = [];
    for (const day of days) {
      const query = {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.metricsDay(corpId, day), ':s': kind === 'tenant' ? 'tenant' : `${kind}#` },
      };
      for await (const page of queryPages(this.doc, query)) for (const i of page.Items ?? []) rows.push(recordOf<DailyMetrics>(i));
    }
    return rows;
  }

  async totals(corpId: string, day: string): Promise<Totals | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.metricsDay(corpId, day), sk: 'TOTALS' }, ConsistentRead: true }));
    return out.Item ? { customers: Number(out.Item.customers) } : undefined;
  }

  async putContributions(corpId: string, dimension: string, rows: readonly CohortContribution[]): Promise<void> {
    const pk = keys.cohorts(corpId, dimension);
    await batchPutAll(this.doc, this.tableName, rows.map((r) => ({ pk, sk: `${r.cohortDay}#${r.eventDay}`, entity: 'cohortContribution', v: 1, tenantId: corpId, ...r })));
  }

  async contributions(corpId: string, dimension: string, fromCohortDay: string, toCohortDay: string): Promise<CohortContribution[]> {
    const rows: CohortContribution[] = [];
    const query = {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':p': keys.cohorts(corpId, dimension), ':lo': `${fromCohortDay}#`, ':hi': `${toCohortDay}#~` },
      ConsistentRead: true,
    };
    for await (const page of queryPages(this.doc, query)) for (const i of page.Items ?? []) rows.push(recordOf<CohortContribution>(i));
    return rows;
  }

  async settings(corpId: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.metricSettings(corpId) }));
    return out.Item ? { rfm: out.Item.rfm as RfmThresholds | undefined } : {};
  }

  async putSettings(corpId: string, settings: { rfm: RfmThresholds }, at: number): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.metricSettings(corpId), entity: 'metricSettings', v: 1, tenantId: corpId, ...settings, updatedAt: at } }));
  }
}

/** Active follows of these staff members (GSI1 followsOfStaff, counted): seeds a tenant's first running total. */
export async function countActiveFollows(doc: DynamoDBDocumentClient, tableName: string, corpId: string, userIds: readonly string[]): Promise<number> {
  let n = 0;
  for (const userId of userIds) {
    n += await queryCount(doc, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      FilterExpression: '#s = :active',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': keys.followsOfStaff(corpId, userId), ':active': 'active' },
    });
  }
  return n;
}
