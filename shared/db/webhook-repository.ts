// Webhook subscriptions, recorded events and deliveries on the single table (keys.webhook*). Events and
// deliveries expire after 30 days (TTL): the delivery log and the replay window reach that far back.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { WebhookDelivery, WebhookEvent, WebhookStore, WebhookSubscription } from '../webhooks/webhook';
import { eventTimeOf } from '../webhooks/ids';
import { keys, recordOf, tenantPrefix } from './keys';
import { queryAll } from './query-all';

const KEEP_SECONDS = 30 * 86_400;

export class DynamoWebhookStore implements WebhookStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async putOnce(item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') return false;
      throw e;
    }
  }

  async putSubscription(s: WebhookSubscription): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.webhook(s.corpId, s.id), entity: 'webhook', v: 1, tenantId: s.corpId, ...s } }),
    );
  }

  async getSubscription(corpId: string, id: string): Promise<WebhookSubscription | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.webhook(corpId, id), ConsistentRead: true }));
    return out.Item ? recordOf<WebhookSubscription>(out.Item) : undefined;
  }

  async listSubscriptions(corpId: string): Promise<WebhookSubscription[]> {
    return (await queryAll(this.doc, this.tableName, tenantPrefix(corpId), 'WEBHOOK#', { consistent: true })).map((i) => recordOf<WebhookSubscription>(i));
  }

  async deleteSubscription(corpId: string, id: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.webhook(corpId, id) }));
  }

  async recordEvent(e: WebhookEvent): Promise<boolean> {
    const ttl = Math.floor(e.occurredAt / 1000) + KEEP_SECONDS;
    return this.putOnce({ ...keys.webhookEvent(e.corpId, e.occurredAt, e.id), entity: 'webhookEvent', v: 1, tenantId: e.corpId, ttl, ...e });
  }

  async getEvent(corpId: string, id: string): Promise<WebhookEvent | undefined> {
    const at = eventTimeOf(id);
    if (at === undefined) return undefined;
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.webhookEvent(corpId, at, id), ConsistentRead: true }));
    return out.Item ? recordOf<WebhookEvent>(out.Item) : undefined;
  }

  async eventsBetween(corpId: string, from: number, to: number, limit: number): Promise<WebhookEvent[]> {
    const out: WebhookEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
          ExpressionAttributeValues: {
            ':p': keys.webhookEvents(corpId),
            ':a': String(from).padStart(13, '0'),
            // `#` sorts before digits: every event at to-1 ms, none at `to`.
            ':b': `${String(to - 1).padStart(13, '0')}#~`,
          },
          Limit: limit - out.length,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []).map((i) => recordOf<WebhookEvent>(i)));
      start = page.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }

  async createDelivery(d: WebhookDelivery): Promise<boolean> {
    return this.putOnce(this.deliveryItem(d));
  }

  async getDelivery(corpId: string, subscriptionId: string, id: string): Promise<WebhookDelivery | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.webhookDelivery(corpId, subscriptionId, id), ConsistentRead: true }));
    return out.Item ? recordOf<WebhookDelivery>(out.Item) : undefined;
  }

  async updateDelivery(d: WebhookDelivery): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.deliveryItem(d) }));
  }

  async listDeliveries(corpId: string, subscriptionId: string, limit: number): Promise<WebhookDelivery[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.webhookDelivery(corpId, subscriptionId, '').pk, ':s': 'DLV#' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<WebhookDelivery>(i));
  }

  private deliveryItem(d: WebhookDelivery): Record<string, unknown> {
    const ttl = Math.floor(Date.parse(d.createdAt) / 1000) + KEEP_SECONDS;
    return { ...keys.webhookDelivery(d.corpId, d.subscriptionId, d.id), entity: 'webhookDelivery', v: 1, tenantId: d.corpId, ttl, ...d };
  }
}
