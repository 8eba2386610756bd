// Orders (one item per order id, GSI1 by the Shanghai day paid), customers' order summaries (next to their
// follows, GSI1 by RFM class, with every order of the customer) and channel spend. An order is recorded once:
// its put and the summary's version-guarded write go in one transaction.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { RFM_CLASSES, type RfmClass } from '../domain/metrics';
import type { Order, OrderStore, OrderSummary, SpendStore } from '../orders/orders';
import { decodeCursor, encodeCursor } from './cursor';
import { batchGetAll } from './batch';
import { keys, recordOf } from './keys';
import { queryCount, queryPages } from './query-all';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const summaryOf = (i: Item): OrderSummary => recordOf<OrderSummary>(i);

export class DynamoOrderStore implements OrderStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(corpId: string, order: Order, summary: OrderSummary | undefined, previous: OrderSummary | undefined) {
    const TableName = this.tableName;
    const items: TransactItem[] = [
      {
        Put: {
          TableName,
          Item: {
            ...keys.order(corpId, order.orderId),
            gsi1pk: keys.ordersByDay(corpId, order.day),
            gsi1sk: keys.ordersByDaySort(order.paidAt, order.orderId),
            entity: 'order',
            v: 1,
            tenantId: corpId,
            ...order,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (summary && order.externalUserId) {
      items.push({
        Put: {
          TableName,
          Item: {
            ...keys.customerOrders(corpId, order.externalUserId),
            ...(summary.rfm ? { gsi1pk: keys.rfmClass(corpId, summary.rfm), gsi1sk: order.externalUserId } : {}),
            entity: 'orderSummary',
            v: 1,
            tenantId: corpId,
            ...summary,
          },
          ConditionExpression: previous ? 'version = :v' : 'attribute_not_exists(pk)',
          ...(previous ? { ExpressionAttributeValues: { ':v': previous.version } } : {}),
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'recorded' as const;
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e;
      const reasons = e.CancellationReasons ?? [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'exists' as const;
      if (reasons[1]?.Code === 'ConditionalCheckFailed') return 'conflict' as const;
      throw e;
    }
  }

  async summaries(corpId: string, externalUserIds: readonly string[]): Promise<Map<string, OrderSummary>> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      [...new Set(externalUserIds)].map((e) => keys.customerOrders(corpId, e)),
    );
    return new Map(items.map((item) => [String(item.externalUserId), summaryOf(item)]));
  }

  async ordersOfDay(corpId: string, day: string): Promise<Order[]> {
    const orders: Order[] = [];
    const query = {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.ordersByDay(corpId, day) },
    };
    for await (const page of queryPages(this.doc, query)) for (const i of page.Items ?? []) orders.push(recordOf<Order>(i));
    return orders;
  }

  async setRfm(corpId: string, externalUserId: string, cls: RfmClass, day: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.customerOrders(corpId, externalUserId),
          UpdateExpression: 'SET rfm = :c, rfmAsOf = :d, gsi1pk = :g, gsi1sk = :e',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(rfmAsOf) OR rfmAsOf <= :d)',
          ExpressionAttributeValues: { ':c': cls, ':d': day, ':g': keys.rfmClass(corpId, cls), ':e': externalUserId },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  rfmCount(corpId: string, cls: RfmClass): Promise<number> {
    return queryCount(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.rfmClass(corpId, cls) },
    });
  }

  async rfmMembers(corpId: string, cls: RfmClass, limit: number, cursor?: string) {
    // A cursor is the customer last read; the key is rebuilt for this tenant and class.
    const after = cursor ? decodeCursor('rfm', cursor).a : undefined;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.rfmClass(corpId, cls) },
        Limit: limit,
        ExclusiveStartKey: after === undefined ? undefined : { ...keys.customerOrders(corpId, after), gsi1pk: keys.rfmClass(corpId, cls), gsi1sk: after },
      }),
    );
    return {
      items: (out.Items ?? []).map(summaryOf),
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor('rfm', { a: String(out.LastEvaluatedKey.gsi1sk) }) } : {}),
    };
  }

  async classified(corpId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const cls of RFM_CLASSES) {
      const query = {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.rfmClass(corpId, cls) },
        ProjectionExpression: 'externalUserId',
      };
      for await (const page of queryPages(this.doc, query)) for (const i of page.Items ?? []) ids.push(String(i.externalUserId));
    }
    return ids;
  }
}

export class DynamoSpendStore implements SpendStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(corpId: string, channelId: string, day: string, amount: number, at: number): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.channelSpend(corpId, channelId, day), entity: 'channelSpend', v: 1, tenantId: corpId, channelId, day, amount, updatedAt: at },
      }),
    );
  }

  async get(corpId: string, channelId: string, day: string): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.channelSpend(corpId, channelId, day) }));
    return Number(out.Item?.amount ?? 0);
  }
}
