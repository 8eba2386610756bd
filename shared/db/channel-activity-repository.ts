// A channel's adds and deletions: once-only markers and counters written in one transaction, so a
// redelivered event never counts twice (docs/wecom.md#auto-accept: counters keyed by external_userid).
// Why the transaction stays (docs/architecture.md#cost-per-add): the marker decides "first time"; the
// per-staff day counter (the daily cap) and the day stats must move exactly when it is written: written
// apart, a crash between them would lose a count forever (the redelivery finds the marker) or, retried
// without the marker, count twice. What need not commit with them is gone: the channel's all-time
// total is the sum of its day items, read when asked (admin reads are rare; every add and deletion paid
// two write units for a TOTAL item). Adds: 3 items (6 write units, was 4 items, 8); deletions: 2 (4, was 6).
import { type Clock, systemClock, epochSeconds } from '../clock';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChannelActivityStore, ChannelAdd, ChannelDayStats, ChannelDeletion, ChannelStats } from '../channels/channel-activity';
import { keys } from './keys';

/** Day counters and markers are only needed for caps and late duplicates; stats items are kept. */
const DAY_ITEM_TTL_SECONDS = 40 * 86_400;

type Counter = 'adds' | 'deletions' | 'deletedByStaff' | 'deletedByCustomer';

export class DynamoChannelActivityStore implements ChannelActivityStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock = systemClock,
  ) {}

  recordAdd(a: ChannelAdd): Promise<'counted' | 'duplicate'> {
    return this.count(a, keys.channelDayAdd(a.userId, a.externalUserId), ['adds'], true);
  }

  recordDeletion(d: ChannelDeletion): Promise<'counted' | 'duplicate'> {
    const by: Counter = d.by === 'staff' ? 'deletedByStaff' : 'deletedByCustomer';
    return this.count(d, keys.channelDayDeletion(d.eventKey), ['deletions', by], false);
  }

  private async count(
    e: { corpId: string; channelId: string; day: string; userId: string; externalUserId: string },
    markerSk: string,
    counters: Counter[],
    perStaff: boolean,
  ): Promise<'counted' | 'duplicate'> {
    const dayPk = keys.channelDay(e.corpId, e.channelId, e.day);
    const statsPk = keys.channelStats(e.corpId, e.channelId);
    const ttl = epochSeconds(this.clock.now()) + DAY_ITEM_TTL_SECONDS;
    const add = (extra: string) => ({
      UpdateExpression: `ADD ${counters.map((c, i) => `${c} :one${i}`).join(', ')} SET entity = :e, tenantId = :t${extra}`,
      ExpressionAttributeValues: {
        ...Object.fromEntries(counters.map((_, i) => [`:one${i}`, 1])),
        ':e': 'channelStats',
        ':t': e.corpId,
      } as Record<string, unknown>,
    });
    const perDay = add(', #day = :day');
    perDay.ExpressionAttributeValues[':day'] = e.day;
    const staff = {
      UpdateExpression: 'ADD adds :one SET entity = :e, tenantId = :t, userId = :u, #ttl = :ttl',
      ExpressionAttributeValues: { ':one': 1, ':e': 'channelDayStaff', ':t': e.corpId, ':u': e.userId, ':ttl': ttl },
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: dayPk, sk: markerSk, entity: 'channelDayMarker', tenantId: e.corpId, externalUserId: e.externalUserId, ttl },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Update: { TableName: this.tableName, Key: { pk: statsPk, sk: `DAY#${e.day}` }, ExpressionAttributeNames: { '#day': 'day' }, ...perDay } },
            ...(perStaff
              ? [
                  {
                    Update: {
                      TableName: this.tableName,
                      Key: { pk: dayPk, sk: keys.channelDayStaff(e.userId) },
                      ExpressionAttributeNames: { '#ttl': 'ttl' },
                      ...staff,
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return 'counted';
    } catch (err) {
      if (err instanceof TransactionCanceledException && err.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
      throw err;
    }
  }

  async addsOn(corpId: string, channelId: string, day: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.channelDay(corpId, channelId, day), ':s': keys.channelDayStaff('') },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) out[String(i.userId)] = Number(i.adds ?? 0);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** All-time totals: the sum of the day items (a TOTAL item written by older versions is not read). */
  async total(corpId: string, channelId: string): Promise<ChannelStats['total']> {
    const sum: Record<Counter, number> = { adds: 0, deletions: 0, deletedByStaff: 0, deletedByCustomer: 0 };
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)',
          ExpressionAttributeValues: { ':p': keys.channelStats(corpId, channelId), ':d': 'DAY#' },
          ProjectionExpression: 'adds, deletions, deletedByStaff, deletedByCustomer',
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) for (const k of Object.keys(sum) as Counter[]) sum[k] += Number(i[k] ?? 0);
      start = page.LastEvaluatedKey;
    } while (start);
    return statsRow(sum);
  }

  async stats(corpId: string, channelId: string, range: { fromDay: string; toDay: string }): Promise<ChannelStats> {
    const [total, days] = await Promise.all([
      this.total(corpId, channelId),
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: { ':p': keys.channelStats(corpId, channelId), ':a': `DAY#${range.fromDay}`, ':b': `DAY#${range.toDay}` },
        }),
      ),
    ]);
    return { total, days: (days.Items ?? []).map((i): ChannelDayStats => ({ day: String(i.day), ...statsRow(i) })) };
  }
}

function statsRow(i: Record<string, unknown> | undefined): ChannelStats['total'] {
  const n = (k: Counter) => Number(i?.[k] ?? 0);
  return {
    adds: n('adds'),
    deletions: n('deletions'),
    deletedByStaff: n('deletedByStaff'),
    deletedByCustomer: n('deletedByCustomer'),
    net: n('adds') - n('deletions'),
  };
}
