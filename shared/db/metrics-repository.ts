// Daily metrics (one partition per tenant and day: one item per dimension, the day's stocks and the list of
// cohort contributions it wrote), cohort contributions (one partition per dimension, one item per cohort day
// and event day), the tenant's metric settings and RFM bookkeeping. A re-run of a day replaces exactly what
// the earlier run wrote: same items overwritten, items it no longer computes removed.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchDeleteAll, batchPutAll } from './batch';
import type { CohortContribution, DailyMetrics, DimensionKind, RfmThresholds, Stocks } from '../domain/metrics';
import { keys, recordOf } from './keys';
import { queryPages } from './query-all';

export interface MetricsStore {
  /**
   * Stores the day's cohort contributions (one item per dimension and cohort day) and removes those an
   * earlier run of the day wrote that this one did not (a re-run leaves exactly what it computed).
   */
  replaceContributions(corpId: string, day: string, rows: ReadonlyArray<CohortContribution & { dimension: string }>): Promise<void>;
  /** Stores the day's rows and stocks; rows of dimensions an earlier run wrote and this one did not are removed. */
  replaceDay(corpId: string, day: string, rows: readonly DailyMetrics[], stocks: Stocks): Promise<void>;
  daily(corpId: string, days: readonly string[], kind: DimensionKind): Promise<DailyMetrics[]>;
  /** Every dimension's stock at the end of the day, when that day was rolled up (or walked through). */
  stocks(corpId: string, day: string): Promise<Stocks | undefined>;
  /** Stores a day's stocks alone (a walk through days that were never rolled up). */
  putStocks(corpId: string, day: string, stocks: Stocks): Promise<void>;
  contributions(corpId: string, dimension: string, fromCohortDay: string, toCohortDay: string): Promise<CohortContribution[]>;
  settings(corpId: string): Promise<{ rfm?: RfmThresholds | undefined; updatedAt?: number | undefined }>;
  putSettings(corpId: string, settings: { rfm: RfmThresholds }, at: number): Promise<void>;
  /** RFM bookkeeping: the latest day classes are as of, and the thresholds' updatedAt they were computed with. */
  rfmState(corpId: string): Promise<{ asOf?: string | undefined; thresholdsAt?: number | undefined }>;
  putRfmState(corpId: string, state: { asOf: string; thresholdsAt: number }): Promise<void>;
  /** Days from `day` on need rolling up again (orders or spend arrived for them): keeps the earliest such day. */
  markDirty(corpId: string, day: string): Promise<void>;
  dirtyFrom(corpId: string): Promise<string | undefined>;
  /** After rolling up from `was`: the next day still to do, or none; a no-op if an earlier day was marked meanwhile. */
  settleDirty(corpId: string, was: string, next: string | undefined): Promise<void>;
}

const STOCKS = 'STOCKS';
const MANIFEST = 'CONTRIBUTIONS';

export class DynamoMetricsStore implements MetricsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async replaceContributions(corpId: string, day: string, rows: ReadonlyArray<CohortContribution & { dimension: string }>): Promise<void> {
    const pk = keys.metricsDay(corpId, day);
    const before = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk: MANIFEST }, ConsistentRead: true }));
    const written = rows.map((r) => `${r.dimension}|${r.cohortDay}`);
    await batchPutAll(
      this.doc,
      this.tableName,
      rows.map(({ dimension, ...r }) => ({
        pk: keys.cohorts(corpId, dimension),
        sk: `${r.cohortDay}#${r.eventDay}`,
        entity: 'cohortContribution',
        v: 1,
        tenantId: corpId,
        ...r,
      })),
    );
    const keep = new Set(written);
    const stale = ((before.Item?.keys as string[] | undefined) ?? []).filter((k) => !keep.has(k));
    await batchDeleteAll(
      this.doc,
      this.tableName,
      stale.map((k) => {
        const [dimension, cohortDay] = [k.slice(0, k.lastIndexOf('|')), k.slice(k.lastIndexOf('|') + 1)];
        return { pk: keys.cohorts(corpId, dimension), sk: `${cohortDay}#${day}` };
      }),
    );
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { pk, sk: MANIFEST, entity: 'cohortManifest', v: 1, tenantId: corpId, keys: written } }),
    );
  }

  async replaceDay(corpId: string, day: string, rows: readonly DailyMetrics[], stocks: Stocks): Promise<void> {
    const pk = keys.metricsDay(corpId, day);
    const existing = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      }),
    );
    await batchPutAll(this.doc, this.tableName, [
      ...rows.map((r) => ({ pk, sk: r.dimension, entity: 'dailyMetrics', v: 1, tenantId: corpId, ...r })),
      this.stocksItem(corpId, day, stocks),
    ]);
    const keep = new Set([...rows.map((r) => r.dimension), STOCKS, MANIFEST]);
    await batchDeleteAll(
      this.doc,
      this.tableName,
      (existing.Items ?? [])
        .map((i) => String(i.sk))
        .filter((sk) => !keep.has(sk))
        .map((sk) => ({ pk, sk })),
    );
  }

  private stocksItem(corpId: string, day: string, stocks: Stocks) {
    return { pk: keys.metricsDay(corpId, day), sk: STOCKS, entity: 'metricStocks', v: 1, tenantId: corpId, stocks };
  }

  async stocks(corpId: string, day: string): Promise<Stocks | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: keys.metricsDay(corpId, day), sk: STOCKS }, ConsistentRead: true }));
    return out.Item ? (out.Item.stocks as Stocks) : undefined;
  }

  async putStocks(corpId: string, day: string, stocks: Stocks): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.stocksItem(corpId, day, stocks) }));
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
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.metricSettings(corpId), ConsistentRead: true }));
    return out.Item ? { rfm: out.Item.rfm as RfmThresholds | undefined, updatedAt: out.Item.updatedAt as number | undefined } : {};
  }

  async rfmState(corpId: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.rfmState(corpId), ConsistentRead: true }));
    return out.Item ? { asOf: out.Item.asOf as string | undefined, thresholdsAt: out.Item.thresholdsAt as number | undefined } : {};
  }

  async markDirty(corpId: string, day: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rollupDirty(corpId),
          UpdateExpression: 'SET #f = :d, entity = :e, tenantId = :t',
          ConditionExpression: 'attribute_not_exists(#f) OR #f > :d',
          ExpressionAttributeNames: { '#f': 'from' },
          ExpressionAttributeValues: { ':d': day, ':e': 'rollupDirty', ':t': corpId },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async dirtyFrom(corpId: string): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.rollupDirty(corpId), ConsistentRead: true }));
    return typeof out.Item?.from === 'string' ? out.Item.from : undefined;
  }

  async settleDirty(corpId: string, was: string, next: string | undefined): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.rollupDirty(corpId),
          UpdateExpression: next ? 'SET #f = :n' : 'REMOVE #f',
          ConditionExpression: '#f = :w',
          ExpressionAttributeNames: { '#f': 'from' },
          ExpressionAttributeValues: next ? { ':w': was, ':n': next } : { ':w': was },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async putRfmState(corpId: string, state: { asOf: string; thresholdsAt: number }): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.rfmState(corpId), entity: 'rfmState', v: 1, tenantId: corpId, ...state } }),
    );
  }

  async putSettings(corpId: string, settings: { rfm: RfmThresholds }, at: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.metricSettings(corpId), entity: 'metricSettings', v: 1, tenantId: corpId, ...settings, updatedAt: at },
      }),
    );
  }
}
